/**
 * The OIDC side of step-up, over openid-client: the authorization URL
 * (code + PKCE S256, state, nonce, `max_age=0`, optional `acr_values`) and
 * the callback's code exchange, which checks state, nonce, the ID token's
 * signature, issuer, audience and `auth_time` against `max_age=0`.
 */
import * as oidc from "openid-client";
import type { StepUpProof } from "./step-up-records.js";

export interface StepUpClientOptions {
  /** The Okta org (its org authorization server is the issuer). */
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** `<public base URL>/stepup/callback`, read when needed (the port may be known only after listen). */
  redirectUri: () => string;
  fetch?: typeof fetch;
}

export interface AuthorizationRequest {
  state: string;
  nonce: string;
  codeVerifier: string;
  acrValues: string | null;
}

/** The ID token claims step-up relies on: what the decision records as its proof. */
export type VerifiedSignIn = StepUpProof;

export interface StepUpOidc {
  authorizationUrl(request: AuthorizationRequest): Promise<URL>;
  /** Exchanges the callback's code; rejects when any check fails. */
  verifyCallback(callbackUrl: URL, expected: AuthorizationRequest): Promise<VerifiedSignIn>;
}

/** Fresh random values for one challenge (PKCE verifier, state, nonce). */
export function newAuthorizationRequest(acrValues: string | null): AuthorizationRequest {
  return { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier(), acrValues };
}

export function createStepUpOidc(options: StepUpClientOptions): StepUpOidc {
  let config: Promise<oidc.Configuration> | undefined;
  const configuration = (): Promise<oidc.Configuration> => {
    config ??= oidc
      .discovery(options.issuer, options.clientId, options.clientSecret, oidc.ClientSecretBasic(options.clientSecret), {
        // Plain http only reaches the loopback sandbox (config refuses http for a real org).
        execute: options.issuer.protocol === "http:" ? [oidc.allowInsecureRequests] : [],
        ...(options.fetch && { [oidc.customFetch]: options.fetch }),
      })
      .catch((error: unknown) => {
        config = undefined;
        throw error;
      });
    return config;
  };
  return {
    async authorizationUrl(request) {
      return oidc.buildAuthorizationUrl(await configuration(), {
        redirect_uri: options.redirectUri(),
        scope: "openid",
        response_type: "code",
        state: request.state,
        nonce: request.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(request.codeVerifier),
        code_challenge_method: "S256",
        // A fresh sign-in: an existing Okta session is not enough.
        max_age: "0",
        ...(request.acrValues !== null && { acr_values: request.acrValues }),
      });
    },
    async verifyCallback(callbackUrl, expected) {
      // The redirect_uri sent is the registered one with the callback's parameters (the bot may sit behind a proxy).
      const current = new URL(options.redirectUri());
      current.search = callbackUrl.search;
      const tokens = await oidc.authorizationCodeGrant(
        await configuration(),
        current,
        { pkceCodeVerifier: expected.codeVerifier, expectedState: expected.state, expectedNonce: expected.nonce, maxAge: 0, idTokenExpected: true },
      );
      const claims = tokens.claims();
      if (claims === undefined || typeof claims.auth_time !== "number") throw new Error("the ID token has no auth_time");
      return {
        issuer: claims.iss,
        sub: claims.sub,
        authTime: new Date(claims.auth_time * 1000),
        acr: typeof claims.acr === "string" ? claims.acr : null,
        jti: typeof claims.jti === "string" ? claims.jti : null,
        nonce: typeof claims.nonce === "string" ? claims.nonce : expected.nonce,
      };
    },
  };
}
