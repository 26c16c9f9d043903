/**
 * Every route of the org, on representative inputs (successes and errors),
 * held to Okta's official OpenAPI specs: the operationId and scope of each
 * route, each request that is meant to be valid, and each response body.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_REQUESTS, DEMO_USERS, EVERYONE_GROUP_ID } from "../../../src/sandbox/org/index.js";
import { loadOktaContract, oktaSpecsPresent } from "../../support/okta-openapi.js";
import type { OktaContract } from "../../support/okta-openapi.js";
import { loadSpecs } from "../../support/okta-openapi/load-specs.js";
import type { OpenApiDocument, SpecName } from "../../support/okta-openapi/load-specs.js";
import { sharedAbsentMessage } from "../../support/shared-dir.js";
import { orgHarness, T0 } from "./route-harness.js";
import type { Call, CalledResponse } from "./route-harness.js";

const DAY = 86_400_000;
const sarBody = (overrides: Record<string, unknown> = {}) => ({
  principalId: DEMO_USERS.dan.id,
  name: "SAR dan.target INC-4711 L-contract",
  endTime: new Date(T0.getTime() + 7 * DAY).toISOString(),
  reviewerSettings: { type: "USER", userSettings: { includedUserIds: [DEMO_USERS.erin.id, DEMO_USERS.frank.id] } },
  ...overrides,
});

interface Case {
  name: string;
  operationId: string;
  call: Call | ((sarId: string) => Call);
  status: number;
  /** The request breaks the contract on purpose (to provoke a 400); only the response is checked. */
  invalidRequest?: boolean;
}

const sar = (extra: Omit<Call, "params"> = {}) => (id: string): Call => ({ params: { securityAccessReviewId: id }, ...extra });
const request = (requestId: string, extra: Omit<Call, "params"> = {}): Call => ({ params: { requestId }, ...extra });

const cases: Case[] = [
  { name: "list users", operationId: "listUsers", call: {}, status: 200 },
  { name: "search users by email", operationId: "listUsers", call: { query: { search: 'profile.email eq "pat@example.com"', limit: "1" } }, status: 200 },
  { name: "filter users by status", operationId: "listUsers", call: { query: { filter: 'status eq "DEPROVISIONED"' } }, status: 200 },
  { name: "search users with a bad filter", operationId: "listUsers", call: { query: { search: "profile.email eq" } }, status: 400 },
  { name: "get a user by login", operationId: "getUser", call: { params: { userId: DEMO_USERS.gina.login } }, status: 200 },
  { name: "get an unknown user", operationId: "getUser", call: { params: { userId: "00u0000000000000none" } }, status: 404 },
  { name: "list a user's groups", operationId: "listUserGroups", call: { params: { userId: DEMO_USERS.alice.id } }, status: 200 },
  { name: "list an unknown user's groups", operationId: "listUserGroups", call: { params: { userId: "nobody" } }, status: 404 },
  { name: "list groups", operationId: "listGroups", call: {}, status: 200 },
  { name: "list groups by name prefix, one a page", operationId: "listGroups", call: { query: { q: "e", limit: "1" } }, status: 200 },
  { name: "get a group", operationId: "getGroup", call: { params: { groupId: EVERYONE_GROUP_ID } }, status: 200 },
  { name: "get an unknown group", operationId: "getGroup", call: { params: { groupId: "00g0000000000000none" } }, status: 404 },
  { name: "list a super admin's roles", operationId: "listAssignedRolesForUser", call: { params: { userId: DEMO_USERS.carol.id } }, status: 200 },
  { name: "list a custom role", operationId: "listAssignedRolesForUser", call: { params: { userId: DEMO_USERS.grace.id } }, status: 200 },
  { name: "list an unknown user's roles", operationId: "listAssignedRolesForUser", call: { params: { userId: "00u0000000000000none" } }, status: 404 },

  { name: "create a SAR", operationId: "createSecurityAccessReview", call: { body: sarBody() }, status: 202 },
  {
    name: "create a SAR reviewed by its principal",
    operationId: "createSecurityAccessReview",
    call: { body: sarBody({ reviewerSettings: { type: "USER", userSettings: { includedUserIds: [DEMO_USERS.dan.id] } } }) },
    status: 400,
  },
  { name: "create a SAR with an empty name", operationId: "createSecurityAccessReview", call: { body: sarBody({ name: "" }) }, status: 400, invalidRequest: true },
  { name: "get a SAR", operationId: "getSecurityAccessReview", call: sar(), status: 200 },
  { name: "get an unknown SAR", operationId: "getSecurityAccessReview", call: { params: { securityAccessReviewId: "sar00000000000000404" } }, status: 404 },
  { name: "list SARs by name", operationId: "listSecurityAccessReviews", call: { query: { filter: 'name co "L-contract"', limit: "1" } }, status: 200 },
  { name: "SAR stats", operationId: "getSecurityAccessReviewsStats", call: {}, status: 200 },
  { name: "list a SAR's accesses", operationId: "listSecurityAccessReviewAccesses", call: sar(), status: 200 },
  { name: "comment on a SAR", operationId: "addSecurityAccessReviewComment", call: sar({ body: { comment: "Looks suspicious" } }), status: 204 },
  { name: "comment on an unknown SAR", operationId: "addSecurityAccessReviewComment", call: { params: { securityAccessReviewId: "sar00000000000000404" }, body: { comment: "x" } }, status: 404 },
  { name: "close a SAR", operationId: "executeSecurityAccessReviewAction", call: sar({ body: { actionType: "CLOSE_REVIEW" } }), status: 202 },

  { name: "list requests", operationId: "listAllRequestsV2", call: { query: { limit: "2", orderBy: "created desc" } }, status: 200 },
  { name: "filter requests", operationId: "listAllRequestsV2", call: { query: { filter: `requestedFor eq "${DEMO_USERS.dan.id}" and status eq "APPROVED"` } }, status: 200 },
  { name: "list requests with a malformed filter", operationId: "listAllRequestsV2", call: { query: { filter: 'status eq "PENDING' } }, status: 400 },
  { name: "list requests after an unknown cursor", operationId: "listAllRequestsV2", call: { query: { after: "req00000000000000404" } }, status: 400 },
  ...Object.entries(DEMO_REQUESTS).map(([key, r]): Case => ({ name: `get request ${key}`, operationId: "getRequestV2", call: request(r.id), status: 200 })),
  { name: "get an unknown request", operationId: "getRequestV2", call: request("req00000000000000404"), status: 404 },
  { name: "post a request message", operationId: "createRequestMessageV2", call: request(DEMO_REQUESTS.danPending.id, { body: { message: "Please hold" } }), status: 201 },
  {
    name: "post a too long request message",
    operationId: "createRequestMessageV2",
    call: request(DEMO_REQUESTS.danPending.id, { body: { message: "m".repeat(5001) } }),
    status: 400,
    invalidRequest: true,
  },
];

/**
 * Where Okta answers a status its spec leaves out (a 400 on listUsers, SAR
 * create, ...), the body is still Okta's common error; it is checked against
 * the error schema of a sibling operation that documents a 400.
 */
const errorSchemaOf: Record<SpecName, { method: string; url: string }> = {
  management: { method: "POST", url: "/api/v1/users" },
  governance: { method: "GET", url: "/governance/api/v2/requests" },
  oauth: { method: "POST", url: "/oauth2/v1/token" },
};

describe.skipIf(!oktaSpecsPresent)(
  oktaSpecsPresent ? "the org's routes against Okta's OpenAPI specs" : `org routes contract: ${sharedAbsentMessage}`,
  () => {
    let contract: OktaContract;
    let docs: Record<SpecName, OpenApiDocument>;
    beforeAll(async () => {
      [contract, docs] = await Promise.all([loadOktaContract(), loadSpecs()]);
    });

    it("routes are the spec's operations at their path and method, with the scope the spec requires", () => {
      const { routes } = orgHarness();
      for (const route of routes) {
        const url = route.path.replace(/\{[^}]+\}/g, "x");
        expect(contract.validateRequest({ method: route.method, url }).operationId, route.path).toBe(route.operationId);
        const spec = route.path.startsWith("/governance/") ? docs.governance : docs.management;
        const operation = spec.paths[route.path]?.[route.method.toLowerCase()] as { security?: Record<string, string[]>[] };
        const scopes = (operation.security ?? []).flatMap((s) => s.OAuth2 ?? s.oauth2 ?? []);
        expect(scopes, route.operationId).toContain(route.scope);
      }
    });

    it("every route has a successful case below", () => {
      const { routes } = orgHarness();
      const covered = new Set(cases.filter((c) => c.status < 300).map((c) => c.operationId));
      expect(routes.map((r) => r.operationId).filter((id) => !covered.has(id))).toEqual([]);
    });

    it.each(cases)("$name: answers $status, and request and response conform", async (testCase) => {
      const { org, call } = orgHarness({ sarActivationDelayMs: 0 });
      const created = org.createSar({
        name: "SAR for the contract L-contract",
        principalId: DEMO_USERS.dan.id,
        reviewerIds: [DEMO_USERS.erin.id],
        endTime: new Date(T0.getTime() + 7 * DAY).toISOString(),
        createdBy: DEMO_USERS.carol.id,
      });
      const init = typeof testCase.call === "function" ? testCase.call(created.id) : testCase.call;
      const res: CalledResponse = await call(testCase.operationId, init);
      expect(res.status, JSON.stringify(res.body)).toBe(testCase.status);

      const headers: Record<string, string> = init.body === undefined ? {} : { "content-type": "application/json" };
      const checked = contract.validateRequest({ method: res.method, url: res.url, headers, body: init.body });
      expect(checked.operationId).toBe(testCase.operationId);
      if (!testCase.invalidRequest) expect(checked.errors).toEqual([]);

      const response = { status: res.status, headers: { "content-type": "application/json" }, body: res.body };
      const result = contract.validateResponse({ method: res.method, url: res.url }, response);
      const undocumented = result.errors.length === 1 && / is not documented /.test(result.errors[0] ?? "");
      if (undocumented && res.error) {
        const spec: SpecName = res.url.startsWith("/governance/") ? "governance" : "management";
        expect(contract.validateResponse(errorSchemaOf[spec], { ...response, status: 400 }).errors).toEqual([]);
      } else {
        expect(result.errors).toEqual([]);
      }
    });
  },
);
