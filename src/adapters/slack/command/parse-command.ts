/**
 * Reads the text of `/sar ...` (sent with `should_escape: true`, so a
 * mention arrives as `<@U123|name>` and an email as `<mailto:a@b|a@b>`).
 * Pure: the result says which core action to call, or what usage to show.
 */
import { parseTargetText } from "../../../governance/identity/parse-target-text.js";

export type LaunchCommand = { kind: "launch"; target?: string; reason?: string; incidentRef?: string };

export type SarCommand =
  | { kind: "help" }
  | { kind: "unknown"; word: string }
  | { kind: "usage"; subcommand: string; usage: string }
  | LaunchCommand
  | { kind: "status"; id: string }
  | { kind: "requests"; status?: string; user?: string }
  | { kind: "message"; requestId: string; text: string }
  | { kind: "watch"; id: string }
  | { kind: "whoami" }
  | { kind: "doctor" }
  | { kind: "link"; user: { userId: string; name?: string }; oktaLogin: string }
  | { kind: "audit"; target?: string }
  | { kind: "audit-export"; since?: string };

export const USAGES = {
  status: "status <sar… | req…>",
  requests: "requests [STATUS] [@user]",
  message: "message <req…> <text>",
  watch: "watch <sar… | req…>",
  whoami: "whoami",
  doctor: "doctor",
  link: "link @user <okta-login | 00u…>",
  audit: "audit [@user | sar… | req… | launch reference]",
  "audit-export": "audit export [since: 2026-11-01 | 24h | 7d]",
} as const;

type Subcommand = keyof typeof USAGES;

const SLACK_MENTION = /^<@([UW][A-Z0-9]{1,40})(?:\|([^<>|]{1,100}))?>$/;
// An incident or ticket key such as INC-4711 or SEC-12, offered as the form's incident reference.
const INCIDENT_KEY = /\b[A-Z][A-Z0-9]{1,9}-\d{1,10}\b/;

interface Token {
  text: string;
  end: number;
}

/** Whitespace-separated words; a `<...>` escape is one word even with spaces inside. */
function tokenize(text: string): Token[] {
  return [...text.matchAll(/<[^<>\n]*>|[^\s<]+(?:<[^\s]*)?/g)].map((m) => ({ text: m[0], end: (m.index ?? 0) + m[0].length }));
}

/** The original text after the first `count` tokens, trimmed (newlines inside kept). */
function restAfter(text: string, tokens: Token[], count: number): string {
  const last = tokens[count - 1];
  return last === undefined ? text.trim() : text.slice(last.end).trim();
}

function usage(subcommand: Subcommand): SarCommand {
  return { kind: "usage", subcommand, usage: USAGES[subcommand] };
}

const namesSomeone = (word: string) => parseTargetText(word, { platform: "slack", tenantId: "_" }) !== null;

/**
 * A launch as `/sar` reads it: `target` is the word naming the person under
 * review, `reason` the text that explains it, and the incident key (INC-4711)
 * comes from the reason. The message shortcut reads a message through this too.
 */
export function launchCommand(target: string | undefined, reason: string): LaunchCommand {
  const incidentRef = INCIDENT_KEY.exec(reason)?.[0];
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
  for (const { text: word } of tokenize(text)) {
    const bare = word.replace(AROUND_WORD, "");
    const named = parseTargetText(bare, { platform: "slack", tenantId: "_" });
    if (named?.kind === "chat-user") return bare;
    if (named !== null && other === undefined) other = bare;
  }
  return other;
}

/** Parses the command text; never throws. */
export function parseSarCommand(raw: unknown): SarCommand {
  const text = typeof raw === "string" ? raw : "";
  const tokens = tokenize(text);
  const first = tokens[0];
  if (first === undefined) return { kind: "help" };
  const word = first.text.toLowerCase();
  const args = tokens.slice(1).map((t) => t.text);

  switch (word) {
    case "help":
      return { kind: "help" };
    case "whoami":
      return args.length === 0 ? { kind: "whoami" } : usage("whoami");
    case "doctor":
      return args.length === 0 ? { kind: "doctor" } : usage("doctor");
    case "status":
    case "watch": {
      const id = args[0];
      return id !== undefined && args.length === 1 ? { kind: word, id } : usage(word);
    }
    case "requests": {
      if (args.length > 2) return usage("requests");
      let status: string | undefined;
      let user: string | undefined;
      for (const arg of args) {
        if (user === undefined && namesSomeone(arg)) user = arg;
        else if (status === undefined) status = arg;
        else return usage("requests");
      }
      return { kind: "requests", ...(status !== undefined && { status }), ...(user !== undefined && { user }) };
    }
    case "message": {
      const requestId = args[0];
      const body = restAfter(text, tokens, 2);
      return requestId !== undefined && body !== "" ? { kind: "message", requestId, text: body } : usage("message");
    }
    case "link": {
      const mention = SLACK_MENTION.exec(args[0] ?? "");
      const login = args[1];
      if (mention === null || login === undefined || args.length !== 2) return usage("link");
      return { kind: "link", user: { userId: mention[1] as string, ...(mention[2] !== undefined && { name: mention[2] }) }, oktaLogin: login };
    }
    case "audit":
      if (args[0]?.toLowerCase() === "export") return args.length <= 2 ? { kind: "audit-export", ...(args[1] !== undefined && { since: args[1] }) } : usage("audit-export");
      return args.length <= 1 ? { kind: "audit", ...(args[0] !== undefined && { target: args[0] }) } : usage("audit");
  }

  if (namesSomeone(first.text)) return launchCommand(first.text, restAfter(text, tokens, 1));
  return { kind: "unknown", word: first.text };
}
