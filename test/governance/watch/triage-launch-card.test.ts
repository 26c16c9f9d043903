// The launch thread's triage card: posted once the launch's watch sees the
// review turn ACTIVE, once across replicas, only in the launch thread, next
// to the status message that was posted before.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCoreHarness, type CoreHarness } from "../../support/core-harness.js";
import { OktaUnavailable } from "../../../src/governance/okta/errors.js";
import { INTERVAL_MS, watchServiceFor } from "./support.js";
import { FakeTriageViews, launchedSar, nextRound, triageWatchFor } from "./triage-support.js";

const ACTIVATION_MS = 2 * INTERVAL_MS;
let h: CoreHarness;
let views: FakeTriageViews;

beforeEach(async () => {
  h = await createCoreHarness({ jobs: true, sarActivationDelayMs: ACTIVATION_MS });
  views = new FakeTriageViews();
});
afterEach(async () => {
  await h.close();
});

const cards = () => h.notifier.notifications.filter((n) => n.event.type === "triage-card");

describe("the triage card in the launch thread", () => {
  it("is posted in the launch thread right after the ACTIVE status message, once", async () => {
    const { sarId, thread } = await launchedSar(h);
    const shown = views.set(sarId);
    const replica = triageWatchFor(h, views);

    await nextRound(h, replica);
    expect(cards()).toEqual([]);

    const round = await nextRound(h, replica);
    expect(h.notifier.notifications.map((n) => [n.event.type, n.conversation])).toEqual([
      ["sar-status-changed", thread],
      ["triage-card", thread],
    ]);
    expect(cards()[0]?.event).toEqual({ type: "triage-card", triage: shown });
    expect(round.triageCards).toBe(1);

    await nextRound(h, replica);
    await nextRound(h, replica);
    expect(cards()).toHaveLength(1);
  }, 60_000);

  it("two replicas over one database post one card, even when the first died before recording what it saw", async () => {
    const { sarId } = await launchedSar(h);
    views.set(sarId);
    // Replica A posts the status and the card, then fails to record the watch's check (a crash there).
    const dying = triageWatchFor(h, views, {
      store: { ...h.store, recordWatchCheck: () => Promise.reject(new Error("connection lost")) },
    });
    const survivor = triageWatchFor(h, views);

    h.clock.advance(ACTIVATION_MS);
    await expect(dying.pollOnce()).rejects.toThrow("connection lost");
    expect(cards()).toHaveLength(1);

    // After A's lease, B takes the same watch and sees the same change: it re-posts the status, not the card.
    await nextRound(h, survivor);
    expect(h.notifier.eventsOfType("sar-status-changed")).toHaveLength(2);
    expect(cards()).toHaveLength(1);
  }, 60_000);

  it("two replicas polling at once post one card", async () => {
    const { sarId } = await launchedSar(h);
    views.set(sarId);
    const [a, b] = [triageWatchFor(h, views), triageWatchFor(h, views)];
    h.clock.advance(ACTIVATION_MS);
    await Promise.all([a.pollOnce(), b.pollOnce()]);
    expect(cards()).toHaveLength(1);
  }, 60_000);

  /**
   * A launched review that someone also watches from another channel (added before the launch's watch
   * is polled), after the round that saw it turn ACTIVE.
   */
  async function activeAndWatchedElsewhere() {
    const { sarId, thread } = await launchedSar(h);
    views.set(sarId);
    const channel = h.conversation({ threadId: "1700000000.999999" });
    await h.store.addWatch({ kind: "sar", oktaId: sarId, conversation: channel, createdBy: h.oktaIdOf("bob"), lastStatus: "PENDING", nextCheckAt: new Date(0) });
    const replica = triageWatchFor(h, views);
    h.clock.advance(ACTIVATION_MS);
    await replica.pollOnce();
    return { sarId, thread, channel, replica };
  }

  it("goes to the launch thread only, not to a conversation that watches the same review", async () => {
    const { thread } = await activeAndWatchedElsewhere();
    expect(h.notifier.eventsOfType("sar-status-changed")).toHaveLength(2);
    expect(cards().map((n) => n.conversation)).toEqual([thread]);
  }, 60_000);

  it("is not posted for a review the bot did not launch", async () => {
    const { sarId } = await launchedSar(h);
    views.set(sarId);
    // A watch in a thread that is not the launch's (e.g. /sar watch of someone else's review).
    const other = await launchedSar(h, "1700000000.000555");
    views.set(other.sarId);
    await h.store.updateLaunch(other.launch.id, { sarId: null });
    const replica = triageWatchFor(h, views);
    h.clock.advance(ACTIVATION_MS);
    await replica.pollOnce();
    expect(cards().map((n) => (n.event.type === "triage-card" ? n.event.triage.sar.id : ""))).toEqual([sarId]);
  }, 60_000);

  it("a failed read of the card posts nothing and keeps the claim for a later look; the status message still goes out", async () => {
    const { sarId } = await launchedSar(h);
    views.set(sarId);
    views.failNext(sarId, new OktaUnavailable("Okta is down", { operation: "listSecurityAccessReviewAccesses", status: 503 }));
    const replica = triageWatchFor(h, views);
    h.clock.advance(ACTIVATION_MS);
    const round = await replica.pollOnce();
    expect(h.notifier.eventsOfType("sar-status-changed")).toHaveLength(1);
    expect(cards()).toEqual([]);
    expect(round.triageCards).toBeUndefined();
    expect(await h.store.claimTriagePosting(sarId)).toBe(true);
  }, 60_000);

  it("when the review closes, the launch thread gets the triage closing with its summary and no status line beside it; another watching conversation still gets its line", async () => {
    const { sarId, thread, channel, replica } = await activeAndWatchedElsewhere();
    // The adapter records the card message it posted (attachTriageCard), and the watch follows the review from then on.
    await h.store.putTriageCard({ sarId, conversation: thread, messageId: "1700000000.000200" });
    await nextRound(h, replica);
    const before = h.notifier.notifications.length;

    h.sandbox.org.closeSar(sarId);
    views.close(sarId, { revoked: 1, restored: 0, flagged: 0, untouched: 2 });
    const round = await nextRound(h, replica);
    const after = h.notifier.notifications.slice(before).map((n) => [n.event.type, n.conversation, n.event.type === "sar-status-changed" ? n.event.sar.status : undefined]);
    expect(after).toEqual([
      ["sar-status-changed", channel, "CLOSED"],
      ["triage-updated", thread, undefined],
      ["review-closed", thread, undefined],
    ]);
    expect(round.saidElsewhere).toBe(1);
    // Both watches end with the review: nothing more is posted.
    expect((await h.store.listActiveWatches("sar")).filter((w) => w.oktaId === sarId)).toEqual([]);
    await nextRound(h, replica);
    expect(h.notifier.notifications.length).toBe(before + 3);
  }, 60_000);

  it("a review that closes with no triage card in the launch thread still gets the status line there", async () => {
    const { sarId, thread } = await launchedSar(h);
    views.set(sarId);
    const replica = triageWatchFor(h, views);
    h.clock.advance(ACTIVATION_MS);
    await replica.pollOnce();
    // The card was posted but its message was never recorded (the adapter failed): nothing follows the review.
    h.sandbox.org.closeSar(sarId);
    const round = await nextRound(h, replica);
    expect(h.notifier.notifications.slice(-1).map((n) => [n.event.type, n.conversation])).toEqual([["sar-status-changed", thread]]);
    expect(round.saidElsewhere).toBeUndefined();
  }, 60_000);

  it("without the triage service, the watch posts status changes only", async () => {
    const { sarId } = await launchedSar(h);
    views.set(sarId);
    const replica = watchServiceFor(h);
    h.clock.advance(ACTIVATION_MS);
    await replica.pollOnce();
    expect(h.notifier.notifications.map((n) => n.event.type)).toEqual(["sar-status-changed"]);
    expect(views.reads).toEqual([]);
  }, 60_000);
});
