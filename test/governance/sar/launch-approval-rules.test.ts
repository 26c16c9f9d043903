// Who may decide a launch, checked at the click with fresh roles; how many
// approvals it takes; and what happens to a decision that comes too late.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_GROUPS, DEMO_USERS } from "../../support/core-harness.js";
import {
  createLaunchBench,
  expectError,
  launchOf,
  policyVariant,
  sarsWithReference,
  stored,
  submit,
  validForm,
  waitForState,
  type LaunchBench,
} from "./launch-bench.js";

const { alice, bob } = DEMO_USERS;

describe("with the sample policy (one approver, no self-approval)", () => {
  let bench: LaunchBench;
  beforeAll(async () => {
    // SSWS: expiry tests move the shared clock by more than a token's lifetime.
    bench = await createLaunchBench({ jobs: true, workers: true, oktaAuth: "ssws" });
  });
  afterAll(async () => {
    await bench?.close();
  });

  it("refuses alice, a responder without the approver role, naming the role", async () => {
    const card = launchOf(await submit(bench, bench.h.actorFor("grace"), validForm()));
    const reply = expectError(await bench.service.decide(bench.h.actorFor("alice"), { launchId: card.id, decision: "approve" }), "not_allowed");
    expect(reply.message).toMatch(/approver role/);
    expect(await stored(bench, card)).toMatchObject({ state: "PENDING_APPROVAL" });
    const [entry] = await bench.h.store.queryAudit({ launchId: card.id as never, limit: 1 });
    expect(entry).toMatchObject({ action: "sar.launch.approve", outcome: "denied", actor: { oktaUserId: alice.id } });
  });

  it("re-checks eligibility at the click: bob, removed from Security Leads after the card was posted, is refused", async () => {
    const { h } = bench;
    const card = launchOf(await submit(bench, h.actorFor("alice"), validForm()));
    await bench.service.decide(h.actorFor("bob"), { launchId: "00000000-0000-4000-8000-000000000000", decision: "approve" }); // warms bob's cache
    h.sandbox.org.removeFromGroup(bob.id, DEMO_GROUPS.securityLeads.id);
    try {
      expectError(await bench.service.decide(h.actorFor("bob"), { launchId: card.id, decision: "approve" }), "not_allowed");
    } finally {
      h.sandbox.org.addToGroup(bob.id, DEMO_GROUPS.securityLeads.id);
    }
    expect(await stored(bench, card)).toMatchObject({ state: "PENDING_APPROVAL" });
  });

  it("records a double click once and launches once", async () => {
    const { h, service } = bench;
    const card = launchOf(await submit(bench, h.actorFor("alice"), validForm()));
    const clicks = await Promise.all([0, 1].map(() => service.decide(h.actorFor("bob"), { launchId: card.id, decision: "approve" })));
    expect(clicks.map((c) => c.type).sort()).toEqual(["decision-recorded", "error"]);
    expect(await h.store.listDecisions(card.id as never)).toHaveLength(1);
    await waitForState(bench, card.id, "LAUNCHED");
    expect(sarsWithReference(bench, card.reference)).toHaveLength(1);
  });

  it("expires an unanswered launch: a later approval is a conflict and no SAR is made", async () => {
    const { h, service } = bench;
    const card = launchOf(await submit(bench, h.actorFor("alice"), validForm()));
    h.clock.advance(30 * 60_000 + 1);
    const reply = expectError(await service.decide(h.actorFor("bob"), { launchId: card.id, decision: "approve" }), "conflict");
    expect(reply.message).toMatch(/expired/);
    expect(await stored(bench, card)).toMatchObject({ state: "EXPIRED" });
    expect(await h.store.listDecisions(card.id as never)).toEqual([]);
    expect(h.notifier.eventsOfType("launch-updated").filter((e) => e.launch.id === card.id).map((e) => e.launch.state)).toEqual(["EXPIRED"]);
    expect(await service.runLaunch(card.id)).toBe("skipped");
    expect(sarsWithReference(bench, card.reference)).toEqual([]);
  });

  it("expires due launches in the expiry job, once, and announces each", async () => {
    const { h, service } = bench;
    await service.expireDue(); // what earlier tests left waiting
    const cards = [
      launchOf(await submit(bench, h.actorFor("alice"), validForm())),
      launchOf(await submit(bench, h.actorFor("alice"), validForm())),
    ];
    expect(await service.expireDue()).toBe(0);
    h.clock.advance(30 * 60_000);
    expect(await service.expireDue()).toBeGreaterThanOrEqual(2);
    expect(await service.expireDue()).toBe(0);
    for (const card of cards) {
      expect(await stored(bench, card)).toMatchObject({ state: "EXPIRED" });
      expect(h.notifier.eventsOfType("launch-updated").filter((e) => e.launch.id === card.id)).toHaveLength(1);
      expect((await h.store.queryAudit({ launchId: card.id as never })).map((e) => e.action)).toContain("sar.launch.expired");
    }
  });
});

describe("with alice also an approver", () => {
  let bench: LaunchBench;
  beforeAll(async () => {
    const policy = policyVariant((yaml) =>
      yaml.replace('    oktaGroups: ["Security Leads"]', `    oktaGroups: ["Security Leads"]\n    oktaUsers: ["${alice.login}"]`),
    );
    bench = await createLaunchBench({ policy });
  });
  afterAll(async () => {
    await bench?.close();
  });

  it("refuses alice's approval of her own launch, but not of someone else's", async () => {
    const { h, service } = bench;
    const own = launchOf(await submit(bench, h.actorFor("alice"), validForm()));
    const reply = expectError(await service.decide(h.actorFor("alice"), { launchId: own.id, decision: "approve" }), "not_allowed");
    expect(reply.message).toMatch(/someone else has to approve/);
    const others = launchOf(await submit(bench, h.actorFor("grace"), validForm()));
    expect(await service.decide(h.actorFor("alice"), { launchId: others.id, decision: "deny", reason: "false alarm" })).toMatchObject({
      type: "decision-recorded",
      outcome: "denied",
    });
  });
});

describe("with two approvals required", () => {
  let bench: LaunchBench;
  beforeAll(async () => {
    bench = await createLaunchBench({ policy: policyVariant((yaml) => yaml.replace("minApprovals: 1", "minApprovals: 2")) });
  });
  afterAll(async () => {
    await bench?.close();
  });

  it("waits after the first approval, counts a repeat click once, and approves on the second approver", async () => {
    const { h, service } = bench;
    const card = launchOf(await submit(bench, h.actorFor("alice"), validForm()));
    expect(await service.decide(h.actorFor("bob"), { launchId: card.id, decision: "approve" })).toMatchObject({ outcome: "awaiting-more" });
    expect(await service.decide(h.actorFor("bob"), { launchId: card.id, decision: "approve" })).toMatchObject({ outcome: "awaiting-more" });
    expect(await h.store.countApprovals(card.id as never)).toBe(1);
    // A change of mind by the same approver does not count either: the first decision stands.
    expect(await service.decide(h.actorFor("bob"), { launchId: card.id, decision: "deny", reason: "changed my mind" })).toMatchObject({
      decision: "approve",
      outcome: "awaiting-more",
    });
    expect(await stored(bench, card)).toMatchObject({ state: "PENDING_APPROVAL" });
    expect(await service.decide(h.actorFor("carol"), { launchId: card.id, decision: "approve" })).toMatchObject({
      outcome: "approved",
      launch: { state: "APPROVED" },
    });
  });

  it("ignores a redelivered click with the same idempotency key", async () => {
    const { h, service } = bench;
    const card = launchOf(await submit(bench, h.actorFor("alice"), validForm()));
    const click = { launchId: card.id, decision: "approve" as const, idempotencyKey: "teams-invoke-1" };
    const replies = [await service.decide(h.actorFor("bob"), click), await service.decide(h.actorFor("bob"), click)];
    expect(replies).toMatchObject([{ outcome: "awaiting-more" }, { outcome: "awaiting-more" }]);
    expect(await h.store.listDecisions(card.id as never)).toHaveLength(1);
    expect(h.notifier.eventsOfType("launch-updated").filter((e) => e.launch.id === card.id)).toHaveLength(1);
  });
});
