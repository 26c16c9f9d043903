// The poll for SAR watches against the sandbox: PENDING -> ACTIVE (after the
// sandbox's activation delay on the manual clock, with the review's access
// counts) -> CLOSED, posted in order, and the watch ends after CLOSED.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { WatchService } from "../../../src/governance/watch/index.js";
import { createCoreHarness, DEMO_REQUESTS, DEMO_USERS, type CoreHarness } from "../../support/core-harness.js";
import { createDemoSar } from "../requests/support.js";
import { governanceCalls, INTERVAL_MS, watchServiceFor } from "./support.js";

const ACTIVATION_MS = 3 * INTERVAL_MS;
let h: CoreHarness;
let watches: WatchService;

beforeEach(async () => {
  h = await createCoreHarness({ jobs: true, sarActivationDelayMs: ACTIVATION_MS });
  watches = watchServiceFor(h);
});
afterEach(async () => {
  await h.close();
});

const launchSar = (name?: string) => createDemoSar(h, name, [DEMO_USERS.erin.id, DEMO_USERS.frank.id]);

async function nextRound() {
  h.clock.advance(INTERVAL_MS);
  return watches.pollOnce();
}

const sarEvents = () => h.notifier.eventsOfType("sar-status-changed");

describe("polling SAR watches", () => {
  it("posts PENDING -> ACTIVE with access counts, then ACTIVE -> CLOSED, and ends the watch", async () => {
    const id = launchSar();
    expect(await watches.watch(h.actorFor("alice"), id, h.conversation({ threadId: "t" }))).toMatchObject({ currentStatus: "PENDING" });

    await nextRound();
    await nextRound();
    expect(sarEvents()).toEqual([]);

    await nextRound();
    const items = h.sandbox.org.getSar(id)!.accessItems;
    expect(sarEvents()).toEqual([
      expect.objectContaining({ previousStatus: "PENDING", sar: expect.objectContaining({ id, status: "ACTIVE", stats: expect.objectContaining({ accessItems: items.length }) }) }),
    ]);

    await nextRound();
    expect(sarEvents()).toHaveLength(1);

    h.sandbox.org.closeSar(id, DEMO_USERS.erin.id);
    const closing = await nextRound();
    expect(sarEvents().map((e) => [e.previousStatus, e.sar.status])).toEqual([
      ["PENDING", "ACTIVE"],
      ["ACTIVE", "CLOSED"],
    ]);
    expect(closing.deactivated).toBe(1);
    expect(await h.store.listActiveWatches("sar")).toEqual([]);
    expect(h.notifier.notifications.every((n) => n.conversation.threadId === "t")).toBe(true);

    h.sandbox.calls.clear();
    const after = await nextRound();
    expect(after.claimed).toBe(0);
    expect(h.oktaCalls()).toBe(0);
  });

  it("ends the watch on a review Okta could not build (ERROR)", async () => {
    const id = launchSar();
    await watches.watch(h.actorFor("bob"), id, h.conversation());
    h.sandbox.org.failSar(id);
    await nextRound();
    expect(sarEvents().map((e) => [e.previousStatus, e.sar.status])).toEqual([["PENDING", "ERROR"]]);
    expect(await h.store.listActiveWatches("sar")).toEqual([]);
  });

  it("reads one list per kind per round, whatever the number of SARs and requests watched", async () => {
    const sars = [launchSar("SAR a LA"), launchSar("SAR b LB"), launchSar("SAR c LC")];
    for (const id of sars) await watches.watch(h.actorFor("alice"), id, h.conversation());
    await watches.watch(h.actorFor("alice"), DEMO_REQUESTS.danPending.id, h.conversation());
    await watches.watch(h.actorFor("alice"), DEMO_REQUESTS.danSubmitted.id, h.conversation());
    h.clock.advance(ACTIVATION_MS - INTERVAL_MS);
    h.sandbox.calls.clear();
    await nextRound();
    expect(sarEvents().map((e) => e.sar.status)).toEqual(["ACTIVE", "ACTIVE", "ACTIVE"]);
    // One list per kind, plus the access counts of each review that just turned ACTIVE.
    expect(governanceCalls(h)).toEqual({ listSecurityAccessReviews: 1, listAllRequestsV2: 1, listSecurityAccessReviewAccesses: 3 });

    h.sandbox.calls.clear();
    await nextRound();
    expect(governanceCalls(h)).toEqual({ listSecurityAccessReviews: 1, listAllRequestsV2: 1 });
  });
});
