/**
 * Splits the text of `/sar ...` into the words the core's one command parser
 * reads. The command is sent with `should_escape: true`, so a mention
 * arrives as `<@U123|name>` (kept as typed, marked as a mention) and an
 * email as `<mailto:a@b|a@b>` (read as the address). Pure.
 */
import { incidentRefIn, parseCommand, type CommandToken, type ParsedCommand } from "../../../governance/commands/index.js";
import { parseTargetText } from "../../../governance/identity/parse-target-text.js";

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
const WORD = /<[^<>\n]*>|[^\s<]+(?:<[^\s]*)?/g;

/** The words of `text` as the person typed them, escapes kept. */
export function slackTokens(text: string): CommandToken<SlackMention>[] {
  return [...text.matchAll(WORD)].map((m) => {
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

/** A launch read from running text: the target as typed, the reason, and the incident key found in it. */
export interface LaunchCommand {
  kind: "launch";
  target?: string;
  reason?: string;
  incidentRef?: string;
}

/**
 * A launch as `/sar` reads it, for text that is not a command line (the
 * message shortcut): `target` is the word naming the person under review,
 * `reason` the text that explains it, and the incident key (INC-4711)
 * comes from the reason by the core's rule.
 */
export function launchCommand(target: string | undefined, reason: string): LaunchCommand {
  const incidentRef = incidentRefIn(reason);
  return {
    kind: "launch",
    ...(target !== undefined && { target }),
    ...(reason !== "" && { reason }),
    ...(incidentRef !== undefined && { incidentRef }),
  };
}

// Punctuation around a word in running text ("for dan@example.com,"), never part of a name.
const AROUND_WORD = /^[("'[{]+|[)"'\]},.;:!?]+$/g;

/**
 * The person a message names, each word read as `/sar` reads its target: the
 * first user mention, else the first email (escaped or plain), login or Okta id.
 */
export function personNamedIn(text: string): string | undefined {
  let other: string | undefined;
  for (const [word] of text.matchAll(WORD)) {
    const bare = word.replace(AROUND_WORD, "");
    const named = parseTargetText(bare, { platform: "slack", tenantId: "_" });
    if (named?.kind === "chat-user") return bare;
    if (named !== null && other === undefined) other = bare;
  }
  return other;
}
