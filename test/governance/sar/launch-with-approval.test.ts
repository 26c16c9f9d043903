// The main flow of PRODUCT.md 4.1 through the public API, against the
// sandbox over HTTP with the real store and pg-boss: approval card, an
// approver's decision, one SAR in Okta, the success posted and watched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../support/core-harness.js";
import { createLaunchBench, expectError, launchOf, sarsWithReference, stored, submit, validForm, type LaunchBench } from "./launch-bench.js";

const { alice, bob, dan, erin, frank } = DEMO_USERS;
const THREAD = "1700000000.000100";

let bench: LaunchBench;
beforeAll(async () => {
  bench = await createLaunchBench({ jobs: true, workers: true });
});
afterAll(async () => {
  await bench?.close();
});

describe("a launch that needs approval", () => {
  it("posts an approval card naming requester, target, reviewers, reason and expiry, and sends nothing to Okta", async () => {
    const { h } = bench;
    const creates = h.oktaCalls({ operationId: "createSecurityAccessReview" });
    const reply = await submit(bench, h.actorFor("alice"), validForm());
    expect(reply.type).toBe("approval-card");
    const card = launchOf(reply);
    expect(card).toMatchObject({
      state: "PENDING_APPROVAL",
      requester: { oktaUserId: alice.id, login: alice.login, platform: "slack", chatUserId: "U_ALICE" },
      target: { oktaUserId: dan.id, login: dan.login },
      reviewers: [
        { oktaUserId: erin.id, login: erin.login },
        { oktaUserId: frank.id, login: frank.login },
      ],
      reason: "suspicious OAuth grant",
      incidentRef: "INC-4711",
      sarName: `SAR ${dan.login} INC-4711 ${card.reference}`,
      approval: { required: true, minApprovals: 1, expiresAt: new Date(h.clock.now().getTime() + 30 * 60_000), decisions: [] },
    });
    expect(card.reference).toMatch(/^L[0-9A-Z]{6}$/);
    expect(h.oktaCalls({ operationId: "createSecurityAccessReview" })).toBe(creates);
  });

  it("creates exactly one SAR once bob approves, posts its success into the thread and watches it", async () => {
    const { h, service } = bench;
    const card = launchOf(await submit(bench, h.actorFor("alice"), validForm()));
    const decided = await service.decide(h.actorFor("bob"), { launchId: card.id, decision: "approve" });
    expect(decided).toMatchObject({ type: "decision-recorded", decision: "approve", outcome: "approved", launch: { state: "APPROVED" } });

    const success = await h.notifier.waitFor((n) => n.event.type === "launch-succeeded" && n.event.launch.id === card.id);
    const sars = sarsWithReference(bench, card.reference);
    expect(sars).toHaveLength(1);
    const [sar] = sars;
    expect(sar).toMatchObject({ principalId: dan.id, reviewerIds: [erin.id, frank.id], name: card.sarName });
    expect(success.conversation).toEqual(h.conversation({ threadId: THREAD }));
    expect(success.event).toMatchObject({
      launch: { state: "LAUNCHED", sarId: sar!.id, sarStatus: "PENDING" },
      sar: { id: sar!.id, status: "PENDING", launchReference: card.reference, principal: { oktaUserId: dan.id, login: dan.login } },
    });
    expect(await stored(bench, card)).toMatchObject({ state: "LAUNCHED", sarId: sar!.id, attempts: 1 });
    const watches = await h.store.listActiveWatches("sar");
    expect(watches).toContainEqual(
      expect.objectContaining({ oktaId: sar!.id, lastStatus: "PENDING", createdBy: alice.id, conversation: h.conversation({ threadId: THREAD }) }),
    );
  });

  it("re-renders the card for everyone with bob's decision on it", async () => {
    const { h, service } = bench;
    const card = launchOf(await submit(bench, h.actorFor("alice"), validForm()));
    await service.decide(h.actorFor("bob"), { launchId: card.id, decision: "approve" });
    const updated = h.notifier.eventsOfType("launch-updated").filter((e) => e.launch.id === card.id);
    expect(updated).toHaveLength(1);
    expect(updated[0]!.launch.approval.decisions).toEqual([
      expect.objectContaining({ decision: "approve", approver: expect.objectContaining({ oktaUserId: bob.id, login: bob.login, chatUserId: "U_BOB" }) }),
    ]);
  });

  it("audits the submit and the decision with chat and Okta ids", async () => {
    const { h, service } = bench;
    const card = launchOf(await submit(bench, h.actorFor("alice"), validForm()));
    await service.decide(h.actorFor("bob"), { launchId: card.id, decision: "approve" });
    await h.notifier.waitFor((n) => n.event.type === "launch-succeeded" && n.event.launch.id === card.id);
    const trail = await h.store.queryAudit({ launchId: card.id as never });
    const byAction = Object.fromEntries(trail.map((e) => [e.action, e]));
    expect(byAction["sar.launch.submit"]).toMatchObject({
      outcome: "requested",
      actor: { platform: "slack", chatUserId: "U_ALICE", oktaUserId: alice.id },
      target: { oktaUserId: dan.id },
      details: { reference: card.reference, conversationId: "C_INCIDENT", threadId: THREAD },
    });
    expect(byAction["sar.launch.approve"]).toMatchObject({ outcome: "allowed", actor: { chatUserId: "U_BOB", oktaUserId: bob.id } });
    expect(byAction["sar.launch.launched"]).toMatchObject({ outcome: "succeeded", target: { oktaUserId: dan.id, sarId: expect.any(String) } });
  });

  it("remembers the chat message of the approval card, for later updates", async () => {
    const { h, service } = bench;
    const card = launchOf(await submit(bench, h.actorFor("alice"), validForm()));
    expect(await service.attachLaunchMessage(card.id, "1700000000.000200")).toBe(true);
    expect(await service.getLaunch(h.actorFor("bob"), card.id)).toMatchObject({ launch: { approvalMessageId: "1700000000.000200" } });
    expect(await service.attachLaunchMessage("00000000-0000-4000-8000-000000000000", "x")).toBe(false);
  });

  it("shows a launch's status by reference to a reader", async () => {
    const { h, service } = bench;
    const card = launchOf(await submit(bench, h.actorFor("alice"), validForm()));
    const status = await service.getLaunch(h.actorFor("bob"), card.reference.toLowerCase());
    expect(status).toMatchObject({ type: "launch-status", launch: { id: card.id, state: "PENDING_APPROVAL" } });
    expectError(await service.getLaunch(h.actorFor("bob"), "LNOSUCH"), "not_found");
    expectError(await service.getLaunch(h.actorFor("erin"), card.reference), "not_allowed");
  });
});

describe("denying a launch", () => {
  it("with a reason closes it with no SAR and tells everyone", async () => {
    const { h, service } = bench;
    const card = launchOf(await submit(bench, h.actorFor("alice"), validForm()));
    const reply = await service.decide(h.actorFor("bob"), { launchId: card.id, decision: "deny", reason: "  not our incident " });
    expect(reply).toMatchObject({ type: "decision-recorded", decision: "deny", outcome: "denied", launch: { state: "DENIED" } });
    expect(await stored(bench, card)).toMatchObject({ state: "DENIED", resolution: { by: bob.id, reason: "not our incident" } });
    expect(h.notifier.eventsOfType("launch-updated").filter((e) => e.launch.id === card.id).map((e) => e.launch.state)).toEqual(["DENIED"]);
    // A later approval is a conflict, and nothing is ever sent.
    const late = expectError(await service.decide(h.actorFor("carol"), { launchId: card.id, decision: "approve" }), "conflict");
    expect(late.message).toMatch(/already denied/);
    expect(await service.runLaunch(card.id)).toBe("skipped");
    expect(sarsWithReference(bench, card.reference)).toEqual([]);
  });

  it("without a reason is refused and changes nothing", async () => {
    const { h, service } = bench;
    const card = launchOf(await submit(bench, h.actorFor("alice"), validForm()));
    for (const reason of [undefined, "   ", "x".repeat(1001)]) {
      const reply = expectError(await service.decide(h.actorFor("bob"), { launchId: card.id, decision: "deny", ...(reason !== undefined && { reason }) }), "validation_failed");
      expect(reply.fields).toHaveProperty("reason");
    }
    expect(await stored(bench, card)).toMatchObject({ state: "PENDING_APPROVAL" });
    expect(await h.store.listDecisions(card.id as never)).toEqual([]);
  });
});

describe("canceling a launch", () => {
  it("by its requester withdraws it; a later approval is a conflict", async () => {
    const { h, service } = bench;
    const card = launchOf(await submit(bench, h.actorFor("alice"), validForm()));
    expect(await service.cancel(h.actorFor("alice"), card.id)).toMatchObject({ type: "launch-status", launch: { state: "CANCELED" } });
    expectError(await service.decide(h.actorFor("bob"), { launchId: card.id, decision: "approve" }), "conflict");
    expectError(await service.cancel(h.actorFor("alice"), card.id), "conflict");
  });

  it("by another responder who is neither requester nor approver is refused", async () => {
    const { h, service } = bench;
    const card = launchOf(await submit(bench, h.actorFor("alice"), validForm()));
    expectError(await service.cancel(h.actorFor("grace"), card.id), "not_allowed");
    expect(await stored(bench, card)).toMatchObject({ state: "PENDING_APPROVAL" });
  });
});
