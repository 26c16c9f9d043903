import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOktaClient, OktaBadRequest, OktaInvalidResponse } from "../../../src/adapters/okta/index.js";
import type { OktaGovernance } from "../../../src/governance/ports.js";
import type { AccessRequestId, OktaUserId, SarId } from "../../../src/governance/okta/types.js";
import { startFakeOkta, type ApiRequest, type ApiResponse, type FakeOkta } from "./support/fake-okta.js";
import { fakeClock } from "./support/test-kit.js";

const T0 = new Date("2030-01-01T00:00:00Z");
const ADA = "00u1aaaaaaaaaaaaaaaa" as OktaUserId;
const BOB = "00u2bbbbbbbbbbbbbbbb" as OktaUserId;
const SAR_ID = "sar12345678901234567" as SarId;
const REQ_ID = "req12345678901234567" as AccessRequestId;
const user = (id: string, login: string) => ({ id, status: "ACTIVE", profile: { login, email: login } });
const sar = { id: SAR_ID, name: "SAR ada INC-1 ref-abc", status: "PENDING", endTime: "2030-01-08T00:00:00.000Z", reviewerSettings: { type: "USER", userSettings: { includedUserIds: [BOB] } }, _links: { self: { href: "https://x/sar" } } };
const request = { id: REQ_ID, status: "PENDING", created: "2029-12-31T00:00:00.000Z", requestedFor: { type: "OKTA_USER", externalId: ADA } };

let okta: FakeOkta;
let client: OktaGovernance;
let routes: Record<string, (req: ApiRequest) => ApiResponse>;

beforeEach(async () => {
  okta = await startFakeOkta();
  okta.validTokens.add("api-token");
  routes = {};
  okta.setApi((req) => routes[`${req.method} ${req.path}`]?.(req) ?? { status: 404, body: { errorCode: "E0000007", errorSummary: "Not found" } });
  client = createOktaClient({
    orgUrl: okta.orgUrl,
    auth: { kind: "ssws", apiToken: "api-token" },
    logger: pino({ level: "silent" }),
    clock: fakeClock(T0),
    retry: "never",
  });
});
afterEach(async () => {
  await okta.close();
});

describe("users", () => {
  it("finds users by a profile attribute with a quoted search, %20-encoded, across pages", async () => {
    routes["GET /api/v1/users"] = (req) =>
      req.query.get("after") === null
        ? { status: 200, headers: { link: `<${okta.orgUrl.origin}/api/v1/users?after=x1&limit=200&search=${encodeURIComponent(req.query.get("search")!)}>; rel="next"` }, body: [user(ADA, "ada@example.com")] }
        : { status: 200, body: [user(BOB, "ada@example.com")] };
    const found = await client.findUsersByProfileAttribute("email", 'ada@example.com" or status eq "ACTIVE');
    expect(found.map((u) => u.id)).toEqual([ADA, BOB]);
    expect(okta.apiCalls[0]!.query.get("search")).toBe('profile.email eq "ada@example.com\\" or status eq \\"ACTIVE"');
    expect(okta.apiCalls[0]!.rawQuery).toContain("search=profile.email%20eq%20%22");
  });

  it("accepts the attribute with or without the profile. prefix", async () => {
    routes["GET /api/v1/users"] = () => ({ status: 200, body: [] });
    await client.findUsersByProfileAttribute("profile.login", "ada");
    expect(okta.apiCalls[0]!.query.get("search")).toBe('profile.login eq "ada"');
  });

  it("gets a user by login, encoded in the path", async () => {
    routes["GET /api/v1/users/ada%40example.com"] = () => ({ status: 200, body: user(ADA, "ada@example.com") });
    await expect(client.getUser("ada@example.com")).resolves.toMatchObject({ id: ADA });
  });

  it("refuses a login with a slash, or a dot path step, without calling Okta", async () => {
    await expect(client.getUser("../../api/v1/groups")).rejects.toBeInstanceOf(OktaBadRequest);
    await expect(client.getUser("..")).rejects.toBeInstanceOf(OktaBadRequest);
    await expect(client.getRequest(".." as AccessRequestId)).rejects.toBeInstanceOf(OktaBadRequest);
    expect(okta.apiCalls).toHaveLength(0);
  });

  it("keeps a hostile id inside its path segment", async () => {
    routes["GET /governance/api/v2/requests/a%2F..%2Fb%3Fx%3D1"] = () => ({ status: 200, body: { ...request, id: "a/../b?x=1" } });
    await expect(client.getRequest("a/../b?x=1" as AccessRequestId)).resolves.toMatchObject({ id: "a/../b?x=1" });
  });

  it("lists a user's groups", async () => {
    routes[`GET /api/v1/users/${ADA}/groups`] = () => ({ status: 200, body: [{ id: "00g1", profile: { name: "Incident Responders" } }] });
    await expect(client.listUserGroups(ADA)).resolves.toEqual([{ id: "00g1", profile: { name: "Incident Responders" } }]);
  });

  it("lists admin roles, taking a custom role's id from its link", async () => {
    routes[`GET /api/v1/users/${ADA}/roles`] = () => ({
      status: 200,
      body: [
        { id: "ra1", type: "SUPER_ADMIN", label: "Super Administrator", status: "ACTIVE", assignmentType: "USER" },
        { id: "ra2", type: "CUSTOM", label: "Responder", status: "ACTIVE", _links: { role: { href: `${okta.orgUrl.origin}/api/v1/iam/roles/cr0abc` } } },
      ],
    });
    await expect(client.listUserAdminRoles(ADA)).resolves.toEqual([
      { id: "ra1", type: "SUPER_ADMIN", label: "Super Administrator", status: "ACTIVE" },
      { id: "ra2", type: "CUSTOM", label: "Responder", status: "ACTIVE", role: "cr0abc" },
    ]);
  });

  it("rejects a user without an id as an invalid answer", async () => {
    routes[`GET /api/v1/users/${ADA}`] = () => ({ status: 200, body: { status: "ACTIVE", profile: { login: "x" } } });
    await expect(client.getUser(ADA)).rejects.toBeInstanceOf(OktaInvalidResponse);
  });
});

describe("security access reviews", () => {
  const input = { principalId: ADA, name: sar.name, endTime: sar.endTime, reviewerIds: [BOB] };

  it("creates a review with Okta's body and reads the 202 answer", async () => {
    routes["POST /governance/api/v2/security-access-reviews"] = () => ({ status: 202, body: sar });
    const created = await client.createSecurityAccessReview(input);
    expect(created).toMatchObject({ id: SAR_ID, status: "PENDING", links: { self: { href: "https://x/sar" } } });
    expect(okta.apiCalls[0]!.body).toEqual({
      principalId: ADA,
      name: sar.name,
      endTime: sar.endTime,
      reviewerSettings: { type: "USER", userSettings: { includedUserIds: [BOB] } },
    });
    expect(okta.apiCalls[0]!.headers["content-type"]).toBe("application/json");
  });

  it.each([
    ["an empty name", { name: " " }],
    ["a name over 255 characters", { name: "x".repeat(256) }],
    ["no reviewers", { reviewerIds: [] }],
    ["eleven reviewers", { reviewerIds: Array.from({ length: 11 }, (_, i) => `00u${String(i).padStart(17, "0")}`) }],
    ["the target as a reviewer", { reviewerIds: [ADA] }],
    ["an end time in the past", { endTime: "2029-12-31T00:00:00.000Z" }],
    ["an end time over six months ahead", { endTime: "2030-08-01T00:00:00.000Z" }],
    ["an end time that is not a date", { endTime: "next week" }],
  ])("refuses %s without calling Okta", async (_what, change) => {
    const err = await client.createSecurityAccessReview({ ...input, ...change } as typeof input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaBadRequest);
    expect((err as OktaBadRequest).causes.length).toBe(1);
    expect(okta.apiCalls).toHaveLength(0);
  });

  it("gets a review", async () => {
    routes[`GET /governance/api/v2/security-access-reviews/${SAR_ID}`] = () => ({ status: 200, body: sar });
    await expect(client.getSecurityAccessReview(SAR_ID)).resolves.toMatchObject({ id: SAR_ID, name: sar.name });
  });

  it("lists one page of reviews with filter, limit, orderBy and the next cursor", async () => {
    routes["GET /governance/api/v2/security-access-reviews"] = () => ({
      status: 200,
      headers: { link: `<${okta.orgUrl.origin}/governance/api/v2/security-access-reviews?after=${SAR_ID}&limit=1>; rel="next"` },
      body: { data: [sar], _links: { self: { href: "x" } } },
    });
    const page = await client.listSecurityAccessReviews({ filter: 'status eq "ACTIVE"', limit: 1, orderBy: "created desc" });
    expect(page).toEqual({ items: [expect.objectContaining({ id: SAR_ID })], nextAfter: SAR_ID });
    expect(okta.apiCalls[0]!.rawQuery).toBe("filter=status%20eq%20%22ACTIVE%22&limit=1&orderBy=created%20desc");
  });

  it("reads the next cursor from _links.next when there is no Link header", async () => {
    routes["GET /governance/api/v2/security-access-reviews"] = () => ({
      status: 200,
      body: { data: [sar], _links: { self: { href: "x" }, next: { href: `${okta.orgUrl.origin}/governance/api/v2/security-access-reviews?after=c2` } } },
    });
    await expect(client.listSecurityAccessReviews({})).resolves.toMatchObject({ nextAfter: "c2" });
  });

  it("finds reviews by a reference in their name, across pages, with a quoted co filter", async () => {
    routes["GET /governance/api/v2/security-access-reviews"] = (req) =>
      req.query.get("after") === null
        ? { status: 200, body: { data: [sar], _links: { self: { href: "x" }, next: { href: `${okta.orgUrl.origin}/governance/api/v2/security-access-reviews?after=p2` } } } }
        : { status: 200, body: { data: [{ ...sar, id: "sar22345678901234567", name: "SAR other REF-ABC" }] } };
    const found = await client.findSecurityAccessReviewsByNameContaining("ref-abc");
    expect(found.map((s) => s.id)).toEqual([SAR_ID]); // Okta's co ignores case; the reference does not
    expect(okta.apiCalls[0]!.query.get("filter")).toBe('name co "ref-abc"');
    expect(okta.apiCalls).toHaveLength(2);
  });

  it("gets the org's review stats", async () => {
    routes["GET /governance/api/v2/security-access-reviews/stats"] = () => ({ status: 200, body: { activeCount: 1, pendingCount: 2, closedCount: 3, errorCount: 0 } });
    await expect(client.getSecurityAccessReviewStats()).resolves.toEqual({ activeCount: 1, pendingCount: 2, closedCount: 3, errorCount: 0 });
  });

  it("adds a comment (204) and refuses one over 1000 characters without calling Okta", async () => {
    routes[`POST /governance/api/v2/security-access-reviews/${SAR_ID}/comment`] = () => ({ status: 204 });
    await client.addSecurityAccessReviewComment(SAR_ID, "Revoked the OAuth grant");
    expect(okta.apiCalls[0]!.body).toEqual({ comment: "Revoked the OAuth grant" });
    await expect(client.addSecurityAccessReviewComment(SAR_ID, "x".repeat(1001))).rejects.toBeInstanceOf(OktaBadRequest);
    expect(okta.apiCalls).toHaveLength(1);
  });

  it("lists a review's access items with paging parameters", async () => {
    routes[`GET /governance/api/v2/security-access-reviews/${SAR_ID}/accesses`] = () => ({ status: 200, body: { data: [{ id: "acc1", accessType: "APPLICATION" }] } });
    const page = await client.listSecurityAccessReviewAccesses(SAR_ID, { after: "a1", limit: 50 });
    expect(page).toEqual({ items: [expect.objectContaining({ id: "acc1", accessType: "APPLICATION", supportedActions: [] })] });
    expect(okta.apiCalls[0]!.rawQuery).toBe("after=a1&limit=50");
  });

  it("refuses a page size outside 1..200 without calling Okta", async () => {
    await expect(client.listSecurityAccessReviews({ limit: 500 })).rejects.toBeInstanceOf(OktaBadRequest);
    expect(okta.apiCalls).toHaveLength(0);
  });
});

describe("access requests", () => {
  it("lists requests with a filter and returns the next cursor", async () => {
    routes["GET /governance/api/v2/requests"] = () => ({
      status: 200,
      headers: { link: `<${okta.orgUrl.origin}/governance/api/v2/requests?after=${REQ_ID}&limit=20>; rel="next"` },
      body: { data: [request], _links: { self: { href: "x" } } },
    });
    const page = await client.listRequests({ filter: 'status eq "PENDING"', limit: 20, orderBy: "created desc" });
    expect(page).toEqual({ items: [request], nextAfter: REQ_ID });
    expect(okta.apiCalls[0]!.query.get("filter")).toBe('status eq "PENDING"');
  });

  it("gets a request", async () => {
    routes[`GET /governance/api/v2/requests/${REQ_ID}`] = () => ({ status: 200, body: request });
    await expect(client.getRequest(REQ_ID)).resolves.toEqual(request);
  });

  it("posts a message (201) and returns it", async () => {
    routes[`POST /governance/api/v2/requests/${REQ_ID}/messages`] = () => ({ status: 201, body: { id: "msg1", message: "Looking into it" } });
    await expect(client.createRequestMessage(REQ_ID, "Looking into it")).resolves.toMatchObject({ id: "msg1", message: "Looking into it" });
    expect(okta.apiCalls[0]!.body).toEqual({ message: "Looking into it" });
  });

  it("accepts the documented empty 201 for a message", async () => {
    routes[`POST /governance/api/v2/requests/${REQ_ID}/messages`] = () => ({ status: 201 });
    await expect(client.createRequestMessage(REQ_ID, "hi")).resolves.toEqual({ id: "", message: "hi" });
  });

  it("refuses an empty message and one over 5000 characters without calling Okta", async () => {
    await expect(client.createRequestMessage(REQ_ID, "")).rejects.toBeInstanceOf(OktaBadRequest);
    await expect(client.createRequestMessage(REQ_ID, "x".repeat(5001))).rejects.toBeInstanceOf(OktaBadRequest);
    expect(okta.apiCalls).toHaveLength(0);
  });

  it("counts characters, not UTF-16 units, against the 5000 limit", async () => {
    routes[`POST /governance/api/v2/requests/${REQ_ID}/messages`] = () => ({ status: 201 });
    await expect(client.createRequestMessage(REQ_ID, "🔒".repeat(5000))).resolves.toMatchObject({ message: "🔒".repeat(5000) });
  });
});
