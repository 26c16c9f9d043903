/**
 * Splits a message to the bot (its own mention already removed) into the
 * words the core's one command parser reads (PRODUCT.md 4): other users'
 * @mentions become mention words shown as `@name`. A leading `sar` is
 * accepted before any subcommand, as in Slack (`sar status <id>`).
 * Parsing never calls anything.
 */
import { incidentRefIn, parseCommand as parseWords, type CommandToken, type ParsedCommand } from "../../../governance/commands/index.js";
import { mentionAt, showMentions, type Mention, type MessageText } from "./message-text.js";

export type TeamsCommand = ParsedCommand<Mention>;

/** The first incident-looking reference in `text` (the core's rule, shared with Slack). */
export const findIncidentRef = incidentRefIn;

/** The message's words; a mention placeholder becomes a mention word shown as `@name`. */
export function teamsTokens(message: MessageText): CommandToken<Mention>[] {
  return [...message.text.matchAll(/\S+/g)].map((m) => {
    const word = m[0];
    const rest = showMentions(message.text.slice((m.index ?? 0) + word.length), message).trim();
    const mention = mentionAt(word, message);
    return mention === undefined ? { text: showMentions(word, message), rest } : { text: `@${mention.name}`, rest, mention };
  });
}

/** The command in a message (bot mention already removed). */
export function parseCommand(message: MessageText): TeamsCommand {
  return parseWords(teamsTokens(message), showMentions(message.text, message));
}
