/**
 * One token request to the org's token endpoint for a given set of scopes,
 * through the bot's own token source (private_key_jwt, DPoP, openid-client).
 * The token itself never leaves this module.
 */
import type { CryptoKeyPair } from "openid-client";
import type { Logger } from "pino";
import type { Clock } from "../governance/ports.js";
import { OktaForbidden } from "../adapters/okta/index.js";
import { OAuthTokenSource } from "../adapters/okta/oauth-token-source.js";
import { RateLimitPacer, realSleep } from "../adapters/okta/rate-limit-pacer.js";

/** The service app's OAuth settings. */
export interface OAuthTarget {
  orgUrl: URL;
  clientId: string;
  privateKey: string;
  keyId?: string;
  dpop: boolean;
}

export interface TokenDeps {
  fetch: typeof fetch;
  logger: Logger;
  /** Present when the app uses DPoP. */
  dpopKeyPair?: CryptoKeyPair;
  timeoutMs: number;
}

export type TokenOutcome =
  | { ok: true; tokenType: "Bearer" | "DPoP" }
  /** `scopeRefused`: the token endpoint answered `invalid_scope`. */
  | { ok: false; error: unknown; scopeRefused: boolean };

const clock: Clock = { now: () => new Date() };

/** Asks the token endpoint for a token with exactly `scopes`. */
export async function requestToken(target: OAuthTarget, scopes: string[], deps: TokenDeps): Promise<TokenOutcome> {
  const source = new OAuthTokenSource({
    orgUrl: target.orgUrl,
    clientId: target.clientId,
    privateKey: target.privateKey,
    ...(target.keyId === undefined ? {} : { keyId: target.keyId }),
    scopes,
    ...(deps.dpopKeyPair === undefined ? {} : { dpopKeyPair: deps.dpopKeyPair }),
    fetch: deps.fetch,
    clock,
    logger: deps.logger,
    pacer: new RateLimitPacer({ clock, sleep: realSleep }),
    timeoutMs: deps.timeoutMs,
  });
  try {
    const token = await source.token();
    return { ok: true, tokenType: token.type };
  } catch (error) {
    // The token source reports `invalid_scope` (a 400, RFC 6749 5.2) as OktaForbidden; a 403
    // from the token endpoint (`access_denied`, e.g. a network zone) is another matter.
    const scopeRefused = error instanceof OktaForbidden && error.operation === "token" && error.status === 400;
    return { ok: false, error, scopeRefused };
  }
}
