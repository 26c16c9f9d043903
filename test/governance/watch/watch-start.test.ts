// `/sar watch <id>`: a watch starts with the status Okta reports now (so
// that status is never announced as a change), starting it twice is
// harmless, and ids and roles are checked first.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Reply } from "../../../src/governance/replies.js";
import type { WatchService } from "../../../src/governance/watch/index.js";
import { createCoreHarness, DEMO_REQUESTS, DEMO_USERS, type CoreHarness } from "../../support/core-harness.js";
import { createDemoSar, expectReply } from "../requests/support.js";
import { watchServiceFor } from "./support.js";

let h: CoreHarness;
let watches: WatchService;

beforeAll(async () => {
  h = await createCoreHarness({ sarActivationDelayMs: 60_000, jobs: true });
  watches = watchServiceFor(h);
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => {
  h.sandbox.calls.clear();
});

const error = (reply: Reply) => expectReply(reply, "error");

describe("starting a watch", () => {
  it("remembers the current status, and a second watch in the same thread is the same watch", async () => {
    const thread = h.conversation({ threadId: "1700000000.000100" });
    const first = await watches.watch(h.actorFor("alice"), DEMO_REQUESTS.danPending.id, thread);
    expect(first).toEqual({ type: "watch-started", kind: "request", id: DEMO_REQUESTS.danPending.id, alreadyWatching: false, currentStatus: "PENDING" });
    const second = await watches.watch(h.actorFor("bob"), DEMO_REQUESTS.danPending.id, thread);
    expect(second).toMatchObject({ type: "watch-started", alreadyWatching: true });
    const active = (await h.store.listActiveWatches("request")).filter((w) => w.oktaId === DEMO_REQUESTS.danPending.id);
    expect(active).toEqual([
      expect.objectContaining({ lastStatus: "PENDING", lastCheckedAt: h.clock.now(), createdBy: DEMO_USERS.alice.id, conversation: thread }),
    ]);
  });

  it("watches the same request separately in another thread", async () => {
    const reply = await watches.watch(h.actorFor("alice"), DEMO_REQUESTS.danSubmitted.id, h.conversation({ threadId: "a" }));
    const other = await watches.watch(h.actorFor("alice"), DEMO_REQUESTS.danSubmitted.id, h.conversation({ threadId: "b" }));
    expect([reply, other]).toEqual([expect.objectContaining({ alreadyWatching: false }), expect.objectContaining({ alreadyWatching: false })]);
  });

  it("remembers a request's grant status with its status", async () => {
    await watches.watch(h.actorFor("alice"), DEMO_REQUESTS.aliceApproved.id, h.conversation());
    const [watch] = (await h.store.listActiveWatches("request")).filter((w) => w.oktaId === DEMO_REQUESTS.aliceApproved.id);
    expect(watch?.lastStatus).toBe("APPROVED/PENDING");
  });

  it("watches a PENDING security access review", async () => {
    const id = createDemoSar(h);
    const reply = await watches.watch(h.actorFor("bob"), id, h.conversation());
    expect(reply).toEqual({ type: "watch-started", kind: "sar", id, alreadyWatching: false, currentStatus: "PENDING" });
  });

  it("starts no watch on a request that will not change any more", async () => {
    const reply = await watches.watch(h.actorFor("alice"), DEMO_REQUESTS.danDenied.id, h.conversation());
    expect(reply).toMatchObject({ type: "text" });
    expect((reply as { text: string }).text).toContain("DENIED");
    expect((await h.store.listActiveWatches("request")).map((w) => w.oktaId)).not.toContain(DEMO_REQUESTS.danDenied.id);
  });

  it("refuses a malformed id without any Okta call", async () => {
    expect(error(await watches.watch(h.actorFor("alice"), 'req" or 1 eq 1', h.conversation())).code).toBe("validation_failed");
    expect(h.oktaCalls()).toBe(0);
  });

  it("answers an unknown id with not_found and starts nothing", async () => {
    expect(error(await watches.watch(h.actorFor("alice"), "reqNoSuchRequest0000", h.conversation())).code).toBe("not_found");
    expect((await h.store.listActiveWatches("request")).map((w) => w.oktaId)).not.toContain("reqNoSuchRequest0000");
  });

  it("refuses dan, who may not read requests, and starts nothing", async () => {
    const thread = h.conversation({ threadId: "dan" });
    expect(error(await watches.watch(h.actorFor("dan"), DEMO_REQUESTS.danPending.id, thread)).code).toBe("not_allowed");
    expect((await h.store.listActiveWatches("request")).filter((w) => w.conversation.threadId === "dan")).toEqual([]);
  });
});
