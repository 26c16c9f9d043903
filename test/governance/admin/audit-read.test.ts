// `/sar audit [@user | id]`: admins read the trail newest first, by person
// (actor or target), by SAR or request id, or by launch reference, page by
// page; nobody else may.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminService } from "../../../src/governance/admin/index.js";
import type { SarId } from "../../../src/governance/okta/types.js";
import type { Reply } from "../../../src/governance/replies.js";
import { createCoreHarness, DEMO_REQUESTS, DEMO_USERS, type CoreHarness } from "../../support/core-harness.js";
import { adminServiceFor } from "./support.js";
import { requestServiceFor } from "../requests/support.js";

const SAR = "sar1qebJYYHgbsOGF0g4" as SarId;
let h: CoreHarness;
let admin: AdminService;

beforeAll(async () => {
  h = await createCoreHarness();
  admin = adminServiceFor(h);
  const requests = requestServiceFor(h);
  // A trail: alice reads and messages a request, bob is refused a message, and a launch flow's entries on a SAR.
  await requests.status(h.actorFor("alice"), DEMO_REQUESTS.danPending.id);
  await requests.postMessage(h.actorFor("alice"), DEMO_REQUESTS.danPending.id, "looking into it");
  await requests.postMessage(h.actorFor("bob"), DEMO_REQUESTS.danPending.id, "me too");
  for (const action of ["sar.launch.requested", "sar.launch.approved", "sar.launched"]) {
    await h.audit.record({
      actor: { platform: "slack", tenantId: "T_DEMO", chatUserId: "U_ALICE", oktaUserId: h.oktaIdOf("alice") },
      action,
      target: { oktaUserId: h.oktaIdOf("dan"), sarId: SAR },
      outcome: "succeeded",
    });
  }
});
afterAll(async () => {
  await h.close();
});

function log(reply: Reply): Extract<Reply, { type: "audit-log" }> {
  expect(reply, JSON.stringify(reply)).toMatchObject({ type: "audit-log" });
  return reply as Extract<Reply, { type: "audit-log" }>;
}

describe("reading the audit trail", () => {
  it("shows an admin every entry by or about a user, newest first", async () => {
    const { entries } = log(await admin.audit(h.actorFor("carol"), { target: h.mentionOf("alice"), limit: 200 }));
    expect(entries.length).toBeGreaterThanOrEqual(6);
    expect(entries.every((e) => e.actor.oktaUserId === DEMO_USERS.alice.id || e.target.oktaUserId === DEMO_USERS.alice.id)).toBe(true);
    expect(entries.map((e) => Number(e.id))).toEqual(entries.map((e) => Number(e.id)).sort((a, b) => b - a));
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(["request.read", "request.message", "sar.launched"]));
  });

  it("finds a deprovisioned user's entries by Okta id", async () => {
    await h.audit.record({ actor: { oktaUserId: h.oktaIdOf("gina") }, action: "sar.launch", outcome: "denied" });
    const { entries } = log(await admin.audit(h.actorFor("carol"), { target: { kind: "okta-id", id: DEMO_USERS.gina.id } }));
    expect(entries.map((e) => e.actor.oktaUserId)).toEqual([DEMO_USERS.gina.id]);
  });

  it("shows the entries of one SAR, and of one request, by id", async () => {
    const bySar = log(await admin.audit(h.actorFor("carol"), { target: SAR }));
    expect(bySar.entries.map((e) => e.action)).toEqual(["sar.launched", "sar.launch.approved", "sar.launch.requested"]);
    const byRequest = log(await admin.audit(h.actorFor("carol"), { target: ` ${DEMO_REQUESTS.danPending.id} ` }));
    expect(byRequest.entries.map((e) => [e.action, e.outcome])).toEqual([["request.message", "succeeded"]]);
  });

  it("pages from newest to oldest with the cursor, each entry once", async () => {
    const first = log(await admin.audit(h.actorFor("carol"), { target: SAR, limit: 2 }));
    expect(first.entries).toHaveLength(2);
    expect(first.nextCursor).toBeDefined();
    const second = log(await admin.audit(h.actorFor("carol"), { target: SAR, limit: 2, cursor: first.nextCursor! }));
    expect(second.entries.map((e) => e.action)).toEqual(["sar.launch.requested"]);
    expect(second.nextCursor).toBeUndefined();
  });

  it("answers an unknown launch reference with not_found, and text that names nothing with a validation error", async () => {
    expect(await admin.audit(h.actorFor("carol"), { target: "L234567" })).toMatchObject({ type: "error", code: "not_found" });
    expect(await admin.audit(h.actorFor("carol"), { target: '" or 1=1 --' })).toMatchObject({ type: "error", code: "validation_failed" });
    expect(await admin.audit(h.actorFor("carol"), { cursor: "0; DROP TABLE audit" })).toMatchObject({ type: "error", code: "validation_failed" });
  });

  it.each(["alice", "bob", "dan"] as const)("refuses %s, who is no admin", async (who) => {
    expect(await admin.audit(h.actorFor(who), { target: SAR })).toMatchObject({ type: "error", code: "not_allowed" });
  });
});
