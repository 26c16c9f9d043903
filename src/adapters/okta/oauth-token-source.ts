/**
 * Access tokens for the bot's Okta service app: OAuth 2.0 client credentials
 * with a private_key_jwt client assertion (and optionally DPoP), through
 * openid-client. Tokens are cached until shortly before expiry and concurrent
 * callers share one refresh.
 * @see https://developer.okta.com/docs/guides/implement-oauth-for-okta-serviceapp/main/
 */
import * as oidc from "openid-client";
import type { Logger } from "pino";
import type { CryptoKeyPair } from "openid-client";
import type { Clock } from "../../governance/ports.js";
import { errorFromResponse } from "./error-mapping.js";
import { OktaError, OktaForbidden, OktaInvalidResponse, OktaTimeout, OktaUnauthorized, OktaUnavailable } from "../../governance/okta/errors.js";
import { importSigningKey } from "./private-key.js";
import type { RateLimitPacer } from "./rate-limit-pacer.js";

export interface AccessToken {
  value: string;
  /** `DPoP` when Okta bound the token to the DPoP key, else `Bearer`. */
  type: "Bearer" | "DPoP";
  /** Epoch milliseconds after which the token is not used any more. */
  refreshAt: number;
}

export interface OAuthTokenSourceOptions {
  orgUrl: URL;
  clientId: string;
  privateKey: string;
  keyId?: string;
  scopes: string[];
  /** Present when tokens are DPoP-bound. */
  dpopKeyPair?: CryptoKeyPair;
  fetch: typeof fetch;
  clock: Clock;
  logger: Logger;
  pacer: RateLimitPacer;
  timeoutMs: number;
  /** How long before expiry a token is replaced (default 60 s). */
  refreshEarlyMs?: number;
}

const TOKEN_OPERATION = "token";
const TOKEN_BUCKET = "oauth-token";

/** Gets, caches and refreshes the service app's access token. */
export class OAuthTokenSource {
  private config: Promise<oidc.Configuration> | undefined;
  private current: AccessToken | undefined;
  private inflight: Promise<AccessToken> | undefined;
  private dpopHandle: oidc.DPoPHandle | undefined;

  constructor(private readonly opts: OAuthTokenSourceOptions) {}

  /** A valid token: the cached one, or a fresh one shared with concurrent callers. */
  async token(signal?: AbortSignal): Promise<AccessToken> {
    const now = this.opts.clock.now().getTime();
    if (this.current && now < this.current.refreshAt) return this.current;
    this.inflight ??= this.fetchToken().finally(() => {
      this.inflight = undefined;
    });
    return abortable(this.inflight, signal);
  }

  /** Drops the cached token after Okta refused it, unless a newer one already replaced it. */
  invalidate(tokenValue: string): void {
    if (this.current?.value === tokenValue) this.current = undefined;
  }

  private async configuration(): Promise<oidc.Configuration> {
    this.config ??= this.discover().catch((err: unknown) => {
      this.config = undefined;
      throw err;
    });
    return this.config;
  }

  private async discover(): Promise<oidc.Configuration> {
    const { orgUrl, clientId, privateKey, keyId, timeoutMs } = this.opts;
    const signing = await importSigningKey(privateKey, keyId);
    // Known once discovery is done, before any assertion is signed.
    const endpoint: { token?: string } = {};
    // Okta rejects an assertion whose `aud` is the issuer; it must name the token endpoint.
    const auth = oidc.PrivateKeyJwt(signing.kid === undefined ? { key: signing.key } : { key: signing.key, kid: signing.kid }, {
      [oidc.modifyAssertion]: (_header, payload) => {
        if (endpoint.token !== undefined) payload.aud = endpoint.token;
      },
    });
    const execute = orgUrl.protocol === "http:" ? [oidc.allowInsecureRequests] : [];
    const config = await oidc
      .discovery(orgUrl, clientId, { token_endpoint_auth_signing_alg: signing.alg }, auth, {
        [oidc.customFetch]: (url, init) => this.opts.fetch(url, init),
        execute,
        timeout: Math.max(1, Math.ceil(timeoutMs / 1000)),
      })
      .catch((err: unknown) => {
        throw this.translate(err);
      });
    endpoint.token = config.serverMetadata().token_endpoint;
    if (!endpoint.token) {
      throw new OktaInvalidResponse("Okta's discovery document names no token endpoint", { operation: "discovery" });
    }
    // The signed client assertion goes to this URL: like every URL Okta hands out, it must stay in the org.
    if (new URL(endpoint.token).origin !== orgUrl.origin) {
      throw new OktaInvalidResponse("Okta's discovery document names a token endpoint outside the Okta org", { operation: "discovery" });
    }
    if (this.opts.dpopKeyPair) this.dpopHandle = oidc.getDPoPHandle(config, this.opts.dpopKeyPair);
    return config;
  }

  private async fetchToken(): Promise<AccessToken> {
    const config = await this.configuration();
    await this.opts.pacer.acquire(TOKEN_BUCKET, "interactive");
    const started = this.opts.clock.now().getTime();
    let response: Awaited<ReturnType<typeof oidc.clientCredentialsGrant>>;
    try {
      response = await oidc.clientCredentialsGrant(
        config,
        { scope: this.opts.scopes.join(" ") },
        this.dpopHandle ? { DPoP: this.dpopHandle } : undefined,
      );
    } catch (err) {
      throw this.translate(err);
    }
    const now = this.opts.clock.now().getTime();
    const lifetimeMs = (response.expires_in ?? 300) * 1000;
    const early = Math.min(this.opts.refreshEarlyMs ?? 60_000, lifetimeMs / 2);
    const type = response.token_type.toLowerCase() === "dpop" ? "DPoP" : "Bearer";
    this.current = { value: response.access_token, type, refreshAt: now + lifetimeMs - early };
    this.opts.logger.debug({ operation: TOKEN_OPERATION, tokenType: type, expiresInS: response.expires_in, durationMs: now - started }, "okta token obtained");
    return this.current;
  }

  /** openid-client's errors (and fetch's) as the client's coded errors; never with the assertion. */
  private translate(err: unknown): OktaError {
    if (err instanceof OktaError) return err;
    const operation = TOKEN_OPERATION;
    if (err instanceof oidc.ResponseBodyError || err instanceof oidc.WWWAuthenticateChallengeError) {
      const response = (err as { response?: Response }).response;
      const headers = response?.headers ?? new Headers();
      if (err.status === 429) this.opts.pacer.exhausted(TOKEN_BUCKET, headers);
      const body = err instanceof oidc.ResponseBodyError ? err.cause : {};
      if (err instanceof oidc.ResponseBodyError && err.error === "invalid_client") {
        return new OktaUnauthorized(`${operation}: ${err.error_description ?? err.error}`, { operation, status: err.status });
      }
      if (err instanceof oidc.ResponseBodyError && err.error === "invalid_dpop_proof" && !this.opts.dpopKeyPair) {
        return new OktaUnauthorized(`${operation}: ${err.error_description ?? err.error}`, {
          operation,
          status: err.status,
          hint: "The bot's Okta service app requires DPoP-bound tokens; an admin should turn DPoP on for the bot (OKTA_DPOP=true).",
        });
      }
      if (err instanceof oidc.ResponseBodyError && err.error === "invalid_scope") {
        const missingScope = /\bokta\.[A-Za-z.]+[A-Za-z]/.exec(err.error_description ?? "")?.[0];
        return new OktaForbidden(`${operation}: ${err.error_description ?? err.error}`, { operation, status: err.status, missingScope });
      }
      return errorFromResponse({
        operation,
        status: err.status,
        headers,
        body,
        retryAfterMs: this.opts.pacer.retryAfterMs(TOKEN_BUCKET),
        bucket: TOKEN_BUCKET,
      });
    }
    const cause = (err as { cause?: unknown }).cause;
    if (cause instanceof Response) {
      if (cause.status === 429) this.opts.pacer.exhausted(TOKEN_BUCKET, cause.headers);
      return errorFromResponse({
        operation,
        status: cause.status,
        headers: cause.headers,
        body: undefined,
        retryAfterMs: this.opts.pacer.retryAfterMs(TOKEN_BUCKET),
        bucket: TOKEN_BUCKET,
      });
    }
    const name = (err as { name?: unknown }).name;
    if (name === "TimeoutError" || (cause as { name?: unknown } | undefined)?.name === "TimeoutError") {
      return new OktaTimeout(`${operation}: Okta did not answer in time`, { operation, cause: err });
    }
    const message = err instanceof Error ? err.message : String(err);
    return new OktaUnavailable(`${operation}: ${message}`, { operation, cause: err });
  }
}

/** Waits for a shared promise, but lets one caller stop waiting. */
function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
    void promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
