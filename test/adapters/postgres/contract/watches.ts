/** Store contract: watches. */
import { expect, it } from "vitest";
import type { NewWatch, WatchId } from "../../../../src/governance/store.js";
import { MINUTE, oktaId, thread } from "./fixtures.js";
import type { StoreHarness } from "./harness.js";

function watch(overrides: Partial<NewWatch> = {}): NewWatch {
  return { kind: "sar", oktaId: "sar0001", conversation: thread, createdBy: oktaId("00urequester"), ...overrides };
}

export function watchContract(h: () => StoreHarness): void {
  it("a watch is stored and due at once unless told otherwise", async () => {
    const { store, clock } = h();
    const { watch: stored, created } = await store.addWatch(watch({ lastStatus: "PENDING" }));
    expect(created).toBe(true);
    expect(stored).toMatchObject({
      kind: "sar",
      oktaId: "sar0001",
      conversation: thread,
      lastStatus: "PENDING",
      lastCheckedAt: null,
      nextCheckAt: clock.now(),
      active: true,
      createdBy: "00urequester",
      createdAt: clock.now(),
    });
    expect(await store.getWatch(stored.id)).toEqual(stored);
    expect(await store.getWatch("nope" as WatchId)).toBeNull();
  });

  it("adding the same watch twice in one conversation keeps one watch", async () => {
    const { store, clock } = h();
    const first = await store.addWatch(watch());
    clock.advance(MINUTE);
    const second = await store.addWatch(watch({ createdBy: oktaId("00usomeoneelse") }));
    expect(second).toEqual({ watch: first.watch, created: false });
    const elsewhere = await store.addWatch(watch({ conversation: { ...thread, threadId: "1700000000.999999" } }));
    expect(elsewhere.created).toBe(true);
    expect(await store.listActiveWatches("sar")).toHaveLength(2);
  });

  it("a deactivated watch comes back when added again", async () => {
    const { store, clock } = h();
    const { watch: first } = await store.addWatch(watch());
    expect(await store.deactivateWatch(first.id)).toBe(true);
    expect(await store.deactivateWatch(first.id)).toBe(false);
    clock.advance(MINUTE);
    const again = await store.addWatch(watch());
    expect(again.created).toBe(true);
    expect(again.watch).toMatchObject({ id: first.id, active: true, nextCheckAt: clock.now() });
  });

  it("due watches are the active ones whose time has come, soonest first, limited", async () => {
    const { store, clock } = h();
    const at = (minutes: number): Date => new Date(clock.now().getTime() + minutes * MINUTE);
    const soon = await store.addWatch(watch({ oktaId: "sar-soon", nextCheckAt: at(-1) }));
    const sooner = await store.addWatch(watch({ oktaId: "sar-sooner", nextCheckAt: at(-5) }));
    const now = await store.addWatch(watch({ kind: "request", oktaId: "req-now", nextCheckAt: at(0) }));
    await store.addWatch(watch({ oktaId: "sar-later", nextCheckAt: at(5) }));
    const inactive = await store.addWatch(watch({ oktaId: "sar-off", nextCheckAt: at(-10) }));
    await store.deactivateWatch(inactive.watch.id);

    const due = await store.listDueWatches({ limit: 10 });
    expect(due.map((w) => w.oktaId)).toEqual([sooner, soon, now].map((w) => w.watch.oktaId));
    expect((await store.listDueWatches({ limit: 1 })).map((w) => w.oktaId)).toEqual(["sar-sooner"]);
  });

  it("a recorded check stores the status seen and reschedules the watch", async () => {
    const { store, clock } = h();
    const { watch: w } = await store.addWatch(watch());
    const checked = await store.recordWatchCheck(w.id, { status: "ACTIVE", nextCheckAt: new Date(clock.now().getTime() + MINUTE) });
    expect(checked).toMatchObject({ lastStatus: "ACTIVE", lastCheckedAt: clock.now() });
    expect(await store.listDueWatches({ limit: 10 })).toEqual([]);
    clock.advance(MINUTE);
    expect((await store.listDueWatches({ limit: 10 })).map((x) => x.id)).toEqual([w.id]);
    expect(await store.recordWatchCheck("7d1f2c9e-0000-4000-8000-000000000000" as WatchId, { status: null, nextCheckAt: clock.now() })).toBeNull();
  });

  it("claimed watches are leased: two pollers never take the same watch", async () => {
    const { store, clock, openStores } = h();
    for (let i = 0; i < 6; i += 1) await store.addWatch(watch({ oktaId: `sar${i}` }));
    const [a, b] = await openStores(2);
    const [first, second] = await Promise.all([
      a!.claimDueWatches({ limit: 4, leaseMs: MINUTE }),
      b!.claimDueWatches({ limit: 4, leaseMs: MINUTE }),
    ]);
    const ids = [...first, ...second].map((w) => w.oktaId);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
    expect(first.every((w) => w.nextCheckAt.getTime() === clock.now().getTime() + MINUTE)).toBe(true);
    expect(await store.claimDueWatches({ limit: 10, leaseMs: MINUTE })).toEqual([]);
  });

  it("active watches of a kind can be listed together, and all watches on one object stopped", async () => {
    const { store } = h();
    await store.addWatch(watch({ oktaId: "sar1" }));
    await store.addWatch(watch({ oktaId: "sar1", conversation: { ...thread, conversationId: "C0OTHER" } }));
    await store.addWatch(watch({ oktaId: "sar2" }));
    await store.addWatch(watch({ kind: "request", oktaId: "req1" }));
    expect((await store.listActiveWatches("sar")).map((w) => w.oktaId).sort()).toEqual(["sar1", "sar1", "sar2"]);
    expect(await store.deactivateWatchesFor("sar", "sar1")).toBe(2);
    expect((await store.listActiveWatches("sar")).map((w) => w.oktaId)).toEqual(["sar2"]);
    expect((await store.listActiveWatches("request")).map((w) => w.oktaId)).toEqual(["req1"]);
  });
}
