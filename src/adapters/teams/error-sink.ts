/**
 * The Teams adapter's one error sink, like Slack's: a handler bug, a
 * failed answer finished after its turn, or botbuilder's pipeline failing
 * around the handlers is logged here with its context (activity id, type,
 * invoke name; never the activity's text or a token), and every apology
 * says the same sentence. Teams still gets its HTTP answer: each handler
 * turns the failure into the reply its invoke type expects.
 */
import type { Logger } from "pino";

/** What the person is told when the bot failed; nothing was changed. */
export const APOLOGY = "Something went wrong in the bot; nothing was changed. Try again, and tell the bot's operators if it keeps happening.";

export interface TeamsErrorContext {
  /** `handler`: one of the bot's handlers threw; `background`: work after the turn answered; `turn`: botbuilder around them. */
  handling: "handler" | "background" | "turn";
  activityId?: string | undefined;
  type?: string | undefined;
  name?: string | undefined;
  /** For background work: what it was doing. */
  what?: string;
}

export type TeamsErrorSink = (err: unknown, context: TeamsErrorContext) => void;

const MESSAGES: Record<TeamsErrorContext["handling"], string> = {
  handler: "Teams handler failed",
  background: "Teams background work failed",
  turn: "Teams turn failed",
};

export function createTeamsErrorSink(logger: Logger): TeamsErrorSink {
  return (err, { handling, ...context }) => logger.error({ err, ...context }, MESSAGES[handling]);
}
