/**
 * Reads the target a person typed in a command: a Slack escaped mention,
 * an email (plain or Slack's `<mailto:...>`), an Okta user id or a login.
 */
import type { ChatPlatform } from "../actor.js";
import { classifyName, isEmailAddress, MAX_NAME_LENGTH } from "./names.js";
import type { TargetInput } from "./types.js";

/** The workspace a mention was typed in; a mention names a user of that workspace only. */
export interface MentionContext {
  platform: ChatPlatform;
  tenantId: string;
}

// Slack escapes a user mention as <@U123> or <@U123|name>; ids are upper-case alphanumerics.
const SLACK_MENTION = /^<@([UW][A-Z0-9]{1,40})(?:\|([^<>|]{1,100}))?>$/;
const SLACK_MAILTO = /^<mailto:([^<>|]+)(?:\|([^<>|]*))?>$/;

/**
 * The target named by `text`, or null when it names nobody the bot can look
 * up (`<!channel>`, free text, quotes, over-long input). Mentions become
 * chat users of `where`'s workspace.
 */
export function parseTargetText(text: string, where: MentionContext): TargetInput | null {
  if (typeof text !== "string") return null;
  const trimmed = text.trim();
  // Beyond this nothing below can match; refusing early keeps regexes off huge input.
  if (trimmed.length === 0 || trimmed.length > MAX_NAME_LENGTH + 120) return null;

  const mention = SLACK_MENTION.exec(trimmed);
  if (mention !== null) {
    const [, userId, name] = mention;
    if (userId === undefined) return null;
    return {
      kind: "chat-user",
      user: { platform: where.platform, tenantId: where.tenantId, userId, ...(name !== undefined ? { displayName: name } : {}) },
    };
  }
  const mailto = SLACK_MAILTO.exec(trimmed);
  if (mailto !== null) {
    const address = mailto[1] ?? "";
    return isEmailAddress(address) ? { kind: "email", email: address } : null;
  }
  return classifyName(trimmed);
}
