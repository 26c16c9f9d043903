/**
 * The contract every chat front end implements (Slack, Teams, a third one):
 * the composition root mounts, starts, probes and stops each adapter in
 * turn, and routes the core's later events and proposal cards to it by
 * platform. A new front end implements this and touches no core file.
 * Model: vercel/chat `Adapter` (packages/chat/src/types.ts).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { ChatPlatform } from "./actor.js";
import type { ChatLocation } from "./audit/export-permalink.js";
import type { ChatState } from "./chat-state.js";
import type { GovernanceCore } from "./core.js";
import type { Notifier } from "./notifier.js";
import type { ProposalNotifier } from "./proposals/proposal-notifier.js";

/** The bot's one HTTP server, as an adapter sees it: exact `METHOD path` routes. */
export interface RouteHost {
  route(method: string, path: string, handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void): void;
}

/** One line for `/readyz`: failures say what is wrong, never a secret. */
export type AdapterReadiness = { status: "ok" | "off"; detail?: string } | { status: "failing"; detail: string };

export interface ChatAdapter {
  readonly platform: ChatPlatform;
  /** Registers the adapter's inbound routes (none for a transport of its own, such as Slack's Socket Mode). */
  mount(http: RouteHost): void;
  /** Connects to the platform once the HTTP server listens; rejects naming the setting to fix when the platform refuses the bot's credentials. */
  start(): Promise<void>;
  /** Refuses new inbound work, then drains what was accepted (work after an ack, turns in flight); the core and the database are still open. */
  stop(): Promise<void>;
  /** For `/readyz`. */
  readiness(): Promise<AdapterReadiness>;
  /** Posts the core's later events into the threads of this platform. */
  readonly notifier: Notifier;
  /** Posts and redraws Okta risk-event proposal cards. */
  readonly proposalNotifier: ProposalNotifier;
  /** A link to a message or thread of this platform (audit export), or null when it cannot be built. */
  permalink(location: ChatLocation): string | null;
}

/** What the composition root hands every adapter factory. */
export interface ChatAdapterDeps {
  core: GovernanceCore;
  /** Inbound claims and conversation references, off the domain facade. */
  chatState: ChatState;
  logger: Logger;
}
