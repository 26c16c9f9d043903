// The identity resolver and audit trail over PostgreSQL (a throwaway
// database) rather than PGlite: links, the cache's JSON and the audit rows
// behave the same on the production database.
import { beforeEach, expect, it } from "vitest";
import { readAudit } from "../../../src/governance/audit/index.js";
import { NotAllowed } from "../../../src/governance/errors.js";
import { coreHarnessForFile, DEMO_USERS, type CoreHarness } from "../../support/core-harness.js";
import { describeWithPostgres, probePostgres } from "../../support/databases.js";

const probe = await probePostgres();

describeWithPostgres(probe, "identity on PostgreSQL", () => {
  const harness = coreHarnessForFile({ database: "postgres" });
  let h: CoreHarness;
  beforeEach(() => {
    h = harness();
  });

  it("maps by email, then answers from the cache with zero Okta calls", async () => {
    const cold = await h.identity.resolveActor(h.actorFor("bob"));
    h.sandbox.calls.clear();
    const warm = await h.identity.resolveActor(h.actorFor("bob"));
    expect(h.oktaCalls()).toBe(0);
    expect({ ...warm, actor: null }).toEqual({ ...cold, actor: null });
    expect(warm.grants.map((g) => g.role)).toEqual(["approver"]);
  });

  it("prefers an admin's link over the chat email", async () => {
    await h.link({ platform: "teams", userId: "29:dan" }, "carol");
    const resolved = await h.identity.resolveActor(h.actorFor("dan", { platform: "teams" }));
    expect(resolved).toMatchObject({ via: "link", user: { id: DEMO_USERS.carol.id } });
  });

  it("audits a denial, readable page by page", async () => {
    for (const action of ["audit.read", "identity.link", "sar.approve"] as const) {
      await expect(h.identity.authorize(h.actorFor("erin"), action)).rejects.toBeInstanceOf(NotAllowed);
    }
    const first = await readAudit(h.store, { oktaUserId: h.oktaIdOf("erin"), limit: 2 });
    expect(first.entries.map((e) => e.action)).toEqual(["sar.approve", "identity.link"]);
    expect(first.nextCursor).not.toBeNull();
    const second = await readAudit(h.store, { oktaUserId: h.oktaIdOf("erin"), limit: 2, cursor: first.nextCursor ?? "" });
    expect(second).toMatchObject({ entries: [{ action: "audit.read", outcome: "denied" }], nextCursor: null });
  });
});
