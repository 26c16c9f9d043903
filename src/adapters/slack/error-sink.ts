/**
 * The adapter's one error sink: a handler bug is logged with its context
 * (never the payload's secrets) and the person gets a short apology
 * privately, never a stack trace. Slack has its ack already: every handler
 * acks before it does any work, and the receiver acks whatever is left.
 */
import type { Logger } from "pino";
import { section } from "./render/blocks.js";
import type { Poster, ReplyPlace } from "./poster.js";
import { describeSlackError, loggableError, type WebClient } from "./slack-web.js";
import { infoView } from "./views/modal.js";

export interface ErrorContext {
  /** What was being handled: `command status`, `action sar_approve`, ... */
  handling: string;
  teamId?: string;
  userId?: string;
  correlationId?: string;
  /** Where to apologise: a channel (ephemeral) or an open modal. */
  place?: ReplyPlace;
  viewId?: string;
}

export type ErrorSink = (err: unknown, context: ErrorContext) => Promise<void>;

const APOLOGY = "Something went wrong on my side. It has been logged; please try again in a moment.";

export function createErrorSink(options: { logger: Logger; poster: Poster; web: WebClient }): ErrorSink {
  const { logger, poster, web } = options;
  return async (err, context) => {
    const { place, viewId, ...rest } = context;
    logger.error({ err: loggableError(err), ...rest, channelId: place?.channelId, viewId }, `Slack handler failed (${context.handling})`);
    const ref = context.correlationId !== undefined ? ` (reference ${context.correlationId})` : "";
    try {
      if (viewId !== undefined) {
        await web.views.update({ view_id: viewId, view: infoView(`⚠️ ${APOLOGY}${ref}`) });
      } else if (place !== undefined) {
        await poster.toPerson(place, { text: `⚠️ ${APOLOGY}${ref}`, blocks: [section(`⚠️ ${APOLOGY}${ref}`)] });
      }
    } catch (apologyError) {
      logger.warn({ ...describeSlackError(apologyError), handling: context.handling }, "could not tell the person about the failure");
    }
  };
}
