/**
 * The bot commands people type after @mentioning the bot (PRODUCT.md 4):
 * `sar @user reason`, `status <id>`, `requests [STATUS] [@user]`,
 * `message <id> <text>`, `watch <id>`, `whoami`, `link @user <login>`,
 * `audit [@user|id]`, `doctor`, `help`. A leading `sar` is accepted before any of
 * them, as in Slack (`sar status <id>`). Parsing never calls anything.
 */
import { mentionAt, showMentions, type Mention, type MessageText } from "./message-text.js";

/** A person named in a command: an @mention, or typed text (email, login, 00u… id). */
export type NamedPerson = { kind: "mention"; mention: Mention } | { kind: "text"; text: string };

export type TeamsCommand =
  | { kind: "launch"; target?: NamedPerson; reason?: string; incidentRef?: string }
  | { kind: "status"; id: string }
  | { kind: "requests"; status?: string; user?: NamedPerson }
  | { kind: "message"; id: string; text: string }
  | { kind: "watch"; id: string }
  | { kind: "whoami" }
  | { kind: "doctor" }
  | { kind: "help" }
  | { kind: "link"; user: Mention; login: string }
  | { kind: "audit"; target?: NamedPerson }
  /** `audit export [since]`: a one-time download link to the trail as JSON Lines. */
  | { kind: "audit-export"; since?: string }
  /** A known command used wrongly: `message` says how to use it. */
  | { kind: "usage"; message: string }
  | { kind: "unknown"; word: string };

const SUBCOMMANDS = ["status", "requests", "message", "watch", "whoami", "link", "audit", "doctor", "help"] as const;

/** An incident reference inside a reason, e.g. INC-4711 or SEC-12. */
const INCIDENT_REF = /\b[A-Z][A-Z0-9]{1,14}-\d{1,9}\b/;

/** The first incident-looking reference in `text`. */
export function findIncidentRef(text: string): string | undefined {
  return INCIDENT_REF.exec(text)?.[0];
}

class Words {
  constructor(private rest: string) {}

  next(): string | undefined {
    const match = /^\s*(\S+)/.exec(this.rest);
    if (!match) return undefined;
    this.rest = this.rest.slice(match[0].length);
    return match[1];
  }

  peek(): string | undefined {
    return /^\s*(\S+)/.exec(this.rest)?.[1];
  }

  remainder(): string {
    return this.rest.trim();
  }
}

function person(word: string | undefined, message: MessageText): NamedPerson | undefined {
  if (word === undefined) return undefined;
  const mention = mentionAt(word, message);
  return mention ? { kind: "mention", mention } : { kind: "text", text: word };
}

const usage = (message: string): TeamsCommand => ({ kind: "usage", message });

/** The command in a message (bot mention already removed). */
export function parseCommand(message: MessageText): TeamsCommand {
  const words = new Words(message.text);
  let first = words.next()?.toLowerCase();
  if (first === undefined) return { kind: "help" };
  if (first === "sar" && SUBCOMMANDS.includes(words.peek()?.toLowerCase() as (typeof SUBCOMMANDS)[number])) {
    first = words.next()?.toLowerCase();
  }
  switch (first) {
    case "sar": {
      const target = person(words.next(), message);
      const reason = showMentions(words.remainder(), message).trim();
      const incidentRef = findIncidentRef(reason);
      return { kind: "launch", ...(target && { target }), ...(reason && { reason }), ...(incidentRef && { incidentRef }) };
    }
    case "status":
    case "watch": {
      const id = words.next();
      if (id === undefined || words.remainder() !== "") return usage(`Usage: ${first} <sar… | req…>`);
      return { kind: first, id };
    }
    case "message": {
      const id = words.next();
      const text = showMentions(words.remainder(), message).trim();
      if (id === undefined || text === "") return usage("Usage: message <req…> <text>");
      return { kind: "message", id, text };
    }
    case "requests": {
      let status: string | undefined;
      let user: NamedPerson | undefined;
      for (let word = words.next(); word !== undefined; word = words.next()) {
        const mention = mentionAt(word, message);
        if (mention && user === undefined) user = { kind: "mention", mention };
        else if (!mention && word.includes("@") && user === undefined) user = { kind: "text", text: word };
        else if (!mention && status === undefined && user === undefined && /^[A-Za-z_]{1,30}$/.test(word)) status = word;
        else if (!mention && user === undefined && /^00u[A-Za-z0-9]{17}$/.test(word)) user = { kind: "text", text: word };
        else return usage("Usage: requests [STATUS] [@user]");
      }
      return { kind: "requests", ...(status && { status }), ...(user && { user }) };
    }
    case "whoami":
    case "help":
      return { kind: first };
    case "doctor":
      return words.remainder() === "" ? { kind: "doctor" } : usage("Usage: doctor");
    case "link": {
      const mention = mentionAt(words.next() ?? "", message);
      const login = words.next();
      if (!mention || login === undefined || words.remainder() !== "") return usage("Usage: link @user <okta-login | 00u…>");
      return { kind: "link", user: mention, login };
    }
    case "audit": {
      if (words.peek()?.toLowerCase() === "export") {
        words.next();
        const since = words.next();
        if (words.remainder() !== "") return usage("Usage: audit export [since: 2026-11-01 | 24h | 7d]");
        return { kind: "audit-export", ...(since !== undefined && { since }) };
      }
      const target = person(words.next(), message);
      if (words.remainder() !== "") return usage("Usage: audit [@user | sar… | req… | launch reference]");
      return { kind: "audit", ...(target && { target }) };
    }
    default:
      return { kind: "unknown", word: showMentions(first ?? "", message).slice(0, 40) };
  }
}
