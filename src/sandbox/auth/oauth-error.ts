/** OAuth 2.0 errors (`{ error, error_description }`, RFC 6749 §5.2) as Okta's token endpoint sends them. */
import type { SandboxResponse } from "../contract.js";

export class OAuthError extends Error {
  constructor(
    readonly status: 400 | 401 | 403,
    readonly error: string,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${error}: ${description}`);
    this.name = "OAuthError";
  }
}

/** `invalid_client` (401): the client could not be authenticated. */
export const invalidClient = (description: string) => new OAuthError(401, "invalid_client", description);
/** `invalid_request` (400): the request is missing or repeats a parameter. */
export const invalidRequest = (description: string) => new OAuthError(400, "invalid_request", description);

/** The token endpoint's answer for `error`; never cached, like every token response. */
export function oauthErrorResponse(error: OAuthError): SandboxResponse {
  return {
    status: error.status,
    body: { error: error.error, error_description: error.description },
    headers: { "Cache-Control": "no-store", Pragma: "no-cache", ...error.headers },
  };
}
