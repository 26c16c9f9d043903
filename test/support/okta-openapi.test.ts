import { beforeAll, describe, expect, it } from "vitest";
import { contractErrors, loadOktaContract, type OktaContract, oktaSpecsPresent } from "./okta-openapi.js";
import { sharedAbsentMessage } from "./shared-dir.js";

const sarPath = "/governance/api/v2/security-access-reviews";
const userId = (n: number): string => `00u${String(n).padStart(17, "0")}`;

function sarBody(reviewers: number): Record<string, unknown> {
  return {
    principalId: userId(0),
    name: "SAR target INC-4711 L-abc123",
    endTime: "2030-01-08T00:00:00.000Z",
    reviewerSettings: { type: "USER", userSettings: { includedUserIds: Array.from({ length: reviewers }, (_, i) => userId(i + 1)) } },
  };
}

const oktaError = { errorCode: "E0000007", errorSummary: "Not found: Resource not found: sar1 (SecurityAccessReview)", errorLink: "E0000007", errorId: "oae1a2b3c4d5e6f7g8h9i0", errorCauses: [] };

describe.skipIf(!oktaSpecsPresent)(oktaSpecsPresent ? "the Okta OpenAPI contract" : sharedAbsentMessage, () => {
  let contract: OktaContract;
  beforeAll(async () => {
    contract = await loadOktaContract();
  });

  it("loads once per process", async () => {
    expect(await loadOktaContract()).toBe(contract);
  });

  describe("createSecurityAccessReview requests", () => {
    it("a valid body passes and names the operation", () => {
      const result = contract.validateRequest({ method: "POST", url: `https://acme.okta.com${sarPath}`, headers: { "Content-Type": "application/json" }, body: sarBody(2) });
      expect(result).toEqual({ operationId: "createSecurityAccessReview", errors: [] });
    });

    it("an 11-reviewer list fails with a readable error", () => {
      const result = contract.validateRequest({ method: "POST", url: sarPath, body: sarBody(11) });
      expect(result.errors).toEqual([
        "POST /governance/api/v2/security-access-reviews request body: /reviewerSettings/userSettings/includedUserIds must NOT have more than 10 items",
      ]);
    });

    it("a body without principalId fails", () => {
      const { principalId: _dropped, ...body } = sarBody(1);
      const result = contract.validateRequest({ method: "POST", url: sarPath, body });
      expect(result.errors).toEqual([`POST ${sarPath} request body: must have required property 'principalId'`]);
    });

    it("a JSON body sent as text is parsed before it is checked", () => {
      const result = contract.validateRequest({ method: "POST", url: sarPath, headers: { "content-type": "application/json" }, body: JSON.stringify(sarBody(11)) });
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toContain("must NOT have more than 10 items");
    });

    it("a missing body fails because the operation requires one", () => {
      expect(contract.validateRequest({ method: "POST", url: sarPath }).errors).toEqual([`POST ${sarPath} request body is required`]);
    });
  });

  describe("responses", () => {
    const getSar = { method: "GET", url: `${sarPath}/sar1lo5X9wmNTFX7x0g4` };

    it("an Okta error body passes as a 404", () => {
      expect(contract.validateResponse(getSar, { status: 404, body: oktaError })).toEqual({ operationId: "getSecurityAccessReview", errors: [] });
    });

    it("an error body without errorId (required by the error schema) fails", () => {
      const { errorId: _dropped, ...body } = oktaError;
      expect(contract.validateResponse(getSar, { status: 404, body }).errors).toEqual([
        `GET ${sarPath}/sar1lo5X9wmNTFX7x0g4 response 404 body: must have required property 'errorId'`,
      ]);
    });

    it("an undocumented status fails", () => {
      const result = contract.validateResponse(getSar, { status: 418, body: oktaError });
      expect(result.errors).toEqual([
        `GET ${sarPath}/sar1lo5X9wmNTFX7x0g4 response status 418 is not documented (documented: 200, 401, 403, 404, 429, 500)`,
      ]);
    });

    it("a documented JSON body that is missing fails", () => {
      expect(contract.validateResponse(getSar, { status: 404 }).errors).toEqual([`GET ${sarPath}/sar1lo5X9wmNTFX7x0g4 response 404 body is missing`]);
    });

    it("a 204 with no body passes and one with a body fails", () => {
      const comment = { method: "POST", url: `${sarPath}/sar1lo5X9wmNTFX7x0g4/comment` };
      expect(contract.validateResponse(comment, { status: 204 }).errors).toEqual([]);
      expect(contract.validateResponse(comment, { status: 204, body: { ok: true } }).errors).toHaveLength(1);
    });

    it("role assignments are checked against the subtype their discriminator names", () => {
      const roles = { method: "GET", url: "/api/v1/users/00u1ero7vZFVEIYLWPBN/roles" };
      const superAdmin = { id: "ra1", type: "SUPER_ADMIN", label: "Super Administrator", status: "ACTIVE", assignmentType: "USER", created: "2024-01-01T00:00:00.000Z", lastUpdated: "2024-01-01T00:00:00.000Z" };
      expect(contract.validateResponse(roles, { status: 200, body: [superAdmin] }).errors).toEqual([]);
      expect(contract.validateResponse(roles, { status: 200, body: [{ ...superAdmin, type: "NOT_A_ROLE" }] }).errors.join("\n")).toContain(
        "/0/type must be equal to one of the allowed values",
      );
    });
  });

  describe("paths and methods", () => {
    it("an unknown path fails instead of passing silently", () => {
      expect(contract.validateRequest({ method: "GET", url: "/api/v1/no-such-thing" })).toEqual({ errors: ["GET /api/v1/no-such-thing: no such path in the Okta specs"] });
    });

    it("an undocumented method on a known path fails", () => {
      expect(contract.validateRequest({ method: "DELETE", url: `${sarPath}/stats` }).errors[0]).toMatch(/DELETE .*stats: method not documented .*\(documented: GET\)/);
    });

    it("a literal segment wins over a path parameter", () => {
      expect(contract.validateRequest({ method: "GET", url: `${sarPath}/stats` }).operationId).toBe("getSecurityAccessReviewsStats");
      expect(contract.validateRequest({ method: "GET", url: `${sarPath}/sar1lo5X9wmNTFX7x0g4` }).operationId).toBe("getSecurityAccessReview");
    });
  });

  describe("parameters", () => {
    it("a valid listUsers query passes", () => {
      const url = `/api/v1/users?search=${encodeURIComponent('profile.email eq "a@example.com"')}&limit=200&after=00u1`;
      expect(contract.validateRequest({ method: "GET", url })).toEqual({ operationId: "listUsers", errors: [] });
    });

    it("limit=abc fails because limit is an integer", () => {
      expect(contract.validateRequest({ method: "GET", url: "/api/v1/users?limit=abc" }).errors).toEqual(["GET /api/v1/users query parameter limit: must be integer"]);
    });

    it("a limit above the documented maximum fails", () => {
      expect(contract.validateRequest({ method: "GET", url: `${sarPath}?limit=201` }).errors).toEqual([`GET ${sarPath} query parameter limit: must be <= 200`]);
    });

    it("an undocumented query parameter fails", () => {
      expect(contract.validateRequest({ method: "GET", url: "/api/v1/users?serch=x" }).errors).toEqual(["GET /api/v1/users query parameter serch is not documented for this operation"]);
    });

    it("a path parameter that breaks its schema fails", () => {
      const errors = contract.validateRequest({ method: "GET", url: "/governance/api/v2/requests/nope" }).errors;
      expect(errors.join("\n")).toContain("path parameter requestId: must match pattern");
    });
  });

  describe("the token endpoint", () => {
    const token = { method: "POST", url: "/oauth2/v1/token", headers: { "content-type": "application/x-www-form-urlencoded" } };
    const fields = {
      grant_type: "client_credentials",
      scope: "okta.users.read okta.governance.securityAccessReviews.admin.manage",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: "eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
    };

    it("a client_credentials form body passes, as text or as fields", () => {
      expect(contract.validateRequest({ ...token, body: new URLSearchParams(fields).toString() })).toEqual({ operationId: "token", errors: [] });
      expect(contract.validateRequest({ ...token, body: fields }).errors).toEqual([]);
    });

    it("client_credentials without scope fails", () => {
      const { scope: _dropped, ...rest } = fields;
      expect(contract.validateRequest({ ...token, body: new URLSearchParams(rest).toString() }).errors).toEqual([
        "POST /oauth2/v1/token request body: must have required property 'scope'",
      ]);
    });

    it("an unknown grant type fails", () => {
      const errors = contract.validateRequest({ ...token, body: { ...fields, grant_type: "magic" } }).errors;
      expect(errors.join("\n")).toContain("/grant_type must be equal to one of the allowed values");
    });

    it("a DPoP-bound token response passes (erratum: token_type DPoP)", () => {
      const body = { token_type: "DPoP", expires_in: 3600, access_token: "eyJ...", scope: "okta.users.read" };
      expect(contract.validateResponse(token, { status: 200, headers: { "content-type": "application/json" }, body }).errors).toEqual([]);
    });

    it("a JSON body where the form is documented fails", () => {
      const errors = contract.validateRequest({ ...token, headers: { "content-type": "application/json" }, body: fields }).errors;
      expect(errors).toEqual(["POST /oauth2/v1/token request body: content type application/json is not documented (documented: application/x-www-form-urlencoded)"]);
    });
  });

  it("contractErrors checks both sides of recorded exchanges", () => {
    const exchanges = [
      { request: { method: "GET", url: "/api/v1/users?limit=abc" }, response: { status: 200, body: [] } },
      { request: { method: "GET", url: `${sarPath}/sar1lo5X9wmNTFX7x0g4` }, response: { status: 404, body: { errorCode: "E0000007" } } },
    ];
    const errors = contractErrors(contract, exchanges);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toContain("limit: must be integer");
    expect(errors.slice(1).join("\n")).toContain("must have required property 'errorId'");
  });
});
