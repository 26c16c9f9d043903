/**
 * `private_key_jwt` client authentication (RFC 7523) with Okta's checks:
 * signature by a registered key, `iss` = `sub` = client id, `aud` exactly the
 * endpoint invoked, `exp` in the future and at most an hour ahead, `jti`
 * never seen before.
 * @see https://developer.okta.com/docs/api/openapi/okta-oauth/guides/client-auth/
 */
import { compactVerify, decodeJwt, decodeProtectedHeader } from "jose";
import type { JWK } from "jose";
import { ASYMMETRIC_ALGS } from "./keys.js";
import type { ClientRegistry, RegisteredClient } from "./clients.js";
import { invalidClient, invalidRequest } from "./oauth-error.js";
import type { ReplayCache } from "./replay-cache.js";

export const JWT_BEARER_ASSERTION = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const MAX_ASSERTION_LIFETIME_S = 3600;

export interface AuthenticatedClient {
  client: RegisteredClient;
  /** Call once the request succeeds: marks the assertion's `jti` used. */
  consume: () => void;
}

/** Authenticates the client of a token request, or throws an `OAuthError`. */
export async function authenticateClient(
  form: URLSearchParams,
  context: { endpointUrl: string; clients: ClientRegistry; replay: ReplayCache; now: Date },
): Promise<AuthenticatedClient> {
  const assertion = form.get("client_assertion");
  const assertionType = form.get("client_assertion_type");
  if (assertion === null && assertionType === null) throw invalidClient("No client credentials found");
  if (assertionType !== JWT_BEARER_ASSERTION) throw invalidRequest("The `client_assertion_type` is invalid.");
  if (!assertion) throw invalidClient("No client credentials found");

  let claims: Record<string, unknown>;
  let header: { alg?: string; kid?: string };
  try {
    claims = decodeJwt(assertion);
    header = decodeProtectedHeader(assertion);
  } catch {
    throw invalidClient("The client_assertion token is malformed.");
  }

  const clientId = claims.sub;
  if (typeof clientId !== "string" || claims.iss !== clientId) {
    throw invalidClient("The client_assertion 'iss' and 'sub' claims must both be the client_id.");
  }
  const formClientId = form.get("client_id");
  if (formClientId !== null && formClientId !== clientId) {
    throw invalidClient("The client_id parameter does not match the client_assertion 'sub' claim.");
  }
  const client = context.clients.get(clientId);
  if (!client) throw invalidClient("Invalid value for the `client_id` parameter");

  const key = pickKey(client, header.kid);
  if (!header.alg || !(ASYMMETRIC_ALGS as readonly string[]).includes(header.alg) || header.alg !== key.alg) {
    throw invalidClient("The client_assertion signature algorithm is not allowed for this client.");
  }
  try {
    await compactVerify(assertion, key, { algorithms: [key.alg] });
  } catch {
    throw invalidClient("The client_assertion signature is invalid.");
  }

  if (!audienceIs(claims.aud, context.endpointUrl)) {
    throw invalidClient("The audience claim for client_assertion must be the endpoint invoked for the request.");
  }
  const nowS = Math.floor(context.now.getTime() / 1000);
  if (typeof claims.exp !== "number") throw invalidClient("The client_assertion token must have an 'exp' claim.");
  if (claims.exp <= nowS) throw invalidClient("The client_assertion token is expired.");
  if (claims.exp > nowS + MAX_ASSERTION_LIFETIME_S) {
    throw invalidClient("The client_assertion token has an expiration too far into the future.");
  }
  if (typeof claims.nbf === "number" && claims.nbf > nowS) throw invalidClient("The client_assertion token is not yet valid.");
  const jti = claims.jti;
  if (typeof jti !== "string" || jti === "") throw invalidClient("The client_assertion token must have a 'jti' claim.");
  const replayKey = `assertion:${clientId}:${jti}`;
  if (context.replay.seen(replayKey)) throw invalidClient("The client_assertion token has already been used.");

  const expiresAtMs = claims.exp * 1000;
  return { client, consume: () => context.replay.remember(replayKey, expiresAtMs) };
}

function pickKey(client: RegisteredClient, kid: string | undefined): JWK & { alg: string } {
  const only = client.publicJwks.length === 1 ? client.publicJwks[0] : undefined;
  const key = kid === undefined ? only : client.publicJwks.find((candidate) => candidate.kid === kid);
  if (!key) throw invalidClient("The client_assertion JWT kid is invalid.");
  return key;
}

/** Okta accepts only the exact endpoint URL (a one-element array holding it is the same claim). */
function audienceIs(aud: unknown, endpointUrl: string): boolean {
  if (typeof aud === "string") return aud === endpointUrl;
  return Array.isArray(aud) && aud.length === 1 && aud[0] === endpointUrl;
}
