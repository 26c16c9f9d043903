/**
 * Splits the text of `/sar ...` into the words the core's one command parser
 * reads. The command is sent with `should_escape: true`, so a mention
 * arrives as `<@U123|name>` (kept as typed, marked as a mention) and an
 * email as `<mailto:a@b|a@b>` (read as the address). Pure.
 */
import { parseCommand, type CommandToken, type ParsedCommand } from "../../../governance/commands/index.js";

/** A Slack user named by an escaped mention. */
export interface SlackMention {
  userId: string;
  name?: string;
}

export type SarCommand = ParsedCommand<SlackMention>;

// Slack escapes a user mention as <@U123> or <@U123|name>; ids are upper-case alphanumerics.
const SLACK_MENTION = /^<@([UW][A-Z0-9]{1,40})(?:\|([^<>|]{1,100}))?>$/;
const SLACK_MAILTO = /^<mailto:([^<>|]+)(?:\|([^<>|]*))?>$/;

/** Whitespace-separated words; a `<...>` escape is one word even with spaces inside. */
export function slackTokens(text: string): CommandToken<SlackMention>[] {
  return [...text.matchAll(/<[^<>\n]*>|[^\s<]+(?:<[^\s]*)?/g)].map((m) => {
    const word = m[0];
    const rest = text.slice((m.index ?? 0) + word.length).trim();
    const mention = SLACK_MENTION.exec(word);
    if (mention !== null) return { text: word, rest, mention: { userId: mention[1] as string, ...(mention[2] !== undefined && { name: mention[2] }) } };
    const mailto = SLACK_MAILTO.exec(word);
    return { text: mailto === null ? word : (mailto[1] as string), rest };
  });
}

/** Parses the command text; never throws. */
export function parseSarCommand(raw: unknown): SarCommand {
  const text = typeof raw === "string" ? raw : "";
  return parseCommand(slackTokens(text), text);
}
