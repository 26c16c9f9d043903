// `/sar requests [STATUS] [@user]` against the sandbox: Okta's own status
// enum and SCIM filter, paging with Okta's `after` cursor, newest first,
// and hostile values that are refused before they can widen a filter.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Reply } from "../../../src/governance/replies.js";
import type { RequestService } from "../../../src/governance/requests/index.js";
import { createCoreHarness, DEMO_REQUESTS, DEMO_USERS, type CoreHarness } from "../../support/core-harness.js";
import { expectReply, requestServiceFor } from "./support.js";

const EXTRA_PENDING = 23;
let h: CoreHarness;
let service: RequestService;

beforeAll(async () => {
  h = await createCoreHarness();
  service = requestServiceFor(h);
  // Enough PENDING requests for three pages of ten.
  const base = h.clock.now().getTime();
  for (let i = 0; i < EXTRA_PENDING; i++) {
    h.sandbox.org.addRequest({ requestedFor: DEMO_USERS.erin.id, status: "PENDING", created: new Date(base - i * 60_000).toISOString() });
  }
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => {
  h.sandbox.calls.clear();
});

const list = (reply: Reply) => expectReply(reply, "request-list");
const error = (reply: Reply) => expectReply(reply, "error");

const pendingIds = () => h.sandbox.org.listRequests().filter((r) => r.status === "PENDING").map((r) => r.id).sort();

describe("listing requests", () => {
  it("filters by status typed in any case and names the status in the reply", async () => {
    const reply = list(await service.list(h.actorFor("alice"), { status: " approved " }));
    expect(reply.filter).toEqual({ status: "APPROVED" });
    expect(reply.items.map((r) => r.id).sort()).toEqual([DEMO_REQUESTS.aliceApproved.id, DEMO_REQUESTS.danApproved.id].sort());
    expect(reply.items.every((r) => r.status === "APPROVED")).toBe(true);
  });

  it("lists the newest requests first", async () => {
    const reply = list(await service.list(h.actorFor("alice"), { limit: 50 }));
    const created = reply.items.map((r) => r.created);
    expect(created.length).toBe(h.sandbox.org.listRequests().length);
    expect(created).toEqual([...created].sort().reverse());
  });

  it("pages through every match with the cursor, each request once, and ends without a cursor", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const reply = list(await service.list(h.actorFor("alice"), { status: "PENDING", limit: 10, ...(cursor !== undefined && { cursor }) }));
      expect(reply.items.length).toBeLessThanOrEqual(10);
      seen.push(...reply.items.map((r) => r.id));
      cursor = reply.nextCursor;
      pages += 1;
    } while (cursor !== undefined && pages < 10);
    expect(pages).toBe(3);
    expect(seen.length).toBe(new Set(seen).size);
    expect(seen.sort()).toEqual(pendingIds());
  });

  it("filters by the user a request is for, resolved from a chat mention", async () => {
    const reply = list(await service.list(h.actorFor("alice"), { user: h.mentionOf("dan"), limit: 50 }));
    expect(reply.filter.user).toEqual({ oktaUserId: DEMO_USERS.dan.id, login: DEMO_USERS.dan.login });
    const dans = h.sandbox.org.listRequests().filter((r) => r.requestedFor === DEMO_USERS.dan.id).map((r) => r.id).sort();
    expect(reply.items.map((r) => r.id).sort()).toEqual(dans);
    expect(reply.items.every((r) => r.requestedFor !== undefined && "oktaUserId" in r.requestedFor && r.requestedFor.oktaUserId === DEMO_USERS.dan.id)).toBe(true);
  });

  it("combines user and status", async () => {
    const reply = list(await service.list(h.actorFor("bob"), { user: { kind: "login", login: DEMO_USERS.dan.login }, status: "pending" }));
    expect(reply.items.map((r) => r.id)).toEqual([DEMO_REQUESTS.danPending.id]);
    expect(reply.nextCursor).toBeUndefined();
  });

  it("refuses a status outside Okta's enum, however it is quoted, before calling Okta", async () => {
    for (const status of ['x" or status eq "APPROVED', 'PENDING" or status pr or "', "RESOLVED", ""]) {
      const reply = error(await service.list(h.actorFor("alice"), { status }));
      expect(reply.code).toBe("validation_failed");
      expect(reply.fields).toHaveProperty("status");
      expect(reply.message).toContain("SUBMITTED");
    }
    expect(h.oktaCalls({ operationId: "listAllRequestsV2" })).toBe(0);
  });

  it("cannot widen the result with a hostile user value", async () => {
    for (const user of [
      { kind: "login", login: 'x" or status eq "APPROVED' },
      { kind: "email", email: 'dan.target@example.com" or requestedFor pr or "' },
      { kind: "okta-id", id: '00udemodan0000000000" or status eq "APPROVED' },
    ] as const) {
      const reply = error(await service.list(h.actorFor("alice"), { user }));
      expect(["identity_not_found", "validation_failed"]).toContain(reply.code);
    }
    expect(h.oktaCalls({ operationId: "listAllRequestsV2" })).toBe(0);
  });

  it("refuses a cursor that is not one Okta handed out, and a page size out of range", async () => {
    expect(error(await service.list(h.actorFor("alice"), { cursor: "../../users" })).fields).toHaveProperty("cursor");
    expect(error(await service.list(h.actorFor("alice"), { limit: 0 })).fields).toHaveProperty("limit");
    expect(error(await service.list(h.actorFor("alice"), { limit: 51 })).fields).toHaveProperty("limit");
    expect(h.oktaCalls()).toBe(0);
  });

  it("refuses dan, who holds no role, without listing", async () => {
    expect(error(await service.list(h.actorFor("dan"), { status: "PENDING" })).code).toBe("not_allowed");
    expect(h.oktaCalls({ operationId: "listAllRequestsV2" })).toBe(0);
  });
});
