/** Store contract: launches and their state machine. */
import { expect, it } from "vitest";
import type { SarId } from "../../../../src/governance/okta/types.js";
import {
  InvalidLaunchTransition,
  LAUNCH_STATES,
  canTransition,
  type LaunchId,
} from "../../../../src/governance/store.js";
import { DAY, MINUTE, launchIn, launchInput, oktaId, requester, thread } from "./fixtures.js";
import type { StoreHarness } from "./harness.js";

export function launchContract(h: () => StoreHarness): void {
  it("a launch is stored with every field and reads back by id and by reference", async () => {
    const { store, clock } = h();
    const input = launchInput(clock);
    const created = await store.createLaunch(input);

    expect(created.reference).toMatch(/^L[2-9A-HJKMNP-TV-Z]{6}$/);
    expect(created).toMatchObject({
      state: "PENDING_APPROVAL",
      requester,
      target: input.target,
      reviewerIds: input.reviewerIds,
      sarName: `SAR target.user@example.com INC-4711 ${created.reference}`,
      sarEndTime: input.sarEndTime,
      reason: input.reason,
      incidentRef: "INC-4711",
      approval: input.approval,
      conversation: thread,
      approvalMessageId: null,
      attempts: 0,
      sarId: null,
      sarStatus: null,
      failure: null,
      resolution: null,
      createdAt: clock.now(),
      updatedAt: clock.now(),
      version: 1,
    });
    expect(await store.getLaunch(created.id)).toEqual(created);
    expect(await store.getLaunchByReference(created.reference)).toEqual(created);
  });

  it("a launch that needs no approval starts APPROVED", async () => {
    const { store, clock } = h();
    const launch = await store.createLaunch(
      launchInput(clock, { approval: { required: false, minApprovals: 0, expiresAt: null } }),
    );
    expect(launch.state).toBe("APPROVED");
  });

  it("a conversation without a thread reads back without a threadId", async () => {
    const { store, clock } = h();
    const conversation = { platform: "teams" as const, tenantId: "tenant-1", conversationId: "19:abc@thread.tacv2" };
    const launch = await store.createLaunch(launchInput(clock, { conversation }));
    expect((await store.getLaunch(launch.id))?.conversation).toEqual(conversation);
  });

  it("a reference already taken is replaced by a fresh one, also in the SAR name", async () => {
    const { store, clock, references } = h();
    references.push("LAAAAAA", "LAAAAAA", "LBBBBBB");
    const first = await store.createLaunch(launchInput(clock));
    const second = await store.createLaunch(launchInput(clock));
    expect(first.reference).toBe("LAAAAAA");
    expect(second.reference).toBe("LBBBBBB");
    expect(second.sarName).toContain("LBBBBBB");
  });

  it("unknown and malformed ids read as not found", async () => {
    const { store } = h();
    expect(await store.getLaunch("7d1f2c9e-0000-4000-8000-000000000000" as LaunchId)).toBeNull();
    expect(await store.getLaunch("not-a-uuid" as LaunchId)).toBeNull();
    expect(await store.transitionLaunch("not-a-uuid" as LaunchId, { from: ["PENDING_APPROVAL"], to: "APPROVED" })).toBeNull();
    expect(await store.getLaunchByReference("LNOPE22")).toBeNull();
  });

  it("every transition in the table moves the launch; every other pair is refused as a caller bug", async () => {
    const { store, clock } = h();
    for (const from of LAUNCH_STATES) {
      for (const to of LAUNCH_STATES) {
        if (from === to) continue;
        const launch = await launchIn(store, clock, from);
        if (canTransition(from, to)) {
          const moved = await store.transitionLaunch(launch.id, { from: [from], to });
          expect(moved?.state, `${from} -> ${to}`).toBe(to);
          expect(moved?.version).toBe(launch.version + 1);
        } else {
          await expect(store.transitionLaunch(launch.id, { from: [from], to }), `${from} -> ${to}`).rejects.toThrow(
            InvalidLaunchTransition,
          );
          expect(await store.getLaunch(launch.id)).toEqual(launch);
        }
      }
    }
  });

  it("the database itself refuses a state change the table does not allow", async () => {
    const { store, clock, executor } = h();
    for (const from of LAUNCH_STATES) {
      for (const to of LAUNCH_STATES) {
        if (from === to) continue;
        const launch = await launchIn(store, clock, from);
        const update = executor.query("UPDATE launches SET state = $1 WHERE id = $2", [to, launch.id]);
        if (canTransition(from, to)) await expect(update, `${from} -> ${to}`).resolves.toBeDefined();
        else await expect(update, `${from} -> ${to}`).rejects.toThrow(/may not move/);
      }
    }
    await expect(executor.query("UPDATE launches SET state = 'PAUSED'")).rejects.toThrow();
  });

  it("a transition from a state the launch is not in returns null and changes nothing", async () => {
    const { store, clock } = h();
    const launch = await launchIn(store, clock, "PENDING_APPROVAL");
    clock.advance(MINUTE);
    expect(await store.transitionLaunch(launch.id, { from: ["APPROVED"], to: "LAUNCHING" })).toBeNull();
    expect(await store.getLaunch(launch.id)).toEqual(launch);
  });

  it("a second approval after the first changes nothing", async () => {
    const { store, clock } = h();
    const launch = await launchIn(store, clock, "PENDING_APPROVAL");
    const approved = await store.transitionLaunch(launch.id, { from: ["PENDING_APPROVAL"], to: "APPROVED" });
    expect(approved?.state).toBe("APPROVED");
    expect(await store.transitionLaunch(launch.id, { from: ["PENDING_APPROVAL"], to: "APPROVED" })).toBeNull();
    expect(await store.getLaunch(launch.id)).toEqual(approved);
  });

  it("entering LAUNCHING counts an attempt; LAUNCHING -> APPROVED hands the launch back for another", async () => {
    const { store, clock } = h();
    const launch = await launchIn(store, clock, "LAUNCHING");
    expect(launch.attempts).toBe(1);
    const handedBack = await store.transitionLaunch(launch.id, {
      from: ["LAUNCHING"],
      to: "APPROVED",
      set: { failure: { code: "okta_unavailable", message: "Okta answered 503" } },
    });
    expect(handedBack).toMatchObject({ state: "APPROVED", attempts: 1, failure: { code: "okta_unavailable" } });
    const again = await store.transitionLaunch(launch.id, { from: ["APPROVED"], to: "LAUNCHING", set: { failure: null } });
    expect(again).toMatchObject({ state: "LAUNCHING", attempts: 2, failure: null });
  });

  it("a transition writes its fields in the same update and stamps the time", async () => {
    const { store, clock } = h();
    const launching = await launchIn(store, clock, "LAUNCHING");
    clock.advance(5 * MINUTE);
    const launched = await store.transitionLaunch(launching.id, {
      from: ["LAUNCHING"],
      to: "LAUNCHED",
      set: { sarId: "sar0001" as SarId, sarStatus: "PENDING" },
    });
    expect(launched).toMatchObject({ state: "LAUNCHED", sarId: "sar0001", sarStatus: "PENDING", updatedAt: clock.now() });

    const pending = await launchIn(store, clock, "PENDING_APPROVAL");
    const denied = await store.transitionLaunch(pending.id, {
      from: ["PENDING_APPROVAL"],
      to: "DENIED",
      set: { resolution: { by: oktaId("00uapprover1"), reason: "not this user" } },
    });
    expect(denied?.resolution).toEqual({ by: "00uapprover1", reason: "not this user" });

    const failing = await launchIn(store, clock, "LAUNCHING");
    const failed = await store.transitionLaunch(failing.id, {
      from: ["LAUNCHING"],
      to: "FAILED",
      set: { failure: { code: "insufficient_scope", message: "okta.governance.securityAccessReviews.admin.manage" } },
    });
    expect(failed?.failure).toEqual({ code: "insufficient_scope", message: "okta.governance.securityAccessReviews.admin.manage" });
  });

  it("a transition with a stale expected version changes nothing", async () => {
    const { store, clock } = h();
    const launch = await launchIn(store, clock, "PENDING_APPROVAL");
    await store.updateLaunch(launch.id, { approvalMessageId: "1700000000.000200" });
    const stale = await store.transitionLaunch(launch.id, {
      from: ["PENDING_APPROVAL"],
      to: "APPROVED",
      expectedVersion: launch.version,
    });
    expect(stale).toBeNull();
    expect((await store.getLaunch(launch.id))?.state).toBe("PENDING_APPROVAL");
  });

  it("an update changes fields, not the state, and bumps the version", async () => {
    const { store, clock } = h();
    const launch = await launchIn(store, clock, "PENDING_APPROVAL");
    clock.advance(MINUTE);
    const updated = await store.updateLaunch(launch.id, { approvalMessageId: "1700000000.000200" });
    expect(updated).toEqual({ ...launch, approvalMessageId: "1700000000.000200", version: 2, updatedAt: clock.now() });
    expect(await store.updateLaunch(launch.id, { sarStatus: "ACTIVE" }, { expectedVersion: 1 })).toBeNull();
  });

  it("of twenty concurrent approvals exactly one moves the launch", async () => {
    const { store, clock, openStores } = h();
    const launch = await launchIn(store, clock, "PENDING_APPROVAL");
    const stores = await openStores(20);
    const results = await Promise.all(
      stores.map((s) => s.transitionLaunch(launch.id, { from: ["PENDING_APPROVAL"], to: "APPROVED" })),
    );
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await store.getLaunch(launch.id)).toMatchObject({ state: "APPROVED", version: 2 });
  });

  it("only pending launches whose approval has expired are listed, oldest expiry first", async () => {
    const { store, clock } = h();
    const at = (minutes: number): Date => new Date(clock.now().getTime() + minutes * MINUTE);
    const pending = (minutes: number | null) =>
      store.createLaunch(launchInput(clock, { approval: { required: true, minApprovals: 1, expiresAt: minutes === null ? null : at(minutes) } }));
    const later = await pending(5);
    const long = await pending(-10);
    const exactlyNow = await pending(0);
    const recent = await pending(-1);
    await pending(null);
    const approved = await launchIn(store, clock, "APPROVED", { approval: { required: true, minApprovals: 1, expiresAt: at(-20) } });

    const due = await store.listExpiredLaunches({ limit: 10 });
    expect(due.map((l) => l.id)).toEqual([long.id, recent.id, exactlyNow.id]);
    expect(due.map((l) => l.id)).not.toContain(approved.id);
    expect((await store.listExpiredLaunches({ limit: 2 })).map((l) => l.id)).toEqual([long.id, recent.id]);
    expect((await store.listExpiredLaunches({ limit: 10, now: at(6) })).map((l) => l.id)).toContain(later.id);
  });

  it("approved and launching launches untouched for longer than the threshold are listed for recovery", async () => {
    const { store, clock } = h();
    const approved = await launchIn(store, clock, "APPROVED");
    const launching = await launchIn(store, clock, "LAUNCHING");
    await launchIn(store, clock, "PENDING_APPROVAL");
    await launchIn(store, clock, "LAUNCHED");
    clock.advance(10 * MINUTE);
    const fresh = await launchIn(store, clock, "APPROVED");

    const stalled = await store.listStalledLaunches({ olderThanMs: 5 * MINUTE, limit: 10 });
    expect(stalled.map((l) => l.id).sort()).toEqual([approved.id, launching.id].sort());
    expect(stalled.map((l) => l.id)).not.toContain(fresh.id);
  });

  it("end times and expiry survive the round trip to the millisecond", async () => {
    const { store, clock } = h();
    clock.set("2031-03-04T05:06:07.089Z");
    const launch = await store.createLaunch(launchInput(clock, { sarEndTime: new Date(clock.now().getTime() + 2 * DAY + 123) }));
    expect((await store.getLaunch(launch.id))?.sarEndTime.toISOString()).toBe("2031-03-06T05:06:07.212Z");
  });
}
