/**
 * Authentication and scope checks for Okta API calls: `SSWS <api token>`
 * (every scope), `Bearer <token>`, or `DPoP <token>` with a proof signed by
 * the key the token is bound to.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { SandboxClock } from "../clock.js";
import { SandboxApiError, oktaErrors } from "../contract.js";
import type { SandboxRequest } from "../contract.js";
import type { AccessTokens } from "./access-tokens.js";
import { DpopProofError, verifyDpopProof } from "./dpop.js";
import { ASYMMETRIC_ALGS } from "./keys.js";
import type { ReplayCache } from "./replay-cache.js";

export type Caller = SandboxRequest["caller"];

export interface ResourceCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** `http://<host>` as the client reached the sandbox. */
  requestBase: string;
  /** The scope the operation needs (named in the challenge). */
  scope: string;
}

export interface ResourceGuard {
  /** Who is calling, or throws a 401 `SandboxApiError`. */
  authenticate(call: ResourceCall): Promise<Caller>;
  /** Throws Okta's 403 with an `insufficient_scope` challenge when `caller` lacks the scope. */
  authorize(caller: Caller, call: ResourceCall): void;
}

/** A guard over the sandbox's access tokens and API tokens. */
export function createResourceGuard(deps: {
  tokens: AccessTokens;
  apiTokens: () => readonly string[];
  replay: ReplayCache;
  clock: SandboxClock;
  issuer: () => string;
}): ResourceGuard {
  const bearerChallenge = (call: ResourceCall, error?: { code: string; description: string }) =>
    challenge("Bearer", {
      authorization_uri: `${deps.issuer()}/oauth2/v1/authorize`,
      realm: deps.issuer(),
      scope: call.scope,
      ...(error ? { error: error.code, error_description: error.description } : {}),
      resource: call.path,
    });
  const dpopChallenge = (code: string, description: string) =>
    challenge("DPoP", { algs: ASYMMETRIC_ALGS.join(" "), error: code, error_description: description });
  const unauthorized = (wwwAuthenticate?: string) => {
    const base = oktaErrors.unauthorized();
    return new SandboxApiError(base.status, base.errorCode, base.errorSummary, [], wwwAuthenticate ? { "WWW-Authenticate": wwwAuthenticate } : {});
  };

  return {
    async authenticate(call) {
      const header = call.headers.authorization ?? "";
      const space = header.indexOf(" ");
      const scheme = space === -1 ? header.toLowerCase() : header.slice(0, space).toLowerCase();
      const credential = space === -1 ? "" : header.slice(space + 1).trim();

      if (scheme === "ssws") {
        if (credential && deps.apiTokens().some((token) => sameSecret(token, credential))) return { kind: "ssws" };
        throw unauthorized();
      }
      if (scheme !== "bearer" && scheme !== "dpop") throw unauthorized(bearerChallenge(call));
      if (!credential) throw unauthorized(bearerChallenge(call, invalidToken("invalid")));

      const verified = await deps.tokens.verify(credential);
      if (!verified.ok) {
        const reason = invalidToken(verified.reason);
        throw unauthorized(scheme === "dpop" ? dpopChallenge(reason.code, reason.description) : bearerChallenge(call, reason));
      }
      const { grant } = verified;
      if (grant.jkt === undefined) {
        if (scheme === "dpop") throw unauthorized(dpopChallenge("invalid_token", "The access token is not bound to a DPoP key."));
      } else {
        // A DPoP-bound token is worthless without a proof from its key (RFC 9449 §7).
        if (scheme !== "dpop") throw unauthorized(dpopChallenge("invalid_token", "A DPoP-bound access token must be sent with the DPoP scheme."));
        await checkResourceProof(call, credential, grant.jkt);
      }
      return { kind: "oauth", clientId: grant.clientId, scopes: grant.scopes };
    },
    authorize(caller, call) {
      if (caller.kind === "ssws" || caller.scopes.includes(call.scope)) return;
      const base = oktaErrors.forbidden();
      throw new SandboxApiError(base.status, base.errorCode, base.errorSummary, [], {
        "WWW-Authenticate": bearerChallenge(call, {
          code: "insufficient_scope",
          description: "The access token provided does not contain the required scopes.",
        }),
      });
    },
  };

  async function checkResourceProof(call: ResourceCall, accessToken: string, jkt: string): Promise<void> {
    let proofJkt: string;
    try {
      proofJkt = await verifyDpopProof({
        proof: call.headers.dpop,
        method: call.method,
        url: `${call.requestBase}${call.path}`,
        now: deps.clock.now(),
        replay: deps.replay,
        accessToken,
      });
    } catch (error) {
      if (error instanceof DpopProofError) throw unauthorized(dpopChallenge("invalid_dpop_proof", error.description));
      throw error;
    }
    if (proofJkt !== jkt) throw unauthorized(dpopChallenge("invalid_dpop_proof", "The DPoP proof key does not match the access token's binding."));
  }
}

function invalidToken(reason: "expired" | "invalid"): { code: string; description: string } {
  return { code: "invalid_token", description: reason === "expired" ? "The access token is expired." : "The access token is invalid." };
}

/** A `WWW-Authenticate` challenge: `Scheme k="v", ...` with quotes escaped. */
function challenge(scheme: string, params: Record<string, string>): string {
  const parts = Object.entries(params).map(([key, value]) => `${key}="${value.replace(/["\\]/g, "\\$&")}"`);
  return `${scheme} ${parts.join(", ")}`;
}

function sameSecret(expected: string, given: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(expected), digest(given));
}
