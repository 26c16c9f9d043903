// The poll for request watches against the sandbox over HTTP: a change is
// posted once, in the watch's thread; a final state ends the watch; the
// Okta cost of a round does not grow with the number of watches; and two
// rounds at once (two replicas) never post the same change twice.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { WatchService } from "../../../src/governance/watch/index.js";
import { createCoreHarness, DEMO_REQUESTS, type CoreHarness } from "../../support/core-harness.js";
import { governanceCalls, INTERVAL_MS, newPendingRequest, watchServiceFor } from "./support.js";

let h: CoreHarness;
let watches: WatchService;

beforeEach(async () => {
  h = await createCoreHarness({ jobs: true });
  watches = watchServiceFor(h);
});
afterEach(async () => {
  await h.close();
});

const requestEvents = () => h.notifier.eventsOfType("request-status-changed");

async function watch(id: string, threadId = "thread-1"): Promise<void> {
  const reply = await watches.watch(h.actorFor("alice"), id, h.conversation({ threadId }));
  expect(reply, JSON.stringify(reply)).toMatchObject({ type: "watch-started" });
}

/** Moves to the next poll tick and runs a round. */
async function nextRound(service: WatchService = watches) {
  h.clock.advance(INTERVAL_MS);
  return service.pollOnce();
}

describe("polling request watches", () => {
  it("posts a status change once, into the watch's thread, with the previous status", async () => {
    const id = DEMO_REQUESTS.danPending.id;
    await watch(id);
    await nextRound();
    expect(requestEvents()).toEqual([]);

    h.sandbox.org.updateRequest(id, { status: "APPROVED", grantStatus: "PENDING" });
    await nextRound();
    expect(h.notifier.notifications).toEqual([
      {
        conversation: h.conversation({ threadId: "thread-1" }),
        event: expect.objectContaining({
          type: "request-status-changed",
          previousStatus: "PENDING",
          request: expect.objectContaining({ id, status: "APPROVED", grantStatus: "PENDING" }),
        }),
      },
    ]);

    await nextRound();
    await nextRound();
    expect(requestEvents()).toHaveLength(1);
  });

  it("posts a grant status change after approval, and ends the watch once access is granted", async () => {
    const id = DEMO_REQUESTS.aliceApproved.id;
    await watch(id);
    h.sandbox.org.updateRequest(id, { grantStatus: "GRANTED" });
    const report = await nextRound();
    expect(requestEvents().map((e) => [e.previousStatus, e.request.status, e.request.grantStatus])).toEqual([["APPROVED", "APPROVED", "GRANTED"]]);
    expect(report.deactivated).toBe(1);
    expect(await h.store.listActiveWatches("request")).toEqual([]);
  });

  it("ends the watch when the request is denied, and posts nothing after", async () => {
    const id = DEMO_REQUESTS.danSubmitted.id;
    await watch(id);
    h.sandbox.org.updateRequest(id, { status: "DENIED" });
    await nextRound();
    expect(requestEvents().map((e) => e.request.status)).toEqual(["DENIED"]);
    expect(await h.store.listActiveWatches("request")).toEqual([]);

    h.sandbox.org.updateRequest(id, { status: "PENDING" });
    await nextRound();
    expect(requestEvents()).toHaveLength(1);
  });

  it("posts each change in every thread that watches the request", async () => {
    const id = DEMO_REQUESTS.danPending.id;
    await watch(id, "a");
    await watch(id, "b");
    h.sandbox.org.updateRequest(id, { status: "CANCELED" });
    await nextRound();
    expect(h.notifier.notifications.map((n) => n.conversation.threadId).sort()).toEqual(["a", "b"]);
  });

  it("costs the same Okta calls per round for fifty watches as for one", async () => {
    const first = newPendingRequest(h);
    await watch(first);
    h.sandbox.org.updateRequest(first, { status: "APPROVED", grantStatus: "PENDING" });
    h.sandbox.calls.clear();
    await nextRound();
    const one = governanceCalls(h);
    expect(requestEvents()).toHaveLength(1);

    const more = Array.from({ length: 49 }, () => newPendingRequest(h));
    for (const id of more) await watch(id);
    for (const id of more.slice(0, 20)) h.sandbox.org.updateRequest(id, { status: "EXPIRED" });
    h.sandbox.calls.clear();
    const report = await nextRound();
    expect(report.claimed).toBe(50);
    expect(requestEvents()).toHaveLength(21);
    expect(governanceCalls(h)).toEqual(one);
    expect(one).toEqual({ listAllRequestsV2: 1 });
    // Logins of the people on a request are cached: no per-watch user lookups either.
    expect(h.oktaCalls({ operationId: "getUser" })).toBe(0);
  });

  it("posts each change once when two replicas poll at the same moment", async () => {
    const ids = Array.from({ length: 6 }, () => newPendingRequest(h));
    for (const id of ids) await watch(id);
    for (const id of ids) h.sandbox.org.updateRequest(id, { status: "APPROVED", grantStatus: "PENDING" });
    const replica = watchServiceFor(h);
    h.clock.advance(INTERVAL_MS);
    const reports = await Promise.all([watches.pollOnce(), replica.pollOnce(), watches.pollOnce()]);
    expect(reports.reduce((sum, r) => sum + r.claimed, 0)).toBe(6);
    expect(requestEvents().map((e) => e.request.id).sort()).toEqual([...ids].sort());

    await Promise.all([nextRound(), nextRound(replica)]);
    expect(requestEvents()).toHaveLength(6);
  });

  it("posts more changes than one round reads over the next rounds, each once", async () => {
    const paged = watchServiceFor(h, { poll: { pageSize: 2, maxPages: 1 } });
    const ids = Array.from({ length: 5 }, () => newPendingRequest(h));
    for (const id of ids) await watch(id);
    for (const id of ids) {
      h.clock.advance(1_000);
      h.sandbox.org.updateRequest(id, { status: "CANCELED" });
    }
    await nextRound(paged);
    expect(requestEvents()).toHaveLength(2);
    await nextRound(paged);
    await nextRound(paged);
    await nextRound(paged);
    expect(requestEvents().map((e) => e.request.id).sort()).toEqual([...ids].sort());
    expect(await h.store.listActiveWatches("request")).toEqual([]);
  });

  it("posts a change again in a later round when the chat platform refused it", async () => {
    const id = DEMO_REQUESTS.danPending.id;
    await watch(id);
    h.sandbox.org.updateRequest(id, { status: "APPROVED", grantStatus: "PENDING" });
    h.notifier.refuseNext(1);
    const refused = await nextRound();
    expect(refused.notified).toBe(0);
    expect(requestEvents()).toEqual([]);

    await nextRound();
    expect(requestEvents().map((e) => e.previousStatus)).toEqual(["PENDING"]);
  });
});
