/**
 * Turns the errors a person can act on (the core's and the Okta client's)
 * into `error` replies. Anything else is a bug: it is re-thrown for the
 * adapter's error sink.
 */
import { GovernanceError, ValidationFailed } from "../errors.js";
import { OktaError, OktaForbidden, OktaRateLimited, OktaUnauthorized, OktaUnavailable } from "../okta/index.js";
import type { Reply } from "../replies.js";

type ErrorReply = Extract<Reply, { type: "error" }>;

/** A sentence about an Okta failure for the person in chat (Okta's own text stays in the log). */
export function oktaSentence(err: OktaError): string {
  if (err instanceof OktaRateLimited) return "Okta's API rate limit is used up for now.";
  if (err instanceof OktaUnavailable) return "Okta is not answering right now.";
  if (err instanceof OktaForbidden) return "Okta refused the bot's service app this action.";
  if (err instanceof OktaUnauthorized) return "Okta did not accept the bot's credentials.";
  return "Okta could not do this.";
}

/** The error reply for `err`, or a re-throw when it is not one a person can act on. */
export function errorReplyFor(err: unknown): ErrorReply {
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
