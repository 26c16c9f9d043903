/**
 * The error reply of a request, watch or admin command: the launch flow's
 * mapping (`sar/error-reply.ts`) plus what these commands add: Okta's 404 as
 * `not_found` naming the object, the filter builder's refusals, and a log
 * line with Okta's error id. Anything else is a bug and is rethrown for the
 * adapter's error sink.
 */
import type { Logger } from "pino";
import { OktaError, OktaNotFound } from "../okta/errors.js";
import { ScimFilterError } from "../okta/scim-filter.js";
import type { Reply } from "../replies.js";
import { errorReplyFor } from "../sar/error-reply.js";

export type ErrorReply = Extract<Reply, { type: "error" }>;

export interface ErrorContext {
  logger: Logger;
  correlationId?: string;
  /** What to say when Okta answers 404 (e.g. "No access request reqX in Okta."). */
  notFound?: string;
}

/** The error reply for `err`; rethrows errors that are bugs rather than outcomes. */
export function errorReply(err: unknown, ctx: ErrorContext): ErrorReply {
  if (err instanceof ScimFilterError) return { type: "error", code: "validation_failed", message: err.message };
  if (err instanceof OktaError) ctx.logger.info({ ...err.toLog(), correlationId: ctx.correlationId }, "okta refused or failed a command");
  if (err instanceof OktaNotFound) {
    return { type: "error", code: "not_found", message: ctx.notFound ?? "Okta has no such object.", hint: "Check the id and try again." };
  }
  return errorReplyFor(err);
}
