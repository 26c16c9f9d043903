// Polling in a burst of people's calls: while a person's call waits for a
// bucket's budget, a poll round does not queue up behind it (no Okta call,
// the kind is deferred, nothing lost); once the burst is over, the next
// round posts the change.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { WatchService } from "../../../src/governance/watch/index.js";
import { createCoreHarness, DEMO_REQUESTS, type CoreHarness } from "../../support/core-harness.js";
import { requestServiceFor } from "../requests/support.js";
import { INTERVAL_MS, watchServiceFor } from "./support.js";

const BUCKET = "governance-requests";
const WINDOW_MS = 30_000;
let h: CoreHarness;
let watches: WatchService;
/** Every wait the Okta client's pacer asked for. */
let waits: number[];
/** The first wait is held until the test lets it end (a person's call queued on the bucket); later waits pass at once. */
let held: { release: () => void } | undefined;
let holdNext = false;

beforeEach(async () => {
  waits = [];
  held = undefined;
  holdNext = false;
  h = await createCoreHarness({
    jobs: true,
    okta: {
      retry: { retries: 0, rateLimitRetries: 0, maxRateLimitWaitMs: 2 * WINDOW_MS, jitterMs: 0 },
      sleep: (ms, signal) =>
        new Promise<void>((resolve, reject) => {
          if (signal?.aborted) {
            reject(signal.reason as Error);
            return;
          }
          waits.push(ms);
          if (!holdNext) {
            h.clock.advance(ms);
            resolve();
            return;
          }
          holdNext = false;
          held = { release: resolve };
        }),
    },
  });
  watches = watchServiceFor(h);
});
afterEach(async () => {
  await h.close();
});

const events = () => h.notifier.eventsOfType("request-status-changed");

/** Waits until `condition` holds; bounded by the test's timeout, not by a count of turns (a busy machine is slow, not broken). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 5));
}

describe("polling while people's calls wait for the budget", () => {
  it("defers the round without an Okta call, then posts the change once the burst is over", async () => {
    const requests = requestServiceFor(h);
    const id = DEMO_REQUESTS.danPending.id;
    await watches.watch(h.actorFor("alice"), id, h.conversation());
    h.sandbox.org.updateRequest(id, { status: "APPROVED", grantStatus: "PENDING" });
    h.sandbox.rateLimits.set(BUCKET, { limit: 10, windowMs: WINDOW_MS });
    while (h.sandbox.rateLimits.peek(BUCKET).remaining > 1) h.sandbox.rateLimits.consume(BUCKET);
    // A person's call takes the last of the window; the next one waits for the reset.
    await requests.status(h.actorFor("alice"), id);
    holdNext = true;
    const person = requests.status(h.actorFor("bob"), id);
    await until(() => held !== undefined);
    h.sandbox.calls.clear();

    h.clock.advance(INTERVAL_MS / 2);
    const report = await watches.pollOnce();
    expect(report.skipped).toEqual([{ kind: "request", reason: "deferred" }]);
    expect(h.oktaCalls()).toBe(0);
    expect(waits).toHaveLength(1);
    expect(events()).toEqual([]);

    // The window resets; the person's call goes first.
    h.clock.advance(WINDOW_MS);
    held?.release();
    expect(await person).toMatchObject({ type: "request-status" });
    expect(h.oktaCalls({ operationId: "listAllRequestsV2" })).toBe(0);

    // The deferred watch comes due again after its lease and posts the change, once.
    h.clock.advance(INTERVAL_MS);
    await watches.pollOnce();
    await watches.pollOnce();
    expect(events().map((e) => [e.previousStatus, e.request.status])).toEqual([["PENDING", "APPROVED"]]);
  });
});
