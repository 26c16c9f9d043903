/**
 * `POST /oauth2/v1/token`: the client-credentials grant with `private_key_jwt`
 * client authentication, and DPoP-bound tokens for apps that require DPoP;
 * the authorization-code grant of web apps is handed to `code-grant.ts`.
 */
import type { SandboxClock } from "../clock.js";
import type { PublicRequest, PublicResponse, PublicRoute } from "../public-route.js";
import { ACCESS_TOKEN_LIFETIME_S } from "./access-tokens.js";
import type { AccessTokens } from "./access-tokens.js";
import { authenticateClient } from "./client-assertion.js";
import type { ClientRegistry } from "./clients.js";
import type { AuthorizationCodes } from "./code-grant.js";
import { DpopProofError, verifyDpopProof } from "./dpop.js";
import type { DpopNonces } from "./dpop.js";
import { OAuthError, invalidRequest, oauthErrorResponse } from "./oauth-error.js";
import type { ReplayCache } from "./replay-cache.js";

export const TOKEN_PATH = "/oauth2/v1/token";

export interface TokenEndpointDeps {
  clients: ClientRegistry;
  tokens: AccessTokens;
  replay: ReplayCache;
  nonces: DpopNonces;
  clock: SandboxClock;
  /** The authorization-code grant of web apps, when the org has them. */
  codes?: AuthorizationCodes;
}

/** The token endpoint as a public route. */
export function tokenRoute(deps: TokenEndpointDeps): PublicRoute {
  return {
    operationId: "token",
    method: "POST",
    path: TOKEN_PATH,
    bucket: "token",
    async handle(req) {
      let caller: string | undefined;
      try {
        const form = readForm(req);
        if (form.get("grant_type") === "authorization_code" && deps.codes) {
          caller = form.get("client_id") ?? undefined;
          return await deps.codes.exchange(form, req);
        }
        const endpointUrl = `${req.requestBase}${TOKEN_PATH}`;
        const now = deps.clock.now();
        const { client, consume } = await authenticateClient(form, { endpointUrl, clients: deps.clients, replay: deps.replay, now });
        caller = client.clientId;

        if (form.get("grant_type") !== "client_credentials") {
          throw new OAuthError(400, "unsupported_grant_type", "The grant type in the request isn't supported.");
        }
        const scopes = [...new Set((form.get("scope") ?? "").split(" ").filter((s) => s !== ""))];
        if (scopes.length === 0) throw new OAuthError(400, "invalid_scope", "No scopes were requested.");
        const notGranted = scopes.filter((scope) => !client.scopes.includes(scope));
        if (notGranted.length > 0) {
          throw new OAuthError(400, "invalid_scope", `The following scopes are not granted to the client: ${notGranted.join(" ")}`);
        }

        // Only an app that requires DPoP gets a bound token. Real Okta gives any other app a Bearer token and
        // ignores a proof it sent (RFC 9449 §5 lets a server do either); okta-sdk-nodejs always sends one.
        let jkt: string | undefined;
        if (client.requireDpop) jkt = await checkProof(req, endpointUrl, deps);
        consume();
        const accessToken = await deps.tokens.issue({ clientId: client.clientId, scopes, ...(jkt ? { jkt } : {}) });
        return {
          status: 200,
          caller,
          headers: {
            "Cache-Control": "no-store",
            Pragma: "no-cache",
            ...(jkt ? { "DPoP-Nonce": deps.nonces.current() } : {}),
          },
          body: { token_type: jkt ? "DPoP" : "Bearer", expires_in: ACCESS_TOKEN_LIFETIME_S, access_token: accessToken, scope: scopes.join(" ") },
        } satisfies PublicResponse;
      } catch (error) {
        if (error instanceof OAuthError) return { ...oauthErrorResponse(error), ...(caller ? { caller } : {}) };
        throw error;
      }
    },
  };
}

async function checkProof(req: PublicRequest, endpointUrl: string, deps: TokenEndpointDeps): Promise<string> {
  try {
    return await verifyDpopProof({
      proof: req.headers.dpop,
      method: "POST",
      url: endpointUrl,
      now: deps.clock.now(),
      replay: deps.replay,
      nonces: deps.nonces,
    });
  } catch (error) {
    if (!(error instanceof DpopProofError)) throw error;
    if (error.kind === "use-nonce") {
      throw new OAuthError(400, "use_dpop_nonce", error.description, { "DPoP-Nonce": deps.nonces.current() });
    }
    throw new OAuthError(400, "invalid_dpop_proof", error.description);
  }
}

function readForm(req: PublicRequest): URLSearchParams {
  const contentType = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (contentType !== "application/x-www-form-urlencoded") {
    throw invalidRequest("The request must be application/x-www-form-urlencoded.");
  }
  const form = new URLSearchParams(req.rawBody.toString("utf8"));
  for (const name of new Set(form.keys())) {
    if (form.getAll(name).length > 1) throw invalidRequest(`The '${name}' parameter was repeated.`);
  }
  return form;
}
