/**
 * The launch form prefilled from a message (the message extension opened
 * from a message's `...` menu): the target from the message's first
 * @mention or else its first email address, the reason from its text with
 * a link back to it, and an incident reference when the text has one.
 */
import type { LaunchPrefill } from "../../../governance/core.js";
import { findIncidentRef } from "./command.js";
import { htmlToText, type Mention } from "./message-text.js";

export interface MessagePrefill {
  prefill: LaunchPrefill;
  /** The mentioned user the target came from, if any. */
  mention?: Mention;
}

const EMAIL = /[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+/;
const REASON_MAX = 1000;

function firstMention(mentions: unknown): Mention | undefined {
  if (!Array.isArray(mentions)) return undefined;
  for (const m of mentions.slice(0, 50)) {
    const user = (m as { mentioned?: { user?: { id?: unknown; displayName?: unknown } } } | null)?.mentioned?.user;
    if (typeof user?.id === "string" && user.id.length > 0 && user.id.length <= 200) {
      return { id: user.id, name: typeof user.displayName === "string" ? user.displayName.slice(0, 200) : user.id };
    }
  }
  return undefined;
}

function textOf(body: unknown): string {
  const b = body as { content?: unknown; contentType?: unknown } | null | undefined;
  if (typeof b?.content !== "string") return "";
  const content = b.content.slice(0, 20_000);
  return b.contentType === "text" ? content.trim() : htmlToText(content);
}

/** The prefill for a message payload (`value.messagePayload` of a message-context invoke). */
export function prefillFromMessage(payload: unknown): MessagePrefill {
  if (typeof payload !== "object" || payload === null) return { prefill: {} };
  const p = payload as { body?: unknown; mentions?: unknown; linkToMessage?: unknown };
  const text = textOf(p.body).replace(/\s+/g, " ");
  const mention = firstMention(p.mentions);
  const email = mention ? undefined : EMAIL.exec(text)?.[0];
  const link = typeof p.linkToMessage === "string" && /^https:\/\/\S{1,500}$/.test(p.linkToMessage) ? p.linkToMessage : undefined;
  const suffix = link ? ` (from ${link})` : "";
  const room = REASON_MAX - [...suffix].length;
  const chars = [...text];
  const cut = chars.length > room ? `${chars.slice(0, room - 1).join("")}…` : text;
  const reason = `${cut}${suffix}`.trim();
  const incidentRef = findIncidentRef(text);
  return {
    prefill: {
      ...(mention ? { target: `@${mention.name}` } : email ? { target: email } : {}),
      ...(reason && { reason }),
      ...(incidentRef && { incidentRef }),
    },
    ...(mention && { mention }),
  };
}
