/**
 * A parsed `/sar` command, the same for every chat platform. People named
 * in it stay as the adapter's mention handles (`M`) until the adapter
 * resolves them (see `resolve.ts`).
 */
import type { Named } from "./tokens.js";

export type Command<M> =
  | { kind: "help" }
  | { kind: "launch"; target?: Named<M>; reason?: string; incidentRef?: string }
  | { kind: "status"; id: string }
  | { kind: "requests"; status?: string; user?: Named<M> }
  | { kind: "message"; requestId: string; text: string }
  | { kind: "watch"; id: string }
  /** The triage card of a review: a SAR id or a launch reference. */
  | { kind: "review"; ref: string }
  | { kind: "whoami" }
  | { kind: "doctor" }
  | { kind: "version" }
  | { kind: "link"; user: M; oktaLogin: string }
  | { kind: "audit"; target?: Named<M> }
  | { kind: "audit-export"; since?: string };

export type CommandKind = Command<unknown>["kind"];

/** What the parser returns: a command, or what to tell the person instead. */
export type ParsedCommand<M> =
  | Command<M>
  /** A known subcommand used wrongly; `usage` is its usage line without the `sar ` prefix. */
  | { kind: "usage"; subcommand: CommandKind; usage: string }
  | { kind: "unknown"; word: string };
