/**
 * The authorization-code grant of the sandbox's org authorization server:
 * one-time codes (60 s, PKCE S256 bound), their exchange at the token
 * endpoint by a web app (`client_secret_basic` or `client_secret_post`),
 * and the ID token it returns (`iss`, `aud`, `sub` = Okta user id,
 * `nonce`, `auth_time`, `acr`, `amr`), signed with the org's key.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { SignJWT } from "jose";
import type { SandboxClock } from "../clock.js";
import { randomBase62 } from "../clock.js";
import type { PublicRequest, PublicResponse } from "../public-route.js";
import type { AccessTokens } from "./access-tokens.js";
import { ACCESS_TOKEN_LIFETIME_S } from "./access-tokens.js";
import type { GeneratedKeyPair } from "./keys.js";
import { OAuthError, invalidClient, invalidRequest } from "./oauth-error.js";
import type { WebClient, WebClients } from "./web-clients.js";

export const CODE_LIFETIME_MS = 60_000;
export const ID_TOKEN_LIFETIME_S = 3600;
/** What the sandbox's sign-in page proves: a password. */
export const DEFAULT_ACR = "urn:okta:loa:1fa:pwd";

export interface CodeGrant {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string;
  nonce: string;
  /** The Okta user id who signed in. */
  sub: string;
  authTime: Date;
  acr: string;
}

export interface AuthorizationCodes {
  /** Stores a grant and returns its one-time code. */
  issue(grant: CodeGrant): string;
  /** Exchanges a code at the token endpoint (its form already read). */
  exchange(form: URLSearchParams, req: PublicRequest): Promise<PublicResponse>;
}

/** Base64url SHA-256 of the verifier (RFC 7636 S256). */
export function s256(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

export function createAuthorizationCodes(options: {
  clients: WebClients;
  key: GeneratedKeyPair;
  tokens: AccessTokens;
  issuer: () => string;
  clock: SandboxClock;
}): AuthorizationCodes {
  const { clients, clock } = options;
  const codes = new Map<string, CodeGrant & { expiresAt: number }>();
  const sweep = (now: number) => {
    for (const [code, grant] of codes) if (grant.expiresAt <= now) codes.delete(code);
  };

  const idToken = async (grant: CodeGrant): Promise<string> => {
    const issuedAt = Math.floor(clock.now().getTime() / 1000);
    return new SignJWT({ ver: 1, nonce: grant.nonce, auth_time: Math.floor(grant.authTime.getTime() / 1000), acr: grant.acr, amr: ["pwd"] })
      .setProtectedHeader({ alg: "RS256", kid: options.key.kid })
      .setJti(`ID.${randomBase62(43)}`)
      .setIssuer(options.issuer())
      .setAudience(grant.clientId)
      .setSubject(grant.sub)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ID_TOKEN_LIFETIME_S)
      .sign(options.key.privateKey);
  };

  return {
    issue(grant) {
      const now = clock.now().getTime();
      sweep(now);
      const code = randomBase62(43);
      codes.set(code, { ...grant, expiresAt: now + CODE_LIFETIME_MS });
      return code;
    },
    async exchange(form, req) {
      const client = authenticate(form, req, clients);
      const code = form.get("code") ?? "";
      const grant = codes.get(code);
      // One use only, even when the exchange then fails (RFC 6749 §4.1.2).
      codes.delete(code);
      if (grant === undefined || grant.expiresAt <= clock.now().getTime() || grant.clientId !== client.clientId) {
        throw new OAuthError(400, "invalid_grant", "The authorization code is invalid or has expired.");
      }
      if (form.get("redirect_uri") !== grant.redirectUri) {
        throw new OAuthError(400, "invalid_grant", "The 'redirect_uri' does not match the redirection URI used in the authorization request.");
      }
      const verifier = form.get("code_verifier") ?? "";
      if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) throw invalidRequest("PKCE verification failed: 'code_verifier' is missing or malformed.");
      if (!constantTimeEqual(s256(verifier), grant.codeChallenge)) throw new OAuthError(400, "invalid_grant", "PKCE verification failed.");
      const accessToken = await options.tokens.issue({ clientId: client.clientId, scopes: grant.scopes });
      return {
        status: 200,
        caller: client.clientId,
        headers: { "Cache-Control": "no-store", Pragma: "no-cache" },
        body: {
          token_type: "Bearer",
          expires_in: ACCESS_TOKEN_LIFETIME_S,
          access_token: accessToken,
          scope: grant.scopes.join(" "),
          id_token: await idToken(grant),
        },
      };
    },
  };
}

/** `client_secret_basic` or `client_secret_post` (exactly one). */
function authenticate(form: URLSearchParams, req: PublicRequest, clients: WebClients): WebClient {
  const header = req.headers.authorization;
  const basic = typeof header === "string" && /^basic /i.test(header) ? decodeBasic(header.slice(6).trim()) : undefined;
  const posted = form.get("client_secret");
  if (basic !== undefined && posted !== null) throw invalidRequest("Use exactly one client authentication method.");
  const clientId = basic?.id ?? form.get("client_id");
  const secret = basic?.secret ?? posted;
  if (clientId === null || secret === null) throw invalidClient("Client authentication failed: no client credentials were sent.");
  if (basic !== undefined && form.has("client_id") && form.get("client_id") !== basic.id) throw invalidRequest("The 'client_id' does not match the authenticated client.");
  const client = clients.authenticate(clientId, secret);
  if (client === undefined) throw invalidClient("The client secret supplied for a confidential client is invalid.");
  return client;
}

function decodeBasic(value: string): { id: string; secret: string } | undefined {
  const text = Buffer.from(value, "base64").toString("utf8");
  const colon = text.indexOf(":");
  if (colon < 0) return undefined;
  try {
    return { id: decodeURIComponent(text.slice(0, colon)), secret: decodeURIComponent(text.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
