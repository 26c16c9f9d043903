// Okta writes governance `lastUpdated` in whole seconds (`...T04:32:43Z`, as
// recorded from real orgs) and the sandbox answers the same way, comparing its
// `lastUpdated gt` filters on those seconds. These rounds run without the
// clock-skew overlap, so nothing but the poller's own second handling keeps a
// change from being lost: a change in the same second as the last poll, and
// more changes in one second than one round reads.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AccessRequestId } from "../../../src/governance/okta/types.js";
import { changedSinceFilter } from "../../../src/governance/watch/changes.js";
import type { WatchService } from "../../../src/governance/watch/index.js";
import { createCoreHarness, DEMO_USERS, type CoreHarness } from "../../support/core-harness.js";
import { createDemoSar } from "../requests/support.js";
import { INTERVAL_MS, newPendingRequest, watchServiceFor } from "./support.js";

let h: CoreHarness;

beforeEach(async () => {
  h = await createCoreHarness({ jobs: true, sarActivationDelayMs: 10 * INTERVAL_MS });
});
afterEach(async () => {
  await h.close();
});

/** Moves the clock by at least `atLeastMs`, to the next time whose millisecond part is `ms`. */
function advanceToMillisecond(atLeastMs: number, ms: number): Date {
  const from = h.clock.now().getTime() + atLeastMs;
  return h.clock.advance(atLeastMs + ((((ms - from) % 1000) + 1000) % 1000));
}

const noOverlap = (over: { pageSize?: number; maxPages?: number } = {}): WatchService => watchServiceFor(h, { poll: { overlapMs: 0, ...over } });

describe("watch polls over whole-second governance times", () => {
  it("writes the filter in whole seconds, starting one second before the second of the last check", () => {
    expect(changedSinceFilter(new Date("2026-03-11T04:02:07.300Z"))).toBe('lastUpdated gt "2026-03-11T04:02:06Z"');
    expect(changedSinceFilter(new Date("2026-03-11T04:02:07.000Z"))).toBe('lastUpdated gt "2026-03-11T04:02:06Z"');
  });

  it("posts a request change made in the same second as the last poll", async () => {
    const watches = noOverlap();
    const id = newPendingRequest(h);
    await watches.watch(h.actorFor("alice"), id, h.conversation({ threadId: "t" }));
    advanceToMillisecond(INTERVAL_MS, 300);
    await watches.pollOnce();

    h.clock.advance(400);
    const changed = h.sandbox.org.updateRequest(id, { status: "CANCELED" });
    const shown = await h.okta.getRequest(id as AccessRequestId, { priority: "background" });
    // Okta shows the change in the second the poll ran in: `gt` that poll's exact time would miss it.
    expect(shown.lastUpdated).toBe(`${changed.lastUpdated.slice(0, 19)}Z`);

    h.clock.advance(INTERVAL_MS);
    await watches.pollOnce();
    const events = h.notifier.eventsOfType("request-status-changed");
    expect(events.map((e) => [e.previousStatus, e.request.status])).toEqual([["PENDING", "CANCELED"]]);
  });

  it("posts a SAR change made in the same second as the last poll", async () => {
    const watches = noOverlap();
    const id = createDemoSar(h, undefined, [DEMO_USERS.erin.id]);
    await watches.watch(h.actorFor("alice"), id, h.conversation({ threadId: "t" }));
    advanceToMillisecond(INTERVAL_MS, 300);
    await watches.pollOnce();

    h.clock.advance(400);
    h.sandbox.org.closeSar(id, DEMO_USERS.erin.id);
    h.clock.advance(INTERVAL_MS);
    await watches.pollOnce();
    const events = h.notifier.eventsOfType("sar-status-changed");
    expect(events.map((e) => [e.previousStatus, e.sar.status])).toEqual([["PENDING", "CLOSED"]]);
  });

  it("posts each change once when more changes share one second than one round reads", async () => {
    const watches = noOverlap({ pageSize: 2, maxPages: 1 });
    const ids = Array.from({ length: 4 }, () => newPendingRequest(h));
    for (const id of ids) await watches.watch(h.actorFor("alice"), id, h.conversation({ threadId: id }));
    advanceToMillisecond(INTERVAL_MS, 100);
    // Three changes in one second fill more than a page; the fourth comes a second later.
    for (const id of ids.slice(0, 3)) {
      h.clock.advance(100);
      h.sandbox.org.updateRequest(id, { status: "CANCELED" });
    }
    h.clock.advance(1_000);
    h.sandbox.org.updateRequest(ids[3]!, { status: "CANCELED" });

    for (let round = 0; round < 4; round += 1) {
      h.clock.advance(INTERVAL_MS);
      await watches.pollOnce();
    }
    const posted = h.notifier.eventsOfType("request-status-changed").map((e) => e.request.id);
    expect(posted.sort()).toEqual([...ids].sort());
    expect(await h.store.listActiveWatches("request")).toEqual([]);
  });
});
