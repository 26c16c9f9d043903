/**
 * What an adapter hands the command parser: the words of a `/sar` line
 * (Slack) or a bot message (Teams), each with the platform mention it
 * stands for, if any. `M` is the adapter's own mention handle (a Slack user
 * id, a Teams mention entity); the parser only needs to know one is there.
 */
import { classifyName, type NameInput } from "../identity/names.js";

export interface CommandToken<M> {
  /** The word as the adapter shows it (e.g. `@dan.target`, `dan@example.com`, `sar123`). */
  text: string;
  /** Set when the word is a platform mention of a user. */
  mention?: M;
  /** Everything typed after this word, as the adapter renders it (newlines kept), trimmed. */
  rest: string;
}

/** A word that may name a person: a mention, a typed Okta name, or neither (`name` and `mention` both unset). */
export interface Named<M> {
  text: string;
  mention?: M;
  name?: NameInput;
}

/** The person a word names, if it names one; a mention always does. */
export function namedBy<M>(token: CommandToken<M>): Named<M> {
  if (token.mention !== undefined) return { text: token.text, mention: token.mention };
  const name = classifyName(token.text);
  return { text: token.text, ...(name !== null && { name }) };
}

export const namesSomeone = <M>(named: Named<M>): boolean => named.mention !== undefined || named.name !== undefined;
