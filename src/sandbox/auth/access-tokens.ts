/** Access tokens: JWTs signed with the sandbox's key, shaped like the Okta org authorization server's. */
import { SignJWT, jwtVerify } from "jose";
import type { SandboxClock } from "../clock.js";
import { randomBase62 } from "../clock.js";
import type { GeneratedKeyPair } from "./keys.js";

export const ACCESS_TOKEN_LIFETIME_S = 3600;

export interface TokenGrant {
  clientId: string;
  scopes: string[];
  /** Thumbprint of the DPoP key the token is bound to (`cnf.jkt`). */
  jkt?: string;
}

export type VerifiedToken = TokenGrant;

export interface AccessTokens {
  issue(grant: TokenGrant): Promise<string>;
  /** The grant inside a valid token, or `undefined` with the reason it is not valid. */
  verify(token: string): Promise<{ ok: true; grant: VerifiedToken } | { ok: false; reason: "expired" | "invalid" }>;
}

/** Issues and checks access tokens; `issuer` is read per call because the port is known only after listen. */
export function createAccessTokens(options: { key: GeneratedKeyPair; issuer: () => string; clock: SandboxClock }): AccessTokens {
  const { key, clock } = options;
  return {
    async issue(grant) {
      const issuedAt = Math.floor(clock.now().getTime() / 1000);
      const jwt = new SignJWT({
        ver: 1,
        cid: grant.clientId,
        scp: grant.scopes,
        ...(grant.jkt ? { cnf: { jkt: grant.jkt } } : {}),
      })
        .setProtectedHeader({ alg: "RS256", kid: key.kid })
        .setJti(`AT.${randomBase62(43)}`)
        .setIssuer(options.issuer())
        .setAudience(options.issuer())
        .setSubject(grant.clientId)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ACCESS_TOKEN_LIFETIME_S);
      return jwt.sign(key.privateKey);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key.publicKey, {
          algorithms: ["RS256"],
          issuer: options.issuer(),
          audience: options.issuer(),
          currentDate: clock.now(),
          clockTolerance: 0,
        });
        const scopes = payload.scp;
        const cnf = payload.cnf as { jkt?: unknown } | undefined;
        if (typeof payload.cid !== "string" || !Array.isArray(scopes) || !scopes.every((s) => typeof s === "string")) {
          return { ok: false, reason: "invalid" };
        }
        const grant: VerifiedToken = { clientId: payload.cid, scopes };
        if (typeof cnf?.jkt === "string") grant.jkt = cnf.jkt;
        return { ok: true, grant };
      } catch (error) {
        const expired = error instanceof Error && "code" in error && error.code === "ERR_JWT_EXPIRED";
        return { ok: false, reason: expired ? "expired" : "invalid" };
      }
    },
  };
}
