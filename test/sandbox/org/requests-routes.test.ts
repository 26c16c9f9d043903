import { describe, expect, it } from "vitest";
import { DEMO_REQUESTS, DEMO_USERS } from "../../../src/sandbox/org/index.js";
import { nextLink, orgHarness, T0 } from "./route-harness.js";

type RequestBody = { id: string; status: string; created: string; lastUpdated: string; requestedFor: { externalId: string } };
type ListBody = { data: RequestBody[]; _links: { self: { href: string }; next?: { href: string } } };
type ErrorBody = { errorCode: string; errorSummary: string; errorCauses: { errorSummary: string }[] };
const listIds = (body: unknown) => (body as ListBody).data.map((r) => r.id);

describe("listAllRequestsV2 filter", () => {
  it("filters by status and by the user requested for", async () => {
    const { call } = orgHarness();
    const pending = await call("listAllRequestsV2", { query: { filter: 'status eq "PENDING"' } });
    expect(listIds(pending.body)).toEqual([DEMO_REQUESTS.danPending.id]);
    const filter = `requestedFor eq "${DEMO_USERS.alice.id}"`;
    const alice = await call("listAllRequestsV2", { query: { filter } });
    expect(listIds(alice.body).sort()).toEqual(
      [DEMO_REQUESTS.aliceApproved.id, DEMO_REQUESTS.aliceCanceled.id, DEMO_REQUESTS.aliceExpired.id].sort(),
    );
  });

  it("combines clauses with and, or and parentheses", async () => {
    const { call } = orgHarness();
    const filter = `requestedFor eq "${DEMO_USERS.dan.id}" and (status eq "APPROVED" or status eq "DENIED")`;
    const res = await call("listAllRequestsV2", { query: { filter } });
    expect(listIds(res.body).sort()).toEqual([DEMO_REQUESTS.danApproved.id, DEMO_REQUESTS.danDenied.id].sort());
  });

  it("finds requests changed after a moment, including one a test just changed", async () => {
    const { org, call, clock } = orgHarness();
    const since = new Date(T0.getTime() - 12 * 3_600_000).toISOString();
    const before = await call("listAllRequestsV2", { query: { filter: `lastUpdated gt "${since}"` } });
    expect(listIds(before.body).sort()).toEqual([DEMO_REQUESTS.danSubmitted.id, DEMO_REQUESTS.aliceExpired.id].sort());
    clock.advance(1000);
    org.updateRequest(DEMO_REQUESTS.danPending.id, { status: "APPROVED", grantStatus: "GRANTED", by: DEMO_USERS.bob.id });
    const after = await call("listAllRequestsV2", { query: { filter: `lastUpdated gt "${T0.toISOString()}"` } });
    expect((after.body as ListBody).data).toEqual([
      expect.objectContaining({ id: DEMO_REQUESTS.danPending.id, status: "APPROVED", grantStatus: "GRANTED" }),
    ]);
  });

  it("treats an injection attempt inside a quoted value as that value, returning nothing extra", async () => {
    const { call } = orgHarness();
    const res = await call("listAllRequestsV2", { query: { filter: 'resourceId eq "x\\" or status eq \\"PENDING"' } });
    expect(res.status).toBe(200);
    expect(listIds(res.body)).toEqual([]);
    const asUserId = await call("listAllRequestsV2", { query: { filter: `requestedFor eq "${DEMO_USERS.dan.id}\\" or status eq \\"PENDING"` } });
    expect(asUserId.status).toBe(400);
  });

  it.each([
    ['status eq "PENDING', "an unterminated string"],
    ['status eq "PENDING" and', "a dangling and"],
    ['((status eq "PENDING")', "an unbalanced parenthesis"],
    ['status co "PEND"', "an operator the attribute does not document"],
    ['created gt "2025-01-01T00:00:00Z"', "an attribute the operation does not document"],
    ['requestedFor.externalId eq "00udemodan0000000000"', "a nested attribute the operation does not document"],
    ['status eq "FULFILLED"', "a status outside the enum"],
    ['requestedFor eq "dan.target@example.com"', "a requestedFor that is not a user id"],
    ['lastUpdated gt "yesterday"', "a date that is not ISO 8601"],
  ])("answers %j (%s) with 400 E0000053, never a crash", async (filter) => {
    const { call } = orgHarness();
    const res = await call("listAllRequestsV2", { query: { filter } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errorCode: "E0000053", errorSummary: "Invalid SCIM filter." });
  });
});

describe("listAllRequestsV2 paging", () => {
  it("walks many requests page by page through the Link header, in order, none twice", async () => {
    const { org, call } = orgHarness({ seed: "empty" });
    const user = org.addUser({ login: "paged.user@example.com" });
    const made: string[] = [];
    for (let i = 0; i < 23; i++) {
      const created = new Date(T0.getTime() - (23 - i) * 60_000).toISOString();
      made.push(org.addRequest({ requestedFor: user.id, created }).id);
    }
    const seen: string[] = [];
    let query: Record<string, string> | URLSearchParams = { limit: "5", filter: 'status eq "PENDING"' };
    let pages = 0;
    for (; pages < 10; pages++) {
      const res = await call("listAllRequestsV2", { query });
      expect(res.status).toBe(200);
      seen.push(...listIds(res.body));
      const next = nextLink(res);
      if (!next) break;
      expect(next.origin + next.pathname).toBe("http://127.0.0.1:4010/governance/api/v2/requests");
      expect(next.searchParams.get("filter")).toBe('status eq "PENDING"');
      expect(next.href).not.toContain("+");
      query = next.searchParams;
    }
    expect(pages).toBe(4);
    expect(seen).toEqual(made);
  });

  it("announces no next page when the last page is exactly full", async () => {
    const { org, call } = orgHarness({ seed: "empty" });
    const user = org.addUser({ login: "exact.pages@example.com" });
    for (let i = 0; i < 4; i++) org.addRequest({ requestedFor: user.id });
    const first = await call("listAllRequestsV2", { query: { limit: "2" } });
    const next = nextLink(first);
    expect(next).toBeDefined();
    const second = await call("listAllRequestsV2", { query: next?.searchParams ?? {} });
    expect(listIds(second.body)).toHaveLength(2);
    expect(nextLink(second)).toBeUndefined();
    expect((second.body as ListBody)._links.next).toBeUndefined();
  });

  it("orders by lastUpdated descending when asked", async () => {
    const { call } = orgHarness();
    const res = await call("listAllRequestsV2", { query: { orderBy: "lastUpdated desc" } });
    const updated = (res.body as ListBody).data.map((r) => r.lastUpdated);
    expect(updated).toHaveLength(Object.keys(DEMO_REQUESTS).length);
    expect([...updated].sort().reverse()).toEqual(updated);
  });

  it.each([
    [{ after: "" }, "Empty value found for query parameter 'after'"],
    [{ after: "1" }, "must be a request id"],
    [{ after: "req00000000000000404" }, "req00000000000000404 not found"],
    [{ limit: "abc" }, "The limit parameter is not a valid."],
    [{ orderBy: "status asc" }, "Invalid orderBy syntax."],
  ])("answers the bad paging parameters %j with 400 E0000029", async (query, cause) => {
    const { call } = orgHarness();
    const res = await call("listAllRequestsV2", { query });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errorCode: "E0000029", errorSummary: "Invalid paging request." });
    expect((res.body as ErrorBody).errorCauses[0]?.errorSummary).toBe(cause);
  });
});

describe("getRequestV2", () => {
  it("returns the full request with its approval decisions", async () => {
    const { call } = orgHarness();
    const res = await call("getRequestV2", { params: { requestId: DEMO_REQUESTS.danDenied.id } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: DEMO_REQUESTS.danDenied.id,
      status: "DENIED",
      requestedFor: { type: "OKTA_USER", externalId: DEMO_USERS.dan.id },
      requestApproval: { status: "DENIED", decisions: [expect.objectContaining({ deciderId: DEMO_USERS.bob.id, decision: "DENY" })] },
    });
  });

  it("answers an unknown id with 404 and a malformed one with 400", async () => {
    const { call } = orgHarness();
    expect((await call("getRequestV2", { params: { requestId: "req00000000000000404" } })).status).toBe(404);
    expect((await call("getRequestV2", { params: { requestId: "../../api/v1/users" } })).status).toBe(400);
  });
});

describe("createRequestMessageV2", () => {
  const params = { requestId: DEMO_REQUESTS.danPending.id };

  it("answers 201 and keeps messages of 1 and of 5000 characters, by the caller", async () => {
    const { org, call } = orgHarness();
    expect((await call("createRequestMessageV2", { params, body: { message: "x" } })).status).toBe(201);
    const long = await call("createRequestMessageV2", { params, body: { message: "y".repeat(5000) } });
    expect(long.status).toBe(201);
    expect(org.messagesFor(params.requestId).map((m) => [m.message.length, m.createdBy])).toEqual([
      [1, "0oabotclient00000001"],
      [5000, "0oabotclient00000001"],
    ]);
  });

  it.each([
    ["an empty message", { message: "" }, "must NOT have fewer than 1 characters"],
    ["a 5001-character message", { message: "z".repeat(5001) }, "must NOT have more than 5000 characters"],
    ["no message", {}, "must have required property 'message'"],
    ["a message that is not text", { message: ["hi"] }, "must be string"],
  ])("refuses %s with 400 and stores nothing", async (_, body, cause) => {
    const { org, call } = orgHarness();
    const res = await call("createRequestMessageV2", { params, body });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errorCode: "E0000001", errorCauses: [{ errorSummary: cause }] });
    expect(org.messagesFor(params.requestId)).toEqual([]);
  });

  it("keeps hostile text verbatim", async () => {
    const { org, call } = orgHarness();
    const message = '"><script>alert(1)</script> <!channel> \\" or 1=1';
    await call("createRequestMessageV2", { params, body: { message } });
    expect(org.messagesFor(params.requestId)[0]?.message).toBe(message);
  });

  it("answers a message to an unknown request with 404", async () => {
    const { call } = orgHarness();
    const res = await call("createRequestMessageV2", { params: { requestId: "req00000000000000404" }, body: { message: "hi" } });
    expect(res.status).toBe(404);
  });
});
