/**
 * The answer to `audit export [since]` in Teams: a bot cannot put a file
 * into a Teams conversation without Microsoft Graph, so the admin gets a
 * one-time download link (bound to them, valid for minutes). The link is
 * shown as text (and as a button when it is https, which Teams requires).
 */
import type { AuditExportStart } from "../../../governance/audit/index.js";
import { card, heading, note, openUrl, plain, when } from "./card-kit.js";
import { renderReply, type Rendered } from "./render-reply.js";

/** Why the link is only handed out in a personal chat. */
export const PERSONAL_CHAT_ONLY =
  "Ask me for the audit export in a personal chat with me: the download link works once, and anyone who sees it in this conversation could use it first.";

export function renderAuditExport(started: AuditExportStart, options: { botHandle?: string } = {}): Rendered {
  if (started.kind === "refused") return renderReply(started.reply, options);
  if (started.kind === "file") {
    // Teams asks for links; a file answer means the core was called wrongly.
    return renderReply({ type: "error", code: "unavailable", message: "The audit export cannot be delivered as a file in Teams." }, options);
  }
  const span = started.since === null ? "the whole audit trail" : `the audit trail since ${when(started.since)}`;
  const text = `Audit export of ${span}: download it once, before ${when(started.expiresAt)}: ${started.url}`;
  return {
    card: card(
      [
        heading("Audit export ready"),
        note(`JSON Lines, one record per line, ${span}. The link works once and expires at ${when(started.expiresAt)}; it is tied to you and its use is audited.`, { subtle: true }),
        plain(started.url),
      ],
      { actions: [openUrl("Download (.jsonl)", started.url)], fallbackText: text },
    ),
    text,
  };
}
