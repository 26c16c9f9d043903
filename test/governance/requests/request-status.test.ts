// `/sar status <id>` through the request service against the sandbox over
// HTTP: requests and SARs shown from Okta's answers, ids checked before any
// Okta call, Okta's 404 as a not_found reply, and the role check.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RequestService } from "../../../src/governance/requests/index.js";
import { createCoreHarness, DEMO_REQUESTS, DEMO_USERS, type CoreHarness } from "../../support/core-harness.js";
import { createDemoSar, expectReply, requestServiceFor } from "./support.js";

const ACTIVATION_MS = 60_000;
/** Governance times as Okta writes them, in whole seconds (`2025-08-06T04:32:43Z`, recorded from real orgs). */
const asOktaShowsIt = (iso: string) => `${new Date(iso).toISOString().slice(0, 19)}Z`;
let h: CoreHarness;
let service: RequestService;

beforeAll(async () => {
  h = await createCoreHarness({ sarActivationDelayMs: ACTIVATION_MS });
  service = requestServiceFor(h);
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => {
  h.sandbox.calls.clear();
});

describe("request status", () => {
  it.each(Object.values(DEMO_REQUESTS))("shows demo request $id with its Okta status $status", async ({ id, status }) => {
    const reply = expectReply(await service.status(h.actorFor("alice"), id), "request-status");
    expect(reply.request).toMatchObject({ id, status });
    expect(reply.request.created).toBe(asOktaShowsIt(h.sandbox.org.getRequest(id)!.created));
  });

  it("shows grant status, people by login, resource, timestamps and approval decisions", async () => {
    const id = DEMO_REQUESTS.danApproved.id;
    const record = h.sandbox.org.getRequest(id)!;
    const reply = expectReply(await service.status(h.actorFor("alice"), id), "request-status");
    expect(reply.request).toEqual({
      id,
      status: "APPROVED",
      grantStatus: "GRANTED",
      requestedFor: expect.objectContaining({ oktaUserId: DEMO_USERS.dan.id, login: DEMO_USERS.dan.login }),
      requestedBy: expect.objectContaining({ oktaUserId: DEMO_USERS.dan.id, login: DEMO_USERS.dan.login }),
      resource: { type: "APPLICATION", id: record.requested.resourceId },
      created: asOktaShowsIt(record.created),
      lastUpdated: asOktaShowsIt(record.lastUpdated),
      approvals: [{ status: "APPROVE", by: DEMO_USERS.bob.login, at: asOktaShowsIt(record.decisions[0]!.decided) }],
    });
  });

  it("looks logins up once and then serves them from the store's cache", async () => {
    const id = DEMO_REQUESTS.danDenied.id;
    await service.status(h.actorFor("alice"), id);
    h.sandbox.calls.clear();
    const reply = expectReply(await service.status(h.actorFor("alice"), id), "request-status");
    expect(reply.request.requestedFor).toMatchObject({ oktaUserId: DEMO_USERS.dan.id, login: DEMO_USERS.dan.login });
    expect(h.oktaCalls({ operationId: "getUser" })).toBe(0);
    expect(h.oktaCalls({ operationId: "getRequestV2" })).toBe(1);
  });

  it("answers an unknown request id with not_found naming the id", async () => {
    const reply = expectReply(await service.status(h.actorFor("alice"), "reqUnknownUnknown000"), "error");
    expect(reply.code).toBe("not_found");
    expect(reply.message).toContain("reqUnknownUnknown000");
  });

  it.each([
    ["too short", "req123"],
    ["a quote and filter text", 'req" or status eq "APPROVED'],
    ["a path step", "../users/00udemoalice00000000"],
    ["empty", ""],
    ["a user id", DEMO_USERS.dan.id],
    ["21 characters", "reqdemodanpending0000"],
    ["a non-ASCII letter", "reqdemodanpendingé00"],
  ])("refuses an id that is %s without any Okta call", async (_what, id) => {
    const reply = expectReply(await service.status(h.actorFor("alice"), id), "error");
    expect(reply.code).toBe("validation_failed");
    expect(reply.fields).toHaveProperty("id");
    expect(h.oktaCalls()).toBe(0);
  });

  it("refuses dan, who holds no role, without reading the request", async () => {
    const reply = expectReply(await service.status(h.actorFor("dan"), DEMO_REQUESTS.danPending.id), "error");
    expect(reply.code).toBe("not_allowed");
    expect(h.oktaCalls({ operationId: "getRequestV2" })).toBe(0);
  });
});

describe("SAR status", () => {
  it("shows a PENDING review, then the ACTIVE review with its access counts", async () => {
    const sar = h.sandbox.org.getSar(createDemoSar(h))!;
    const pending = expectReply(await service.status(h.actorFor("bob"), sar.id), "sar-status");
    expect(pending.sar).toMatchObject({ id: sar.id, name: sar.name, status: "PENDING", endTime: sar.endTime });
    expect(pending.sar.stats).toBeUndefined();
    expect(pending.sar.reviewers).toEqual([expect.objectContaining({ oktaUserId: DEMO_USERS.erin.id, login: DEMO_USERS.erin.login })]);
    expect(h.oktaCalls({ operationId: "listSecurityAccessReviewAccesses" })).toBe(0);

    h.clock.advance(ACTIVATION_MS);
    const active = expectReply(await service.status(h.actorFor("bob"), sar.id), "sar-status");
    const items = h.sandbox.org.getSar(sar.id)!.accessItems;
    expect(items.length).toBeGreaterThan(0);
    expect(active.sar.status).toBe("ACTIVE");
    expect(active.sar.stats?.accessItems).toBe(items.length);
  });

  it("answers an unknown SAR id with not_found", async () => {
    const reply = expectReply(await service.status(h.actorFor("alice"), "sarUnknownUnknown000"), "error");
    expect(reply).toMatchObject({ code: "not_found" });
    expect(reply.message).toContain("sarUnknownUnknown000");
  });

  it("refuses dan, who holds no role, without reading the review", async () => {
    const reply = expectReply(await service.status(h.actorFor("dan"), "sarUnknownUnknown000"), "error");
    expect(reply.code).toBe("not_allowed");
    expect(h.oktaCalls({ operationId: "getSecurityAccessReview" })).toBe(0);
  });
});
