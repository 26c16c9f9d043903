/**
 * The Okta client's error family. Okta's error bodies and statuses are
 * translated here, at the boundary, so the core switches on a stable `code`
 * and shows `hint` to people; the log keeps Okta's `errorId`.
 * Messages never carry tokens, keys or request bodies.
 */

/** One entry of Okta's `errorCauses`. */
export interface OktaErrorCause {
  errorSummary: string;
}

export interface OktaErrorDetails {
  /** The operation (Okta operationId) that failed, e.g. `createSecurityAccessReview`. */
  operation: string;
  status?: number;
  /** Okta's `errorId`, for support tickets and logs. */
  errorId?: string;
  /** Okta's `errorCode`, e.g. `E0000047`. */
  oktaErrorCode?: string;
  /** Okta's `x-okta-request-id` response header. */
  requestId?: string;
  cause?: unknown;
}

/** Base of every error the Okta client raises. */
export abstract class OktaError extends Error {
  /** A stable machine-readable code the core switches on. */
  abstract readonly code: string;
  /** A sentence for the person in chat: what happened and what to do. */
  abstract readonly hint: string;
  readonly operation: string;
  readonly status: number | undefined;
  readonly errorId: string | undefined;
  readonly oktaErrorCode: string | undefined;
  readonly requestId: string | undefined;

  constructor(message: string, details: OktaErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.operation = details.operation;
    this.status = details.status;
    this.errorId = details.errorId;
    this.oktaErrorCode = details.oktaErrorCode;
    this.requestId = details.requestId;
  }

  /** Fields safe to put on a log line. */
  toLog(): Record<string, unknown> {
    return {
      code: this.code,
      operation: this.operation,
      status: this.status,
      errorId: this.errorId,
      oktaErrorCode: this.oktaErrorCode,
      oktaRequestId: this.requestId,
      message: this.message,
    };
  }
}

/** Okta answered 429, or the client's own pacing would exceed the budget. */
export class OktaRateLimited extends OktaError {
  readonly code = "okta_rate_limited";
  readonly hint = "Okta's API rate limit is used up for now; the bot will try again when it resets.";
  /** How long until the rate-limit window resets. */
  readonly retryAfterMs: number;
  readonly bucket: string | undefined;
  constructor(message: string, details: OktaErrorDetails & { retryAfterMs: number; bucket?: string }) {
    super(message, details);
    this.retryAfterMs = details.retryAfterMs;
    this.bucket = details.bucket;
  }
}

/** Okta answered 403; `missingScope` is set when the token lacks an OAuth scope. */
export class OktaForbidden extends OktaError {
  readonly code = "okta_forbidden";
  readonly hint: string;
  readonly missingScope: string | undefined;
  constructor(message: string, details: OktaErrorDetails & { missingScope?: string }) {
    super(message, details);
    this.missingScope = details.missingScope;
    this.hint = details.missingScope
      ? `The bot's Okta service app lacks the scope ${details.missingScope}. An Okta admin can grant it: Applications > the bot's app > Okta API Scopes > Grant ${details.missingScope}.`
      : "Okta refused this action for the bot's service app. An Okta admin should check the app's admin roles and granted Okta API scopes.";
  }
}

/** Okta rejected the bot's credentials or token (401, `invalid_client`). */
export class OktaUnauthorized extends OktaError {
  readonly code = "okta_unauthorized";
  readonly hint: string;
  constructor(message: string, details: OktaErrorDetails & { hint?: string }) {
    super(message, details);
    this.hint =
      details.hint ?? "Okta did not accept the bot's credentials. An admin should check OKTA_CLIENT_ID and the private key (or OKTA_API_TOKEN).";
  }
}

/** The user, review or request does not exist in Okta. */
export class OktaNotFound extends OktaError {
  readonly code = "okta_not_found";
  readonly hint = "Okta has no such object; check the id or name.";
}

/** Okta (or the client, before sending) refused the input; `causes` lists why. */
export class OktaBadRequest extends OktaError {
  readonly code = "okta_bad_request";
  readonly hint: string;
  readonly causes: string[];
  constructor(message: string, details: OktaErrorDetails & { causes?: string[] }) {
    super(message, details);
    this.causes = details.causes ?? [];
    this.hint = this.causes.length > 0 ? `Okta refused the input: ${this.causes.join("; ")}` : `Okta refused the input: ${message}`;
  }
}

/** Okta is down or not answering (5xx, network error) after the client's retries. */
export class OktaUnavailable extends OktaError {
  readonly code: string = "okta_unavailable";
  readonly hint: string = "Okta is not answering; retrying.";
}

/** An attempt got no answer within the client's timeout. */
export class OktaTimeout extends OktaUnavailable {
  override readonly code = "okta_timeout";
  override readonly hint = "Okta did not answer in time; retrying.";
}

/**
 * A write whose outcome is unknown (timeout, network error after sending,
 * 5xx): it may or may not have landed, so it was not re-sent. The caller
 * checks (e.g. `findSecurityAccessReviewsByNameContaining`) before retrying.
 */
export class OktaOutcomeUnknown extends OktaError {
  readonly code = "okta_outcome_unknown";
  readonly hint = "Okta did not confirm the change; the bot checks whether it landed before trying again.";
}

/** Okta answered something the client cannot read (not JSON, wrong shape, foreign link). */
export class OktaInvalidResponse extends OktaError {
  readonly code = "okta_invalid_response";
  readonly hint = "Okta sent an answer the bot could not read; try again later.";
}

/** True for errors worth another attempt of an operation that is safe to repeat. */
export function isTransientOktaError(err: unknown): boolean {
  return err instanceof OktaUnavailable || err instanceof OktaRateLimited;
}
