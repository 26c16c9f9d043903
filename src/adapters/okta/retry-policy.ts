/**
 * Which failed Okta calls are tried again, and how. 429s wait for the
 * rate-limit window (`X-Rate-Limit-Reset`), 5xx/network errors/timeouts back
 * off exponentially, every other 4xx is final, and a write whose outcome is
 * unknown is never re-sent blindly.
 */
import { AbortError } from "p-retry";
import { OktaError, OktaOutcomeUnknown, OktaRateLimited, OktaUnavailable } from "../../governance/okta/errors.js";

export interface OktaRetryOptions {
  /** Further attempts after a 5xx, network error or timeout (default 2); `0` also stops waiting out 429s. */
  retries?: number;
  /** First backoff delay (default 500 ms), doubled each time, randomised. */
  minDelayMs?: number;
  /** Longest backoff delay (default 5 s). */
  maxDelayMs?: number;
  /** How many 429s one call waits out before giving up (default 3). */
  rateLimitRetries?: number;
  /** Longest wait for a rate-limit window to reset (default 60 s). */
  maxRateLimitWaitMs?: number;
  /** Upper bound of the random delay added to a reset wait (default 1 s). */
  jitterMs?: number;
  /** Share of each rate-limit window background calls leave for people (default 0.2). */
  backgroundReserve?: number;
}

/** `"never"`: one attempt, whatever happens (429s included). */
export type OktaRetrySetting = OktaRetryOptions | "never";

export type ResolvedRetryOptions = Required<OktaRetryOptions>;

/** Fills in the defaults. */
export function resolveRetryOptions(setting: OktaRetrySetting | undefined): ResolvedRetryOptions {
  const o = setting === "never" ? { retries: 0, rateLimitRetries: 0 } : (setting ?? {});
  return {
    retries: o.retries ?? 2,
    minDelayMs: o.minDelayMs ?? 500,
    maxDelayMs: o.maxDelayMs ?? 5_000,
    rateLimitRetries: o.rateLimitRetries ?? 3,
    maxRateLimitWaitMs: o.maxRateLimitWaitMs ?? 60_000,
    jitterMs: o.jitterMs ?? 1_000,
    backgroundReserve: o.backgroundReserve ?? 0.2,
  };
}

/** Whether the error is worth another attempt at all (the budget is checked elsewhere). */
export function isRetryable(err: unknown): boolean {
  return err instanceof OktaRateLimited || err instanceof OktaUnavailable;
}

/**
 * The error to throw out of one attempt: retryable ones as they are, final
 * ones wrapped in p-retry's `AbortError`; for a write that may have landed,
 * an `OktaOutcomeUnknown` that is final too.
 */
export function attemptFailure(err: unknown, opts: { idempotent: boolean; maybeProcessed: boolean; operation: string }): Error {
  if (!(err instanceof OktaError)) return new AbortError(err instanceof Error ? err : new Error(String(err)));
  if (!opts.idempotent && opts.maybeProcessed && err instanceof OktaUnavailable) {
    return new AbortError(
      new OktaOutcomeUnknown(`${opts.operation}: sent, but Okta's answer was lost (${err.message}); not re-sent`, {
        operation: opts.operation,
        status: err.status,
        errorId: err.errorId,
        oktaErrorCode: err.oktaErrorCode,
        requestId: err.requestId,
        cause: err,
      }),
    );
  }
  return isRetryable(err) ? err : new AbortError(err);
}
