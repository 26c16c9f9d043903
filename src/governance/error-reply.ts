/**
 * The one place that turns errors a person can act on (the core's, the
 * Okta client's, the filter builder's) into `error` replies, and builds
 * error replies that involve no exception. Anything else is a bug: it is
 * re-thrown for the adapter's error sink.
 */
import type { Logger } from "pino";
import { GovernanceError, ValidationFailed } from "./errors.js";
import { OktaError, OktaForbidden, OktaNotFound, OktaRateLimited, OktaUnauthorized, OktaUnavailable } from "./okta/errors.js";
import { ScimFilterError } from "./okta/scim-filter.js";
import type { Reply } from "./replies.js";

export type ErrorReply = Extract<Reply, { type: "error" }>;

/** Commands that read Okta objects by id pass this: Okta's 404 names the object and the Okta error id is logged. */
export interface ErrorContext {
  logger: Logger;
  correlationId?: string;
  /** What to say when Okta answers 404 (e.g. "No access request reqX in Okta."). */
  notFound?: string;
}

/** A sentence about an Okta failure for the person in chat (Okta's own text stays in the log). */
export function oktaSentence(err: OktaError): string {
  if (err instanceof OktaRateLimited) return "Okta's API rate limit is used up for now.";
  if (err instanceof OktaUnavailable) return "Okta is not answering right now.";
  if (err instanceof OktaForbidden) return "Okta refused the bot's service app this action.";
  if (err instanceof OktaUnauthorized) return "Okta did not accept the bot's credentials.";
  return "Okta could not do this.";
}

/** The error reply for `err`, or a re-throw when it is not one a person can act on. */
export function errorReplyFor(err: unknown, ctx?: ErrorContext): ErrorReply {
  if (ctx !== undefined) {
    if (err instanceof ScimFilterError) return { type: "error", code: "validation_failed", message: err.message };
    if (err instanceof OktaError) ctx.logger.info({ ...err.toLog(), correlationId: ctx.correlationId }, "okta refused or failed a command");
    if (err instanceof OktaNotFound) {
      return { type: "error", code: "not_found", message: ctx.notFound ?? "Okta has no such object.", hint: "Check the id and try again." };
    }
  }
  if (err instanceof GovernanceError) {
    return {
      type: "error",
      code: err.code,
      message: err.message,
      ...(err.hint !== undefined && err.hint !== "" && { hint: err.hint }),
      ...(err instanceof ValidationFailed && { fields: { ...err.fields } }),
    };
  }
  if (err instanceof OktaError) return { type: "error", code: err.code, message: oktaSentence(err), hint: err.hint };
  throw err;
}

/** An error reply built here (no exception involved). */
export function errorReply(code: string, message: string, hint?: string): ErrorReply {
  return { type: "error", code, message, ...(hint !== undefined && { hint }) };
}
