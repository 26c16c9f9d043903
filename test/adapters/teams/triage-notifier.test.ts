// The Teams notifier's triage events: the shared card is posted in the
// launch thread and attached to the review, updated in place when the
// review changes (with the refresh for people who clicked on it), and the
// closing summary is a thread reply.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ConversationKey } from "../../../src/governance/actor.js";
import type { Reply } from "../../../src/governance/replies.js";
import { referenceJson, type StoredReference } from "../../../src/adapters/teams/conversation/thread-reference.js";
import { BOT, CHANNEL, TENANT_ID, teamsUser } from "../../../src/fakes/teams-client.js";
import { sampleActionDone, sampleTriageView } from "../../support/triage-views.js";
import { allText, buttonsOf, cardOf, refreshOf } from "./support/card-reading.js";
import { FakeCore } from "./support/fake-core.js";
import { startTeamsHarness, type TeamsHarness } from "./support/teams-harness.js";

const SAR_ID = "sar00000000000000001";
const ROOT = "launch-card-root";
const erin = teamsUser("erin", "erin.reviewer@example.com");
const thread: ConversationKey = { platform: "teams", tenantId: TENANT_ID, conversationId: CHANNEL.id, threadId: ROOT };

describe("Teams notifier: triage events", () => {
  let h: TeamsHarness;
  let core: FakeCore;

  beforeAll(async () => {
    core = new FakeCore();
    h = await startTeamsHarness({ core });
    const ref: StoredReference = { v: 1, channelId: "msteams", serviceUrl: h.connector.serviceUrl, conversationId: CHANNEL.id, conversationType: "channel", tenantId: TENANT_ID, bot: { ...BOT }, threadRootId: ROOT };
    await core.putConversationReference(thread, referenceJson(ref));
  });
  afterAll(async () => h?.close());
  beforeEach(() => {
    h.connector.clear();
    core.calls.length = 0;
  });

  it("triage-card posts the shared card in the launch thread, then attaches its message id to the review", async () => {
    await h.adapter.notifier.notify(thread, { type: "triage-card", triage: sampleTriageView() });
    const [posted] = h.connector.posted;
    expect(posted?.conversationId).toBe(`${CHANNEL.id};messageid=${ROOT}`);
    const card = cardOf(posted?.activity);
    expect(allText(card)).toContain("AWS Console");
    expect(buttonsOf(card).map((b) => b.title)).toEqual(["Show my actions", "Open in Okta"]);
    expect(refreshOf(card)?.verb).toBe("triage.refresh");
    expect(core.callsOf("attachTriageCard")).toEqual([[{ sarId: SAR_ID, messageId: posted?.id }, thread]]);
  });

  it("triage-updated updates the card in place, with what was done and the refresh for people who clicked on it", async () => {
    // Erin clicked on the card before (the automatic refresh), so the updated card refreshes for her.
    core.script.openTriage = async (): Promise<Reply> => ({ type: "triage-card", triage: sampleTriageView({ viewer: { kind: "person", oktaUserId: "00uerin" } }) });
    await h.client.cardAction(erin, { verb: "triage.refresh", data: { sarId: SAR_ID } }, { trigger: "automatic", threadRootId: ROOT, replyToId: "card-1" });
    h.connector.clear();

    await h.adapter.notifier.notify(thread, { type: "triage-updated", triage: sampleTriageView(), messageId: "card-1", done: sampleActionDone() });
    expect(h.connector.posted).toHaveLength(0);
    const [update] = h.connector.updated;
    expect(update).toMatchObject({ conversationId: `${CHANNEL.id};messageid=${ROOT}`, activityId: "card-1" });
    const card = cardOf(update?.activity);
    expect(allText(card)).toContain("Revoked AWS Console, by Erin Reviewer: confirmed compromise");
    expect(refreshOf(card)?.userIds).toEqual([erin.id]);
  });

  it("a closed review's update has no buttons and no refresh", async () => {
    const closed = sampleTriageView({ readOnly: true, controls: [], sar: { ...sampleTriageView().sar, status: "CLOSED" } });
    await h.adapter.notifier.notify(thread, { type: "triage-updated", triage: closed, messageId: "card-1" });
    const card = cardOf(h.connector.updated[0]?.activity);
    expect(buttonsOf(card).filter((b) => b.type !== "Action.OpenUrl")).toEqual([]);
    expect(refreshOf(card)).toBeUndefined();
  });

  it("review-closed replies in the thread with the closing summary", async () => {
    await h.adapter.notifier.notify(thread, {
      type: "review-closed",
      triage: sampleTriageView({ readOnly: true, controls: [] }),
      summary: { revoked: 2, restored: 1, flagged: 1, untouched: 6 },
      closedBy: { oktaUserId: "00uerin", login: "erin.reviewer@example.com", displayName: "Erin Reviewer" },
    });
    const [posted] = h.connector.posted;
    expect(posted?.conversationId).toBe(`${CHANNEL.id};messageid=${ROOT}`);
    const text = allText(cardOf(posted?.activity));
    expect(text).toContain("Revoked: 2");
    expect(text).toContain("Left as they were: 6");
    expect(text).toContain("Closed by: Erin Reviewer (erin.reviewer@example.com)");
    expect(posted?.activity.summary).toContain("is closed: 2 revoked, 1 restored, 1 flagged, 6 left as they were");
  });

  it("a refused triage-card post throws (the job retries) and attaches nothing", async () => {
    h.connector.refuseNext("post", 403);
    await expect(h.adapter.notifier.notify(thread, { type: "triage-card", triage: sampleTriageView() })).rejects.toThrow();
    expect(core.callsOf("attachTriageCard")).toEqual([]);
  });
});
