// The Teams notifier posts a flow's later events where the flow lives,
// from the stored reference alone: the card is updated for everyone, the
// outcome is a reply in its thread, also from another adapter instance.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ConversationKey } from "../../../src/governance/actor.js";
import type { Reply } from "../../../src/governance/replies.js";
import { allText, buttonsOf, cardOf } from "./support/card-reading.js";
import { FakeCore, pendingLaunch } from "./support/fake-core.js";
import { SAR } from "./support/reply-fixtures.js";
import { startTeamsHarness, type TeamsHarness } from "./support/teams-harness.js";
import { CHANNEL, teamsUser } from "../../../src/fakes/teams-client.js";

const alice = teamsUser("alice", "alice.responder@example.com");
const FORM = { action: "launch.form", target: "dan.target@example.com", reviewers: "erin.reviewer@example.com", durationDays: "7", reason: "phished" };

describe("Teams notifier", () => {
  let h: TeamsHarness;
  let core: FakeCore;
  let cardId: string;
  let thread: ConversationKey;
  const launch = pendingLaunch();

  beforeAll(async () => {
    core = new FakeCore();
    core.script.submitLaunch = async (): Promise<Reply> => ({ type: "approval-card", launch });
    h = await startTeamsHarness({ core });
    await h.client.submitAction(alice, FORM);
    cardId = (await h.connector.waitFor("the approval card", () => h.connector.posted[0])).id;
    thread = { platform: "teams", tenantId: "tenant-demo", conversationId: CHANNEL.id, threadId: cardId };
  });
  afterAll(async () => h?.close());
  beforeEach(() => {
    h.connector.posted.length = 0;
    h.connector.updated.length = 0;
  });

  it("launch-updated replaces the approval card for everyone with the decision and no buttons", async () => {
    const decided = {
      ...launch,
      state: "APPROVED" as const,
      approvalMessageId: cardId,
      approval: { ...launch.approval, decisions: [{ approver: { oktaUserId: "00ubob", login: "bob.lead@example.com", platform: "teams" as const, chatUserId: "aad-bob" }, decision: "approve" as const, reason: null, at: new Date("2031-01-01T10:05:00Z") }] },
    };
    await h.adapter.notifier.notify(thread, { type: "launch-updated", launch: decided });
    expect(h.connector.posted).toHaveLength(0);
    const [update] = h.connector.updated;
    expect(update).toMatchObject({ conversationId: CHANNEL.id, activityId: cardId });
    const card = cardOf(update?.activity);
    expect(allText(card)).toContain("Approved by bob.lead@example.com");
    expect(buttonsOf(card)).toEqual([]);
  });

  it("launch-succeeded replies in the card's thread with the SAR and updates the card", async () => {
    const launched = { ...launch, state: "LAUNCHED" as const, approvalMessageId: cardId, sarId: SAR.id, sarStatus: "PENDING" };
    await h.adapter.notifier.notify(thread, { type: "launch-succeeded", launch: launched, sar: { ...SAR, status: "PENDING" } });
    const [reply] = h.connector.posted;
    expect(reply?.conversationId).toBe(`${CHANNEL.id};messageid=${cardId}`);
    expect(allText(cardOf(reply?.activity))).toContain(SAR.id);
    expect(h.connector.updated.map((u) => u.activityId)).toEqual([cardId]);
  });

  it("a status change is a thread reply", async () => {
    await h.adapter.notifier.notify(thread, { type: "sar-status-changed", sar: SAR, previousStatus: "PENDING" });
    const [reply] = h.connector.posted;
    expect(reply?.conversationId).toBe(`${CHANNEL.id};messageid=${cardId}`);
    expect(allText(cardOf(reply?.activity))).toContain("PENDING → ACTIVE");
  });

  it("still posts the outcome when the card cannot be updated", async () => {
    h.connector.refuseNext("update", 404);
    await h.adapter.notifier.notify(thread, { type: "launch-failed", launch: { ...launch, state: "FAILED", approvalMessageId: cardId }, code: "okta_forbidden", message: "Okta refused: missing scope." });
    expect(allText(cardOf(h.connector.posted[0]?.activity))).toContain("missing scope");
  });

  it("throws when Teams refuses the post, so the core retries", async () => {
    h.connector.refuseNext("post", 403);
    await expect(h.adapter.notifier.notify(thread, { type: "sar-status-changed", sar: SAR, previousStatus: "PENDING" })).rejects.toThrow();
  });

  it("throws, posting nothing, for a conversation it has no reference for", async () => {
    const unknown: ConversationKey = { platform: "teams", tenantId: "tenant-demo", conversationId: "19:elsewhere@thread.tacv2", threadId: "x" };
    await expect(h.adapter.notifier.notify(unknown, { type: "sar-status-changed", sar: SAR, previousStatus: null })).rejects.toThrow(/no Teams conversation reference/);
    expect(h.connector.posted).toHaveLength(0);
  });

  it("refuses a conversation of another platform", async () => {
    await expect(h.adapter.notifier.notify({ ...thread, platform: "slack" }, { type: "sar-status-changed", sar: SAR, previousStatus: null })).rejects.toThrow(/slack/);
  });

  it("posts from another adapter instance (a restart, another replica) with nothing but the stored reference", async () => {
    const replica = await startTeamsHarness({ core });
    try {
      await replica.adapter.notifier.notify(thread, { type: "sar-status-changed", sar: SAR, previousStatus: "PENDING" });
      // The reference names the first connector's serviceUrl: that is where the reply goes.
      expect(h.connector.posted[0]?.conversationId).toBe(`${CHANNEL.id};messageid=${cardId}`);
      expect(replica.connector.posted).toHaveLength(0);
    } finally {
      await replica.close();
    }
  });
});
