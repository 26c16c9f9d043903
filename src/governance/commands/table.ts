/**
 * Every `/sar` subcommand, once: the words that select it, its grammar over
 * the words that follow, who may use it, its help line and usage hint, the
 * menus it appears in, and the core call it makes. `/sar help`, Slack's
 * `usage_hint` and Teams' command list come from here (`menus.ts`), and the
 * parser (`parse.ts`) serves both platforms. Adding a subcommand is one
 * entry here, its core call, and a renderer case per platform.
 */
import type { Actor, ConversationKey } from "../actor.js";
import type { GovernanceCore } from "../core.js";
import type { Action } from "../policy/index.js";
import type { HelpEntry, Reply } from "../replies.js";
import { REQUEST_STATUSES } from "../requests/statuses.js";
import type { Command, CommandKind } from "./command.js";
import { targetOf, type ResolvedMention } from "./resolve.js";
import { namedBy, namesSomeone, type CommandToken, type Named } from "./tokens.js";

/** The words after the subcommand's own. */
export interface CommandArgs<M> {
  tokens: readonly CommandToken<M>[];
  /** Everything after the subcommand's own words, trimmed. */
  rest: string;
}

/** Where the command was typed, for calls that keep posting there (watch). */
export interface CallContext {
  conversation: ConversationKey;
}

type Of<K extends CommandKind, M> = Extract<Command<M>, { kind: K }>;

export interface CommandSpec<K extends CommandKind> {
  kind: K;
  /** The words that select it after an optional leading `sar`; empty for the launch, which a named person selects. */
  words: readonly string[];
  /** Shown when it is used wrongly, without the `sar ` prefix. */
  usage: string;
  /** Its line in `/sar help` (the usage there starts with `sar`). */
  help: HelpEntry;
  /** Any one of these lets a person use it; empty means everybody. The core checks it (`authorize`); this is its documentation. */
  permission: readonly Action[];
  /** Its part of the Slack manifest's `usage_hint`, if it has one. */
  slackHint?: string;
  /** Its row in the Teams manifest's command list (Teams shows at most 10), if it has one. */
  teamsMenu?: string;
  /** The command, or null when the words do not fit its grammar. */
  parse<M>(args: CommandArgs<M>): Of<K, M> | null;
  /** The core call; absent when each adapter has its own flow (a file upload or a download link). */
  call?(core: GovernanceCore, actor: Actor, command: Of<K, ResolvedMention>, ctx: CallContext): Promise<Reply>;
}

type Table = { readonly [K in CommandKind]: CommandSpec<K> };

const none = <M>(args: CommandArgs<M>): boolean => args.tokens.length === 0;
const oneWord = <M>(args: CommandArgs<M>): string | null => (args.tokens.length === 1 ? (args.tokens[0]?.text ?? null) : null);
const STATUS_WORD = /^[A-Za-z_]{1,30}$/;
/** An incident or ticket key such as INC-4711 or SEC-12 (see `incidentRefIn`). */
const INCIDENT_KEY = /\b[A-Z][A-Z0-9]{1,14}-\d{1,10}\b/;

/**
 * The first incident or ticket key in a reason, offered as the form's
 * incident reference (PRODUCT.md 4.1). Keys of up to 15 characters before
 * the dash (Jira allows long project keys) and up to 10 digits after it
 * (ServiceNow-style counters) are both recognised: a key the responder
 * typed is never dropped, and the form shows it for correction.
 */
export function incidentRefIn(text: string): string | undefined {
  return INCIDENT_KEY.exec(text)?.[0];
}

function parseRequests<M>(args: CommandArgs<M>): Of<"requests", M> | null {
  if (args.tokens.length > 2) return null;
  let status: string | undefined;
  let user: Named<M> | undefined;
  for (const token of args.tokens) {
    const named = namedBy(token);
    // A word with an @ is meant as a person even when it names nobody: the call says so rather than reading it as a status.
    if (user === undefined && (namesSomeone(named) || token.text.includes("@"))) user = named;
    else if (status === undefined && STATUS_WORD.test(token.text)) status = token.text;
    else return null;
  }
  return { kind: "requests", ...(status !== undefined && { status }), ...(user !== undefined && { user }) };
}

function notAPerson(text: string): Reply {
  return { type: "error", code: "validation_failed", message: `"${text.slice(0, 60)}" does not name a user: use an @mention, an email address, an Okta login or an Okta user id (00u…).` };
}

export const COMMANDS: Table = {
  launch: {
    kind: "launch",
    words: [],
    usage: "sar <@user | email | login | 00u…> <reason>",
    help: {
      usage: "sar <@user | email | login | 00u…> <reason or incident reference>",
      description: "Launch a security access review on a user (opens the form; approval may be needed first).",
    },
    permission: ["sar.launch"],
    slackHint: "@user reason",
    teamsMenu: "sar @user <reason>: start a security access review on a user (opens the form)",
    parse(args) {
      const [first] = args.tokens;
      const target = first === undefined ? undefined : namedBy(first);
      const reason = first === undefined ? "" : first.rest;
      const incidentRef = incidentRefIn(reason);
      return { kind: "launch", ...(target !== undefined && { target }), ...(reason !== "" && { reason }), ...(incidentRef !== undefined && { incidentRef }) };
    },
    call: (core, actor, command) =>
      core.openLaunchForm(actor, {
        ...(command.target !== undefined && { target: command.target.text }),
        ...(command.reason !== undefined && { reason: command.reason }),
        ...(command.incidentRef !== undefined && { incidentRef: command.incidentRef }),
      }),
  },
  status: {
    kind: "status",
    words: ["status"],
    usage: "status <sar… | req…>",
    help: { usage: "sar status <sar… | req…>", description: "Show a security access review or an access request: status, people, timestamps, decisions." },
    permission: ["sar.read", "request.read"],
    slackHint: "status <id>",
    teamsMenu: "status <sar… | req…>: a review's or an access request's status",
    parse(args) {
      const id = oneWord(args);
      return id === null ? null : { kind: "status", id };
    },
    call: (core, actor, command) => core.status(actor, command.id),
  },
  requests: {
    kind: "requests",
    words: ["requests"],
    usage: "requests [STATUS] [@user]",
    help: {
      usage: "sar requests [STATUS] [@user]",
      description: `List recent access requests, newest first, optionally by status (${REQUEST_STATUSES.join(", ")}) and by the user they are for.`,
    },
    permission: ["request.read"],
    slackHint: "requests [STATUS] [@user]",
    teamsMenu: "requests [STATUS] [@user]: recent access requests",
    parse: parseRequests,
    call: async (core, actor, command) => {
      const user = command.user === undefined ? undefined : targetOf(command.user);
      if (command.user !== undefined && user === undefined) return notAPerson(command.user.text);
      return core.listRequests(actor, { ...(command.status !== undefined && { status: command.status }), ...(user !== undefined && { user }) });
    },
  },
  message: {
    kind: "message",
    words: ["message"],
    usage: "message <req…> <text>",
    help: { usage: "sar message <req…> <text>", description: "Post a message (1 to 5000 characters) onto an access request." },
    permission: ["request.message"],
    slackHint: "message <req…> <text>",
    teamsMenu: "message <req…> <text>: post a message on an access request",
    parse(args) {
      const [id] = args.tokens;
      return id === undefined || id.rest === "" ? null : { kind: "message", requestId: id.text, text: id.rest };
    },
    call: (core, actor, command) => core.postRequestMessage(actor, command.requestId, command.text),
  },
  watch: {
    kind: "watch",
    words: ["watch"],
    usage: "watch <sar… | req…>",
    help: { usage: "sar watch <sar… | req…>", description: "Post the review's or request's status changes into this thread." },
    permission: ["sar.read", "request.read"],
    slackHint: "watch <id>",
    teamsMenu: "watch <sar… | req…>: post status changes into this thread",
    parse(args) {
      const id = oneWord(args);
      return id === null ? null : { kind: "watch", id };
    },
    call: (core, actor, command, ctx) => core.watch(actor, command.id, ctx.conversation),
  },
  review: {
    kind: "review",
    words: ["review"],
    usage: "review <sar… | launch reference>",
    help: {
      usage: "sar review <sar… | launch reference>",
      description: "Post a review's triage card: the user under review, their access highest priority first, and the actions you may take (revoke, close, extend, ...).",
    },
    permission: ["sar.read"],
    slackHint: "review <id>",
    teamsMenu: "review <sar… | launch ref>: a review's triage card, to revoke access and close it",
    parse(args) {
      const ref = oneWord(args);
      return ref === null ? null : { kind: "review", ref };
    },
    // The adapters post it as the thread's shared card and attach it (`attachTriageCard`).
    call: (core, actor, command) => core.openTriage(actor, { ref: command.ref, viewer: "shared" }),
  },
  whoami: {
    kind: "whoami",
    words: ["whoami"],
    usage: "whoami",
    help: { usage: "sar whoami", description: "Show your Okta identity, your roles and what you may do." },
    permission: [],
    slackHint: "whoami",
    teamsMenu: "Your Okta identity, roles and what you may do",
    parse: (args) => (none(args) ? { kind: "whoami" } : null),
    call: (core, actor) => core.whoami(actor),
  },
  link: {
    kind: "link",
    words: ["link"],
    usage: "link @user <okta-login | 00u…>",
    help: { usage: "sar link @user <okta-login | 00u…>", description: "Admins: link a chat user to an Okta user explicitly." },
    permission: ["identity.link"],
    teamsMenu: "link @user <okta-login>: admins link a Teams user to an Okta user",
    parse(args) {
      const [user, login] = args.tokens;
      if (args.tokens.length !== 2 || user?.mention === undefined || login === undefined) return null;
      return { kind: "link", user: user.mention, oktaLogin: login.text };
    },
    call: (core, actor, command) => core.link(actor, command.user.user, command.oktaLogin),
  },
  audit: {
    kind: "audit",
    words: ["audit"],
    usage: "audit [@user | sar… | req… | launch reference]",
    help: { usage: "sar audit [@user | sar… | req… | launch reference]", description: "Admins: read the audit trail, newest first." },
    permission: ["audit.read"],
    teamsMenu: "audit [@user | id]: admins read the audit trail",
    parse(args) {
      if (args.tokens.length > 1) return null;
      const [first] = args.tokens;
      return { kind: "audit", ...(first !== undefined && { target: namedBy(first) }) };
    },
    // A person is resolved by the core; anything else (sar…, req…, L…) goes as typed.
    call: (core, actor, command) => (command.target === undefined ? core.audit(actor) : core.audit(actor, { target: targetOf(command.target) ?? command.target.text })),
  },
  "audit-export": {
    kind: "audit-export",
    words: ["audit", "export"],
    usage: "audit export [since: 2026-11-01 | 24h | 7d]",
    help: {
      usage: "sar audit export [since]",
      description: "Admins: export the audit trail as JSON Lines (since a date such as 2026-11-01 or a span such as 24h or 7d): a file in Slack, a one-time download link in a personal Teams chat.",
    },
    permission: ["audit.read"],
    slackHint: "audit export [since]",
    parse(args) {
      if (args.tokens.length > 1) return null;
      const since = args.tokens[0]?.text;
      return { kind: "audit-export", ...(since !== undefined && { since }) };
    },
  },
  doctor: {
    kind: "doctor",
    words: ["doctor"],
    usage: "doctor",
    help: { usage: "sar doctor", description: "Admins: check the bot's setup (Okta token, scopes and permissions, database, policy, Slack) and say how to fix each problem." },
    permission: ["audit.read"],
    slackHint: "doctor",
    parse: (args) => (none(args) ? { kind: "doctor" } : null),
    call: (core, actor) => core.doctor(actor),
  },
  version: {
    kind: "version",
    words: ["version"],
    usage: "version",
    help: { usage: "sar version", description: "Show the bot's name and version." },
    permission: [],
    parse: (args) => (none(args) ? { kind: "version" } : null),
    call: async (core) => core.version(),
  },
  help: {
    kind: "help",
    words: ["help"],
    usage: "help",
    help: { usage: "sar help", description: "Show this list." },
    permission: [],
    slackHint: "help",
    teamsMenu: "Every command and what it does",
    parse: () => ({ kind: "help" }),
    call: async (core) => core.help(),
  },
};

/** The entries in the order help and the menus list them. */
export const COMMAND_ORDER: readonly CommandKind[] = ["launch", "status", "requests", "message", "watch", "review", "whoami", "link", "audit", "audit-export", "doctor", "version", "help"];
