/** The org authorization server's metadata documents and its JWKS. */
import type { JWK } from "jose";
import type { PublicRoute } from "../public-route.js";
import { ASYMMETRIC_ALGS } from "./keys.js";
import { TOKEN_PATH } from "./token-endpoint.js";

/** OAuth/OIDC metadata (RFC 8414 / OIDC Discovery) listing what the sandbox serves. */
export function authorizationServerMetadata(issuer: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth2/v1/authorize`,
    token_endpoint: `${issuer}${TOKEN_PATH}`,
    jwks_uri: `${issuer}/oauth2/v1/keys`,
    response_types_supported: ["code"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    grant_types_supported: ["client_credentials", "authorization_code"],
    token_endpoint_auth_methods_supported: ["private_key_jwt", "client_secret_basic", "client_secret_post"],
    code_challenge_methods_supported: ["S256"],
    scopes_supported: ["openid", "profile", "email"],
    claims_supported: ["iss", "sub", "aud", "iat", "exp", "jti", "nonce", "auth_time", "acr", "amr"],
    response_modes_supported: ["query"],
    dpop_signing_alg_values_supported: [...ASYMMETRIC_ALGS],
  };
}

/** The discovery documents and `/oauth2/v1/keys`, in the `oauth-metadata` rate-limit bucket. */
export function discoveryRoutes(options: { issuer: () => string; signingJwks: () => JWK[] }): PublicRoute[] {
  const metadata = (operationId: string, path: string): PublicRoute => ({
    operationId,
    method: "GET",
    path,
    bucket: "oauth-metadata",
    handle: () => ({ status: 200, body: authorizationServerMetadata(options.issuer()) }),
  });
  return [
    metadata("getWellKnownOpenIDConfiguration", "/.well-known/openid-configuration"),
    metadata("getWellKnownOAuthConfiguration", "/.well-known/oauth-authorization-server"),
    {
      operationId: "oauthKeys",
      method: "GET",
      path: "/oauth2/v1/keys",
      bucket: "oauth-metadata",
      handle: () => ({
        status: 200,
        headers: { "Cache-Control": "max-age=86400, must-revalidate" },
        body: { keys: options.signingJwks() },
      }),
    },
  ];
}
