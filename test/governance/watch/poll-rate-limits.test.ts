// Polling and Okta's rate limits: a 429 makes the poller skip rounds until
// the window resets (no Okta call meanwhile, nothing lost); polling calls
// are background calls that leave the window's reserve to people; and a
// round that waited past its lease posts nothing another poller may post.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { WatchService } from "../../../src/governance/watch/index.js";
import { createCoreHarness, DEMO_REQUESTS, type CoreHarness } from "../../support/core-harness.js";
import { requestServiceFor } from "../requests/support.js";
import { INTERVAL_MS, watchServiceFor } from "./support.js";

const BUCKET = "governance-requests";
const WINDOW_MS = 10 * 60_000;
let h: CoreHarness;
let watches: WatchService;
/** Every wait the Okta client's pacer asked for. */
let waits: number[];

beforeEach(async () => {
  waits = [];
  h = await createCoreHarness({
    jobs: true,
    okta: {
      // One attempt per call, so a 429 reaches the poller at once; waits move the manual clock like real time.
      retry: { retries: 0, rateLimitRetries: 0, maxRateLimitWaitMs: 2 * WINDOW_MS, jitterMs: 0 },
      sleep: async (ms) => {
        waits.push(ms);
        h.clock.advance(ms);
      },
    },
  });
  watches = watchServiceFor(h);
});
afterEach(async () => {
  await h.close();
});

/** Leaves `remaining` calls in the sandbox's current window of the requests bucket. */
function squeeze(limit: number, remaining: number, windowMs = WINDOW_MS): void {
  h.sandbox.rateLimits.set(BUCKET, { limit, windowMs });
  while (h.sandbox.rateLimits.peek(BUCKET).remaining > remaining) h.sandbox.rateLimits.consume(BUCKET);
}

const events = () => h.notifier.eventsOfType("request-status-changed");

describe("polling under rate limits", () => {
  it("skips rounds while the bucket is exhausted, without calling Okta, then posts the change", async () => {
    const id = DEMO_REQUESTS.danPending.id;
    await watches.watch(h.actorFor("alice"), id, h.conversation());
    h.sandbox.org.updateRequest(id, { status: "APPROVED", grantStatus: "PENDING" });
    squeeze(5, 0);

    h.clock.advance(INTERVAL_MS);
    const limited = await watches.pollOnce();
    expect(limited.skipped).toEqual([{ kind: "request", reason: "rate-limited" }]);
    expect(h.oktaCalls({ operationId: "listAllRequestsV2", status: 429 })).toBe(1);
    expect(events()).toEqual([]);

    h.sandbox.calls.clear();
    for (let round = 0; round < 3; round++) {
      h.clock.advance(INTERVAL_MS);
      expect((await watches.pollOnce()).skipped).toEqual([{ kind: "request", reason: "rate-limited" }]);
    }
    expect(h.oktaCalls()).toBe(0);
    expect(waits).toEqual([]);

    h.clock.advance(WINDOW_MS);
    await watches.pollOnce();
    expect(events().map((e) => [e.previousStatus, e.request.status])).toEqual([["PENDING", "APPROVED"]]);
  });

  it("waits for the next window rather than spend the reserve a person's command needs", async () => {
    const requests = requestServiceFor(h);
    const id = DEMO_REQUESTS.danPending.id;
    await watches.watch(h.actorFor("alice"), id, h.conversation());
    // 10 a window, 20% kept for people: with 3 left, a person's call still goes at once...
    squeeze(10, 3, 30_000);
    expect(await requests.status(h.actorFor("alice"), id)).toMatchObject({ type: "request-status" });
    expect(waits).toEqual([]);

    // ...and the poller, seeing 2 left, waits for the window to reset before it lists.
    const report = await watches.pollOnce();
    expect(report.skipped).toEqual([]);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(0);
    expect(h.sandbox.rateLimits.peek(BUCKET).remaining).toBe(9);
  });

  it("posts nothing from a round that waited past its lease; the poller that took over posts the change once", async () => {
    const requests = requestServiceFor(h);
    const id = DEMO_REQUESTS.danPending.id;
    await watches.watch(h.actorFor("alice"), id, h.conversation());
    h.sandbox.org.updateRequest(id, { status: "APPROVED", grantStatus: "PENDING" });
    squeeze(10, 2);
    await requests.status(h.actorFor("alice"), id);

    // The poller waits out the ten-minute window, far past its one-interval lease...
    const late = await watches.pollOnce();
    expect(waits).toHaveLength(1);
    expect(late.skipped).toEqual([{ kind: "request", reason: "lease-expired" }]);
    expect(events()).toEqual([]);

    // ...by which time another replica may hold the watch; it posts the change, once.
    await watchServiceFor(h).pollOnce();
    expect(events().map((e) => e.request.status)).toEqual(["APPROVED"]);
  });
});
