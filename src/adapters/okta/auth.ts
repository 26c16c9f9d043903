/**
 * How the client authenticates its Okta API calls: an OAuth 2.0 service app
 * (private_key_jwt, optionally DPoP-bound tokens) or a legacy SSWS API token.
 */
import type { Logger } from "pino";
import type { CryptoKeyPair } from "openid-client";
import type { Clock } from "../../governance/ports.js";
import { parseAuthenticateParams } from "./error-mapping.js";
import { DpopProver, processDpopKeyPair } from "./dpop.js";
import { OAuthTokenSource } from "./oauth-token-source.js";
import type { RateLimitPacer } from "./rate-limit-pacer.js";

/** The client's credentials; exactly one kind. */
export type OktaAuth =
  | {
      kind: "privateKeyJwt";
      clientId: string;
      /** PEM (PKCS#8 / PKCS#1) or a private JWK as JSON. */
      privateKey: string;
      keyId?: string;
      scopes: string[];
      /** Bind tokens with DPoP (Okta's default for new service apps). */
      dpop: boolean;
    }
  | { kind: "ssws"; apiToken: string };

/** Credentials for one request, and what to do with Okta's answer. */
export interface Credential {
  headers: Record<string, string>;
  /**
   * Reads a response: whether sending the same request again may succeed,
   * with the DPoP nonce just received (`retry-nonce`) or with a new token
   * after Okta refused the cached one (`retry-token`). Okta processed neither.
   */
  review(response: Response): Review;
}

export type Review = "ok" | "retry-nonce" | "retry-token";

/** Hands out per-request credentials. */
export interface Authorizer {
  credential(method: string, url: URL, signal?: AbortSignal): Promise<Credential>;
}

export interface AuthorizerDeps {
  orgUrl: URL;
  fetch: typeof fetch;
  clock: Clock;
  logger: Logger;
  pacer: RateLimitPacer;
  timeoutMs: number;
  /** Overrides the process's DPoP key pair (tests). */
  dpopKeyPair?: CryptoKeyPair;
}

/** Builds the authorizer for the configured kind of credentials. */
export function createAuthorizer(auth: OktaAuth, deps: AuthorizerDeps): Authorizer {
  if (auth.kind === "ssws") {
    const headers = { authorization: `SSWS ${auth.apiToken}` };
    return { credential: async () => ({ headers, review: () => "ok" }) };
  }
  return new OAuthAuthorizer(auth, deps);
}

class OAuthAuthorizer implements Authorizer {
  private tokens: Promise<{ source: OAuthTokenSource; prover?: DpopProver }> | undefined;

  constructor(
    private readonly auth: Extract<OktaAuth, { kind: "privateKeyJwt" }>,
    private readonly deps: AuthorizerDeps,
  ) {}

  async credential(method: string, url: URL, signal?: AbortSignal): Promise<Credential> {
    const { source, prover } = await this.setup();
    const token = await source.token(signal);
    const bound = token.type === "DPoP" && prover !== undefined;
    const headers: Record<string, string> = { authorization: `${bound ? "DPoP" : "Bearer"} ${token.value}` };
    if (bound) headers.dpop = await prover.proof(method, url, token.value);
    return {
      headers,
      review: (response) => {
        const newNonce = prover?.rememberNonce(url, response.headers) ?? false;
        if (response.status !== 401) return "ok";
        const challenge = parseAuthenticateParams(response.headers.get("www-authenticate"));
        if (challenge.error === "use_dpop_nonce") return newNonce ? "retry-nonce" : "ok";
        source.invalidate(token.value);
        return "retry-token";
      },
    };
  }

  private setup(): Promise<{ source: OAuthTokenSource; prover?: DpopProver }> {
    this.tokens ??= (async () => {
      const keyPair = this.auth.dpop ? (this.deps.dpopKeyPair ?? (await processDpopKeyPair())) : undefined;
      const source = new OAuthTokenSource({
        orgUrl: this.deps.orgUrl,
        clientId: this.auth.clientId,
        privateKey: this.auth.privateKey,
        keyId: this.auth.keyId,
        scopes: this.auth.scopes,
        dpopKeyPair: keyPair,
        fetch: this.deps.fetch,
        clock: this.deps.clock,
        logger: this.deps.logger,
        pacer: this.deps.pacer,
        timeoutMs: this.deps.timeoutMs,
      });
      return keyPair ? { source, prover: new DpopProver(keyPair, this.deps.clock) } : { source };
    })();
    return this.tokens;
  }
}
