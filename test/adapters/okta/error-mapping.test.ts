import { describe, expect, it } from "vitest";
import { errorFromResponse, parseAuthenticateParams, readErrorBody } from "../../../src/adapters/okta/error-mapping.js";
import { OktaBadRequest, OktaForbidden, OktaInvalidResponse, OktaNotFound, OktaRateLimited, OktaUnauthorized, OktaUnavailable } from "../../../src/governance/okta/errors.js";
import { afterCursor, nextLinkFromHeader } from "../../../src/adapters/okta/link-header.js";

const map = (status: number, headers: Record<string, string> = {}, body: unknown = undefined) =>
  errorFromResponse({ operation: "getUser", status, headers: new Headers(headers), body, retryAfterMs: 1234, bucket: "users" });

describe("translating Okta error responses", () => {
  it.each([
    [400, OktaBadRequest, "okta_bad_request"],
    [401, OktaUnauthorized, "okta_unauthorized"],
    [403, OktaForbidden, "okta_forbidden"],
    [404, OktaNotFound, "okta_not_found"],
    [409, OktaBadRequest, "okta_bad_request"],
    [429, OktaRateLimited, "okta_rate_limited"],
    [500, OktaUnavailable, "okta_unavailable"],
    [503, OktaUnavailable, "okta_unavailable"],
    [302, OktaInvalidResponse, "okta_invalid_response"],
  ])("maps HTTP %i to its coded error", (status, type, code) => {
    const err = map(status);
    expect(err).toBeInstanceOf(type);
    expect(err.code).toBe(code);
    expect(err.operation).toBe("getUser");
    expect(err.hint.length).toBeGreaterThan(10);
  });

  it("keeps Okta's errorId, errorCode and request id for the log", () => {
    const err = map(404, { "x-okta-request-id": "rid-1" }, { errorCode: "E0000007", errorSummary: "Not found: Resource not found: x (User)", errorId: "oae9" });
    expect(err.toLog()).toMatchObject({ code: "okta_not_found", errorId: "oae9", oktaErrorCode: "E0000007", oktaRequestId: "rid-1", status: 404 });
    expect(err.message).toBe("getUser: Not found: Resource not found: x (User)");
  });

  it("gives a 429 the computed wait and its bucket", () => {
    expect(map(429)).toMatchObject({ retryAfterMs: 1234, bucket: "users" });
  });

  it("names no scope for a 403 without an insufficient_scope challenge", () => {
    const err = map(403, { "www-authenticate": 'Bearer error="invalid_token"' }) as OktaForbidden;
    expect(err.missingScope).toBeUndefined();
    expect(err.hint).toContain("admin roles");
  });

  it("tolerates error bodies that are not Okta's", () => {
    expect(readErrorBody("<html>")).toEqual({ causes: [] });
    expect(readErrorBody({ errorCauses: [null, 3, { errorSummary: "ok" }] }).causes).toEqual(["ok"]);
    expect(readErrorBody({ error: "invalid_client", error_description: "bad" })).toMatchObject({ oauthError: "invalid_client", errorSummary: "bad" });
  });

  it("reads challenge parameters with escaped quotes and commas inside quotes", () => {
    expect(parseAuthenticateParams('Bearer realm="a, b", error="insufficient_scope", scope="okta.users.read okta.roles.read", note="say \\"hi\\""')).toEqual({
      realm: "a, b",
      error: "insufficient_scope",
      scope: "okta.users.read okta.roles.read",
      note: 'say "hi"',
    });
    expect(parseAuthenticateParams('DPoP error=use_dpop_nonce')).toEqual({ error: "use_dpop_nonce" });
  });
});

describe("Link headers", () => {
  it("finds rel=next among several links and reads its after cursor", () => {
    const header = '<https://acme.okta.com/api/v1/users?limit=2>; rel="self", <https://acme.okta.com/api/v1/users?after=00u9&limit=2>; rel="next"';
    const next = nextLinkFromHeader(header);
    expect(next).toBe("https://acme.okta.com/api/v1/users?after=00u9&limit=2");
    expect(afterCursor(next, new URL("https://acme.okta.com"))).toBe("00u9");
  });

  it("has no next link on the last page", () => {
    expect(nextLinkFromHeader('<https://acme.okta.com/api/v1/users?limit=2>; rel="self"')).toBeUndefined();
    expect(nextLinkFromHeader(null)).toBeUndefined();
  });
});
