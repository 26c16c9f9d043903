/** Store contract: approval decisions and transactions. */
import { expect, it } from "vitest";
import type { GovernanceStore, LaunchId, LaunchRecord, MappedChatUser } from "../../../../src/governance/store.js";
import { approver, launchIn, launchInput } from "./fixtures.js";
import type { StoreHarness } from "./harness.js";

/** The core's approval step: record, count, and approve once enough approvals are in. */
async function approve(
  store: GovernanceStore,
  launchId: LaunchId,
  who: MappedChatUser,
  afterRecord: () => Promise<void> = async () => undefined,
): Promise<LaunchRecord | null> {
  return store.transaction(async (tx) => {
    const launch = await tx.getLaunch(launchId, { lockForUpdate: true });
    if (launch === null) return null;
    await tx.recordDecision({ launchId, approver: who, decision: "approve" });
    await afterRecord();
    if ((await tx.countApprovals(launchId)) < launch.approval.minApprovals) return null;
    return tx.transitionLaunch(launchId, { from: ["PENDING_APPROVAL"], to: "APPROVED" });
  });
}

/**
 * Resolves once `parties` callers arrived, or after `maxWaitMs` for a caller
 * whose partner cannot arrive (because the row lock holds it back). The wait
 * only widens the race window; no outcome depends on it.
 */
function meetingPoint(parties: number, maxWaitMs: number): () => Promise<void> {
  let arrived = 0;
  let release: () => void = () => undefined;
  const everyone = new Promise<void>((resolve) => {
    release = resolve;
  });
  return async () => {
    arrived += 1;
    if (arrived === parties) release();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([everyone, new Promise<void>((resolve) => (timer = setTimeout(resolve, maxWaitMs)))]);
    clearTimeout(timer);
  };
}

export function approvalContract(h: () => StoreHarness): void {
  it("a decision is recorded once per approver: a double click records nothing new", async () => {
    const { store, clock } = h();
    const launch = await launchIn(store, clock, "PENDING_APPROVAL");
    expect(await store.recordDecision({ launchId: launch.id, approver: approver(1), decision: "approve" })).toBe(true);
    expect(await store.recordDecision({ launchId: launch.id, approver: approver(1), decision: "approve" })).toBe(false);
    expect(await store.recordDecision({ launchId: launch.id, approver: approver(1), decision: "deny", reason: "changed mind" })).toBe(false);
    expect(await store.listDecisions(launch.id)).toEqual([
      { launchId: launch.id, approver: approver(1), decision: "approve", reason: null, decidedAt: clock.now() },
    ]);
  });

  it("only approve decisions count as approvals", async () => {
    const { store, clock } = h();
    const launch = await launchIn(store, clock, "PENDING_APPROVAL");
    await store.recordDecision({ launchId: launch.id, approver: approver(1), decision: "approve" });
    await store.recordDecision({ launchId: launch.id, approver: approver(2), decision: "deny", reason: "wrong user" });
    await store.recordDecision({ launchId: launch.id, approver: approver(3), decision: "approve" });
    expect(await store.countApprovals(launch.id)).toBe(2);
    const other = await launchIn(store, clock, "PENDING_APPROVAL");
    expect(await store.countApprovals(other.id)).toBe(0);
  });

  it("a decision on a launch that does not exist is refused", async () => {
    const { store } = h();
    await expect(
      store.recordDecision({ launchId: "7d1f2c9e-0000-4000-8000-000000000000" as LaunchId, approver: approver(1), decision: "approve" }),
    ).rejects.toThrow();
  });

  it("recording an approval and approving commit together", async () => {
    const { store, clock } = h();
    const launch = await launchIn(store, clock, "PENDING_APPROVAL");
    expect(await approve(store, launch.id, approver(1))).toMatchObject({ state: "APPROVED" });
    expect(await store.listDecisions(launch.id)).toHaveLength(1);
  });

  it("a transaction that throws leaves nothing behind", async () => {
    const { store, clock } = h();
    const pending = await launchIn(store, clock, "PENDING_APPROVAL");
    let created: LaunchRecord | undefined;
    await expect(
      store.transaction(async (tx) => {
        created = await tx.createLaunch(launchInput(clock));
        await tx.recordDecision({ launchId: pending.id, approver: approver(1), decision: "approve" });
        await tx.transitionLaunch(pending.id, { from: ["PENDING_APPROVAL"], to: "APPROVED" });
        await tx.appendAudit({ actor: {}, action: "sar.approve", outcome: "succeeded", launchId: pending.id });
        await tx.claimInbound("evt-rolled-back", { ttlMs: 60_000 });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");

    expect(created).toBeDefined();
    expect(await store.getLaunch(created!.id)).toBeNull();
    expect(await store.getLaunch(pending.id)).toEqual(pending);
    expect(await store.listDecisions(pending.id)).toEqual([]);
    expect(await store.queryAudit({})).toEqual([]);
    expect(await store.claimInbound("evt-rolled-back", { ttlMs: 60_000 })).toBe(true);
  });

  it("a nested transaction joins the outer one and rolls back with it", async () => {
    const { store, clock } = h();
    const launch = await launchIn(store, clock, "PENDING_APPROVAL");
    await expect(
      store.transaction(async (outer) => {
        await outer.transaction(async (inner) => {
          await inner.recordDecision({ launchId: launch.id, approver: approver(1), decision: "approve" });
        });
        throw new Error("outer fails after the inner one finished");
      }),
    ).rejects.toThrow("outer fails");
    expect(await store.listDecisions(launch.id)).toEqual([]);
  });

  it("two approvers deciding at once both count: a launch needing two ends APPROVED", async () => {
    const { store, clock, openStores } = h();
    const launch = await store.createLaunch(
      launchInput(clock, { approval: { required: true, minApprovals: 2, expiresAt: null } }),
    );
    const [first, second] = await openStores(2);
    // Without the row lock both would record, meet here, and each count only its own approval.
    const meet = meetingPoint(2, 300);
    const results = await Promise.all([
      approve(first!, launch.id, approver(1), meet),
      approve(second!, launch.id, approver(2), meet),
    ]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect((await store.getLaunch(launch.id))?.state).toBe("APPROVED");
    expect(await store.countApprovals(launch.id)).toBe(2);
  });

  it("of twenty approvers racing on a launch needing one, one approves and every decision is kept", async () => {
    const { store, clock, openStores } = h();
    const launch = await launchIn(store, clock, "PENDING_APPROVAL");
    const stores = await openStores(20);
    const results = await Promise.all(stores.map((s, i) => approve(s, launch.id, approver(i))));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await store.countApprovals(launch.id)).toBe(20);
    expect(await store.getLaunch(launch.id)).toMatchObject({ state: "APPROVED", version: 2 });
  });
}
