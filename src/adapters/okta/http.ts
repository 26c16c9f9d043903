/**
 * Sends one Okta API request: credentials, per-attempt timeout, pacing,
 * retries (p-retry), JSON parsing, error mapping and a debug log line per
 * call. Also pages through lists by following `rel="next"` links.
 */
import pRetry from "p-retry";
import type { Logger } from "pino";
import type { CallOptions, Clock, OktaCallObserver } from "../../governance/ports.js";
import type { Page } from "../../governance/okta/types.js";
import type { Authorizer } from "./auth.js";
import { errorFromResponse } from "./error-mapping.js";
import { OktaError, OktaInvalidResponse, OktaRateLimited, OktaTimeout, OktaUnavailable } from "../../governance/okta/errors.js";
import { afterCursor, nextLink } from "./link-header.js";
import type { OrgHosts } from "./org-hosts.js";
import type { RateLimitPacer, RateLimitWait } from "./rate-limit-pacer.js";
import { attemptFailure, isRetryable, type ResolvedRetryOptions } from "./retry-policy.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface OktaRequest {
  /** Okta's operationId, for logs and errors. */
  operation: string;
  method: HttpMethod;
  /** Path under the org URL (`/api/v1/users`), or an absolute next-page URL Okta gave. */
  path: string | URL;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Rate-limit bucket (endpoint family). */
  bucket: string;
  /** Safe to send again after an unknown outcome (reads). Writes are not. */
  idempotent: boolean;
}

export interface OktaResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or `undefined` for an empty body. */
  body: unknown;
  url: URL;
}

export type { OktaCallObservation, OktaCallObserver } from "../../governance/ports.js";

export interface OktaHttpOptions {
  orgUrl: URL;
  /** The org's hosts that Okta's links may point at (the org and its admin host). */
  hosts: OrgHosts;
  authorizer: Authorizer;
  pacer: RateLimitPacer;
  logger: Logger;
  fetch: typeof fetch;
  clock: Clock;
  timeoutMs: number;
  retry: ResolvedRetryOptions;
  onCall?: OktaCallObserver;
}

/** Connection errors that prove the request never reached Okta. */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

/** Encodes a query with `%20` for spaces, as Okta documents (not `+`). */
function queryString(query: Record<string, string | number | undefined>): string {
  return Object.entries(query)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join("&");
}

/** The Okta HTTP core shared by every operation of one client. */
export class OktaHttp {
  constructor(private readonly o: OktaHttpOptions) {}

  /** Sends a request with retries; resolves with a 2xx response, rejects with an `OktaError`. */
  async request(req: OktaRequest, opts: CallOptions = {}): Promise<OktaResponse> {
    const url = this.urlFor(req);
    const { retry } = this.o;
    let rateLimited = 0;
    return pRetry((attempt) => this.attempt(req, url, opts, attempt), {
      retries: retry.retries,
      minTimeout: retry.minDelayMs,
      maxTimeout: retry.maxDelayMs,
      factor: 2,
      randomize: true,
      signal: opts.signal,
      // A 429 waits in the pacer for the window to reset, not in p-retry's backoff.
      shouldConsumeRetry: ({ error }) => !(error instanceof OktaRateLimited),
      shouldRetry: ({ error }) => {
        if (error instanceof OktaRateLimited) return ++rateLimited <= retry.rateLimitRetries;
        return isRetryable(error);
      },
      onFailedAttempt: ({ error, attemptNumber }) => {
        const fields = error instanceof OktaError ? error.toLog() : { message: error.message };
        this.o.logger.info({ ...fields, attempt: attemptNumber, correlationId: opts.correlationId }, "okta call failed");
      },
    });
  }

  /** Every page of a list, following `rel="next"` links; each with its `after` cursor. */
  async *paginate<T>(req: OktaRequest, itemsOf: (body: unknown) => T[], opts: CallOptions = {}): AsyncGenerator<Page<T>> {
    const seen = new Set<string>();
    let next: OktaRequest | undefined = req;
    while (next) {
      const res = await this.request(next, opts);
      const page = this.page(res, itemsOf, req.operation);
      yield page;
      const url = this.nextUrl(res, req.operation);
      next = undefined;
      if (url !== undefined) {
        // A server that hands out the same cursor again would page forever.
        if (seen.has(url.href)) {
          this.o.logger.warn({ operation: req.operation, correlationId: opts.correlationId }, "okta repeated a next-page link; stopped paging");
          break;
        }
        seen.add(url.href);
        next = { ...req, path: url, query: undefined };
      }
    }
  }

  /** One page of a list response. */
  page<T>(res: OktaResponse, itemsOf: (body: unknown) => T[], operation: string): Page<T> {
    // Only the cursor is read here: the next call goes to the configured org with it, so no token follows
    // the link and its host needs no check (a paged `paginate` call does check before following).
    void operation;
    const nextAfter = afterCursor(nextLink(res.headers, res.body), this.o.orgUrl);
    const items = itemsOf(res.body);
    return nextAfter === undefined ? { items } : { items, nextAfter };
  }

  private nextUrl(res: OktaResponse, operation: string): URL | undefined {
    const href = nextLink(res.headers, res.body);
    return href === undefined ? undefined : this.inOrg(href, operation);
  }

  private urlFor(req: OktaRequest): URL {
    if (req.path instanceof URL) return this.inOrg(req.path.href, req.operation);
    const url = new URL(req.path, this.o.orgUrl);
    if (req.query) url.search = queryString(req.query);
    return url;
  }

  /**
   * Okta's links must point at the org or its admin host (see org-hosts.ts for why the link is
   * followed as given): the token is never sent anywhere else.
   */
  private inOrg(href: string, operation: string): URL {
    let url: URL;
    try {
      url = new URL(href, this.o.orgUrl);
    } catch {
      throw new OktaInvalidResponse(`${operation}: unreadable next-page link`, { operation });
    }
    if (!this.o.hosts.allows(url)) {
      throw new OktaInvalidResponse(`${operation}: next-page link points outside the Okta org (${url.origin} is neither ${this.o.hosts.origins.join(" nor ")})`, { operation });
    }
    return url;
  }

  private async attempt(req: OktaRequest, url: URL, opts: CallOptions, attempt: number): Promise<OktaResponse> {
    // Whether Okta may have received (and acted on) the request in this attempt.
    let maybeProcessed = false;
    try {
      await this.o.pacer.acquire(req.bucket, opts.priority ?? "interactive", opts.signal, (wait) => this.waiting(req, opts, wait));
      // Re-sent at most once for a DPoP nonce challenge and once for a refused cached token.
      const resent = new Set<string>();
      for (;;) {
        const credential = await this.o.authorizer.credential(req.method, url, opts.signal);
        maybeProcessed = true;
        const res = await this.send(req, url, credential.headers, opts, attempt);
        const review = credential.review(res.raw);
        if (review !== "ok" && !resent.has(review)) {
          resent.add(review);
          maybeProcessed = false;
          continue;
        }
        return this.finish(req, url, res);
      }
    } catch (err) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      const notSent = err instanceof NotSentError;
      throw attemptFailure(notSent ? err.inner : err, {
        idempotent: req.idempotent,
        maybeProcessed: maybeProcessed && !notSent,
        operation: req.operation,
      });
    }
  }

  private async send(
    req: OktaRequest,
    url: URL,
    auth: Record<string, string>,
    opts: CallOptions,
    attempt: number,
  ): Promise<{ raw: Response; body: unknown; sentAt: number }> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.o.timeoutMs);
    const signal = opts.signal ? AbortSignal.any([timeout.signal, opts.signal]) : timeout.signal;
    const started = this.o.clock.now().getTime();
    const headers: Record<string, string> = { accept: "application/json", ...auth };
    if (req.body !== undefined) headers["content-type"] = "application/json";
    try {
      const raw = await this.o.fetch(url, {
        method: req.method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        redirect: "manual",
        signal,
      });
      const text = await raw.text();
      this.observe(req, raw.status, started, { correlationId: opts.correlationId, oktaRequestId: raw.headers.get("x-okta-request-id") ?? undefined });
      this.o.logger.debug(
        {
          operation: req.operation,
          method: req.method,
          path: url.pathname,
          status: raw.status,
          durationMs: this.o.clock.now().getTime() - started,
          oktaRequestId: raw.headers.get("x-okta-request-id") ?? undefined,
          correlationId: opts.correlationId,
          attempt,
        },
        "okta call",
      );
      return { raw, body: parseBody(text, raw, req.operation), sentAt: started };
    } catch (err) {
      if (err instanceof OktaError || opts.signal?.aborted) throw err;
      this.observe(req, "error", started);
      const code = (err as { cause?: { code?: unknown } }).cause?.code;
      const details = { operation: req.operation, cause: err };
      if (timeout.signal.aborted) {
        throw new OktaTimeout(`${req.operation}: no answer within ${this.o.timeoutMs} ms`, details);
      }
      const failure = new OktaUnavailable(`${req.operation}: network error${typeof code === "string" ? ` (${code})` : ""}`, details);
      throw typeof code === "string" && NOT_SENT.has(code) ? new NotSentError(failure) : failure;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Tells the caller its call waits for a rate-limit reset (or, `behindInteractive`, a background call
   * for people's calls to go first); a throwing listener never changes the call.
   */
  private waiting(req: OktaRequest, opts: CallOptions, wait: RateLimitWait): void {
    try {
      opts.onRateLimitWait?.(wait);
    } catch (err) {
      this.o.logger.warn({ err, operation: req.operation }, "rate-limit wait listener failed");
    }
  }

  private observe(req: OktaRequest, status: number | "error", started: number, ids: { correlationId?: string | undefined; oktaRequestId?: string | undefined } = {}): void {
    const observer = this.o.onCall;
    if (observer === undefined) return;
    try {
      observer({
        operation: req.operation,
        bucket: req.bucket,
        status,
        durationMs: this.o.clock.now().getTime() - started,
        rateLimited: status === 429,
        ...(ids.correlationId !== undefined && { correlationId: ids.correlationId }),
        ...(ids.oktaRequestId !== undefined && { oktaRequestId: ids.oktaRequestId }),
      });
    } catch (err) {
      // Metrics must never change what a call does.
      this.o.logger.warn({ err, operation: req.operation }, "okta call observer failed");
    }
  }

  private finish(req: OktaRequest, url: URL, res: { raw: Response; body: unknown; sentAt: number }): OktaResponse {
    const { raw, body } = res;
    if (raw.status === 429) this.o.pacer.exhausted(req.bucket, raw.headers, res.sentAt);
    else this.o.pacer.observe(req.bucket, raw.headers, res.sentAt);
    if (raw.status >= 200 && raw.status < 300) return { status: raw.status, headers: raw.headers, body, url };
    throw errorFromResponse({
      operation: req.operation,
      status: raw.status,
      headers: raw.headers,
      body,
      retryAfterMs: this.o.pacer.retryAfterMs(req.bucket),
      bucket: req.bucket,
    });
  }
}

/** Marks a connection failure that proves the request never reached Okta. */
class NotSentError extends Error {
  constructor(readonly inner: OktaError) {
    super(inner.message);
  }
}

function parseBody(text: string, raw: Response, operation: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Error pages (proxies, 5xx) may be HTML: keep the status, drop the body.
    if (!raw.ok) return undefined;
    throw new OktaInvalidResponse(`${operation}: Okta's answer is not JSON`, { operation, status: raw.status });
  }
}
