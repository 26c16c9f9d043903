// Reviews with triage cards are followed until they close: a change made
// elsewhere updates every card in place, the closing is posted once in the
// launch thread with its summary, and a closed review is not read again.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ConversationKey } from "../../../src/governance/actor.js";
import { OktaNotFound, OktaRateLimited, OktaUnavailable } from "../../../src/governance/okta/errors.js";
import type { TriageView } from "../../../src/governance/triage/types.js";
import { triageFingerprint } from "../../../src/governance/triage/watch.js";
import { createCoreHarness, type CoreHarness } from "../../support/core-harness.js";
import { INTERVAL_MS } from "./support.js";
import { FakeTriageViews, meetingPoint, nextRound, triageWatchFor } from "./triage-support.js";

let h: CoreHarness;
let views: FakeTriageViews;

beforeEach(async () => {
  h = await createCoreHarness({ jobs: true });
  views = new FakeTriageViews();
});
afterEach(async () => {
  await h.close();
});

const SUMMARY = { revoked: 2, restored: 1, flagged: 1, untouched: 6 };
const revokeFirst = (v: TriageView): TriageView => ({
  ...v,
  items: v.items.map((item, i) => (i === 0 ? { ...item, remediationStatus: "IN_PROGRESS", supportedActions: ["RESTORE_ACCESS"] } : item)),
});

/** A review with a card in the launch thread and one in another channel. */
async function reviewWithCards(sarId = "sar-followed"): Promise<{ sarId: string; launchThread: ConversationKey; channel: ConversationKey }> {
  const launchThread = h.conversation({ threadId: "1700000000.000100" });
  const channel = h.conversation({ platform: "teams" });
  views.set(sarId);
  await h.store.putTriageCard({ sarId, conversation: launchThread, messageId: "1700000000.000200" });
  h.clock.advance(1000);
  await h.store.putTriageCard({ sarId, conversation: channel, messageId: "1:card" });
  return { sarId, launchThread, channel };
}

const posted = () => h.notifier.notifications.map((n) => ({ type: n.event.type, conversation: n.conversation, messageId: "messageId" in n.event ? n.event.messageId : undefined }));

describe("following reviews with triage cards", () => {
  it("the first look only records; an unchanged review posts nothing; reads are fresh", async () => {
    const { sarId } = await reviewWithCards();
    const replica = triageWatchFor(h, views);
    const first = await nextRound(h, replica);
    expect(first.triage).toEqual({ checked: 1, changed: 0, notified: 0, ended: 0 });
    await nextRound(h, replica);
    await nextRound(h, replica);
    expect(h.notifier.notifications).toEqual([]);
    expect(views.reads).toEqual([
      { sarId, fresh: true },
      { sarId, fresh: true },
      { sarId, fresh: true },
    ]);
    expect(views.invalidated).toEqual([]);
  }, 60_000);

  it("a change made elsewhere updates every card of the review in place, once", async () => {
    const { sarId, launchThread, channel } = await reviewWithCards();
    const replica = triageWatchFor(h, views);
    await nextRound(h, replica);

    const changed = views.set(sarId, revokeFirst);
    const round = await nextRound(h, replica);
    expect(posted()).toEqual([
      { type: "triage-updated", conversation: launchThread, messageId: "1700000000.000200" },
      { type: "triage-updated", conversation: channel, messageId: "1:card" },
    ]);
    expect(h.notifier.eventsOfType("triage-updated").every((e) => JSON.stringify(e.triage) === JSON.stringify(changed))).toBe(true);
    expect(views.invalidated).toEqual([sarId]);
    expect(round.triage).toMatchObject({ changed: 1, notified: 2 });

    await nextRound(h, replica);
    expect(h.notifier.notifications).toHaveLength(2);
  }, 60_000);

  it("the end time, the reviewers or an item's supported actions changing count as changes; the read time does not", async () => {
    const { sarId } = await reviewWithCards();
    const replica = triageWatchFor(h, views);
    await nextRound(h, replica);
    views.set(sarId, (v) => ({ ...v, readAt: "2031-02-02T00:00:00.000Z" }));
    await nextRound(h, replica);
    expect(h.notifier.notifications).toEqual([]);

    const changes: ((v: TriageView) => TriageView)[] = [
      (v) => ({ ...v, sar: { ...v.sar, endTime: "2031-03-01T09:00:00.000Z" } }),
      (v) => ({ ...v, sar: { ...v.sar, reviewers: [...v.sar.reviewers, { oktaUserId: "00ufrank", login: "frank@example.com" }] } }),
      (v) => ({ ...v, items: v.items.map((item, i) => (i === 2 ? { ...item, supportedActions: [] } : item)) }),
    ];
    for (const [i, change] of changes.entries()) {
      views.set(sarId, change);
      await nextRound(h, replica);
      expect(h.notifier.eventsOfType("triage-updated")).toHaveLength(2 * (i + 1));
    }
  }, 60_000);

  it("two replicas seeing the same change at once post it once", async () => {
    const { sarId } = await reviewWithCards();
    const [a, b] = [triageWatchFor(h, views), triageWatchFor(h, views)];
    await nextRound(h, a);
    views.set(sarId, revokeFirst);
    // Both list the review with the old fingerprint and read the new view before either records it.
    views.beforeRead = meetingPoint(2);
    h.clock.advance(INTERVAL_MS);
    const reports = await Promise.all([a.pollOnce(), b.pollOnce()]);
    expect(views.reads.slice(1)).toHaveLength(2);
    expect(reports.map((r) => r.triage?.changed).sort()).toEqual([0, 1]);
    expect(h.notifier.eventsOfType("triage-updated")).toHaveLength(2);
    expect(new Set(h.notifier.eventsOfType("triage-updated").map((e) => e.messageId)).size).toBe(2);
  }, 60_000);

  it("a closed review: every card turns read-only, the launch thread gets one closing summary, and it is not read again", async () => {
    const { sarId, launchThread, channel } = await reviewWithCards();
    const replica = triageWatchFor(h, views);
    await nextRound(h, replica);

    views.close(sarId, SUMMARY);
    const round = await nextRound(h, replica);
    expect(posted()).toEqual([
      { type: "triage-updated", conversation: launchThread, messageId: "1700000000.000200" },
      { type: "triage-updated", conversation: channel, messageId: "1:card" },
      { type: "review-closed", conversation: launchThread, messageId: undefined },
    ]);
    expect(h.notifier.eventsOfType("triage-updated").every((e) => e.triage.readOnly && e.triage.sar.status === "CLOSED")).toBe(true);
    const [closed] = h.notifier.eventsOfType("review-closed");
    expect(closed).toMatchObject({ summary: SUMMARY, triage: { readOnly: true, sar: { id: sarId, status: "CLOSED" } } });
    expect(round.triage).toMatchObject({ changed: 1, notified: 3, ended: 1 });

    const readsBefore = views.readsOf(sarId);
    await nextRound(h, replica);
    await nextRound(h, replica);
    expect(views.readsOf(sarId)).toBe(readsBefore);
    expect(h.notifier.notifications).toHaveLength(3);
    expect(await h.store.listFollowedTriage(10)).toEqual([]);
  }, 60_000);

  it("a review already closed at the first look still gets its closing (its card was posted with buttons)", async () => {
    const { sarId } = await reviewWithCards();
    views.close(sarId, SUMMARY);
    await nextRound(h, triageWatchFor(h, views));
    expect(h.notifier.notifications.map((n) => n.event.type)).toEqual(["triage-updated", "triage-updated", "review-closed"]);
  }, 60_000);

  it("a closing whose summary cannot be read yet is posted whole in a later round", async () => {
    const { sarId } = await reviewWithCards();
    const replica = triageWatchFor(h, views);
    await nextRound(h, replica);
    views.close(sarId, SUMMARY);
    const closingSummary = views.closingSummary.bind(views);
    let failures = 1;
    views.closingSummary = async (id) => {
      if (failures-- > 0) throw new OktaUnavailable("Okta is down", { operation: "listSecurityAccessReviewAccesses", status: 503 });
      return closingSummary(id);
    };
    await nextRound(h, replica);
    expect(h.notifier.notifications).toEqual([]);
    await nextRound(h, replica);
    expect(h.notifier.eventsOfType("review-closed")).toEqual([expect.objectContaining({ summary: SUMMARY })]);
  }, 60_000);

  it("an Okta error on one review does not stop the round; that review is read again next round", async () => {
    const broken = await reviewWithCards("sar-broken");
    const fine = await reviewWithCards("sar-fine");
    const replica = triageWatchFor(h, views);
    await nextRound(h, replica);

    views.set(broken.sarId, revokeFirst);
    views.set(fine.sarId, revokeFirst);
    views.failNext(broken.sarId, new OktaUnavailable("Okta is down", { operation: "listSecurityAccessReviewAccesses", status: 503 }));
    await nextRound(h, replica);
    expect(new Set(h.notifier.eventsOfType("triage-updated").map((e) => e.triage.sar.id))).toEqual(new Set([fine.sarId]));

    await nextRound(h, replica);
    expect(h.notifier.eventsOfType("triage-updated").map((e) => e.triage.sar.id)).toEqual([fine.sarId, fine.sarId, broken.sarId, broken.sarId]);
  }, 60_000);

  it("a rate limit stops the round and keeps the poller away until the window resets", async () => {
    const first = await reviewWithCards("sar-a");
    const second = await reviewWithCards("sar-b");
    const replica = triageWatchFor(h, views);
    views.failNext(first.sarId, new OktaRateLimited("rate limited", { operation: "listSecurityAccessReviewAccesses", status: 429, retryAfterMs: 3 * INTERVAL_MS }));
    const limited = await nextRound(h, replica);
    expect(limited.triage).toMatchObject({ checked: 0, stopped: "rate-limited" });
    expect(views.readsOf(second.sarId)).toBe(0);

    const readsBefore = views.reads.length;
    const waiting = await nextRound(h, replica);
    expect(waiting.triage?.stopped).toBe("rate-limited");
    expect(views.reads).toHaveLength(readsBefore);

    h.clock.advance(2 * INTERVAL_MS);
    const resumed = await replica.pollOnce();
    expect(resumed.triage).toMatchObject({ checked: 2 });
  }, 60_000);

  it("a review gone from Okta is no longer followed", async () => {
    const { sarId } = await reviewWithCards();
    views.failNext(sarId, new OktaNotFound("not found", { operation: "getSecurityAccessReview", status: 404 }));
    const replica = triageWatchFor(h, views);
    const round = await nextRound(h, replica);
    expect(round.triage).toMatchObject({ ended: 1 });
    await nextRound(h, replica);
    expect(views.readsOf(sarId)).toBe(1);
    expect(h.notifier.notifications).toEqual([]);
  }, 60_000);

  it("reads at most maxTriage reviews a round, least recently checked first", async () => {
    for (const id of ["sar-1", "sar-2", "sar-3"]) await reviewWithCards(id);
    const replica = triageWatchFor(h, views, { poll: { maxTriage: 2 } });
    await nextRound(h, replica);
    expect(views.reads.map((r) => r.sarId)).toEqual(["sar-1", "sar-2"]);
    await nextRound(h, replica);
    expect(views.reads.map((r) => r.sarId)).toEqual(["sar-1", "sar-2", "sar-3", "sar-1"]);
  }, 60_000);

  it("a posted card recorded with the fingerprint of what it shows is not posted again", async () => {
    const { sarId } = await reviewWithCards();
    const replica = triageWatchFor(h, views);
    await nextRound(h, replica);
    // An action in chat updated the card itself and recorded what it now shows.
    const shown = views.set(sarId, revokeFirst);
    expect(await h.store.recordTriageSeen(sarId, triageFingerprint(shown), false, h.clock.now())).toBe(true);
    await nextRound(h, replica);
    expect(h.notifier.notifications).toEqual([]);
  }, 60_000);
});
