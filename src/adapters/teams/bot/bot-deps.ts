/** What the bot's handlers share. */
import type { Logger } from "pino";
import type { ChatState } from "../../../governance/chat-state.js";
import type { GovernanceCore } from "../../../governance/core.js";
import type { TeamsTimings } from "../config.js";
import type { TeamsErrorSink } from "../error-sink.js";
import type { Poster } from "../conversation/poster.js";
import type { BackgroundWork } from "./deadline.js";
import type { MemberDirectory } from "./member-directory.js";

export interface BotDeps {
  core: GovernanceCore;
  /** Inbound claims and conversation references. */
  chatState: ChatState;
  logger: Logger;
  /** Where handler failures are logged (the adapter's one error sink). */
  sink: TeamsErrorSink;
  directory: MemberDirectory;
  poster: Poster;
  background: BackgroundWork;
  timings: TeamsTimings;
  /** No app id: no authentication, the Emulator's missing tenant is tolerated. */
  localMode: boolean;
}

/** How long a claim on an inbound Teams activity (against redelivery) is kept. */
export const INBOUND_TTL_MS = 24 * 60 * 60_000;
