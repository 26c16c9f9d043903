/** Store contract: the append-only audit trail. */
import { expect, it } from "vitest";
import type { AccessRequestId, SarId } from "../../../../src/governance/okta/types.js";
import type { LaunchId, NewAuditEntry } from "../../../../src/governance/store.js";
import { MINUTE, launchIn, oktaId } from "./fixtures.js";
import type { StoreHarness } from "./harness.js";
import { createPostgresStore } from "../../../../src/adapters/postgres/postgres-store.js";

const alice = oktaId("00ualice");
const bob = oktaId("00ubob");

function entry(overrides: Partial<NewAuditEntry> = {}): NewAuditEntry {
  return {
    actor: { platform: "slack", tenantId: "T01", chatUserId: "U100", oktaUserId: alice },
    action: "sar.launch",
    outcome: "allowed",
    ...overrides,
  };
}

export function auditContract(h: () => StoreHarness): void {
  it("an audit entry keeps who, what, target, outcome, ids and details", async () => {
    const { store, clock } = h();
    const launch = await launchIn(store, clock, "PENDING_APPROVAL");
    const stored = await store.appendAudit(
      entry({
        target: { oktaUserId: bob, sarId: "sar1" as SarId },
        reason: "INC-4711",
        launchId: launch.id,
        correlationId: "corr-1",
        details: { reviewers: ["00ureviewer1"], policy: { role: "responder" } },
      }),
    );
    expect(stored).toEqual({
      id: expect.stringMatching(/^\d+$/),
      at: clock.now(),
      actor: { platform: "slack", tenantId: "T01", chatUserId: "U100", oktaUserId: alice },
      action: "sar.launch",
      target: { oktaUserId: bob, sarId: "sar1", requestId: null },
      outcome: "allowed",
      reason: "INC-4711",
      launchId: launch.id,
      correlationId: "corr-1",
      details: { reviewers: ["00ureviewer1"], policy: { role: "responder" } },
    });
    const system = await store.appendAudit({ actor: {}, action: "sar.launch.expired", outcome: "expired" });
    expect(system).toMatchObject({ actor: { platform: null, oktaUserId: null }, details: {}, launchId: null });
  });

  it("the database refuses to update, delete or truncate audit entries", async () => {
    const { store, executor } = h();
    const stored = await store.appendAudit(entry());
    await expect(executor.query("UPDATE audit_log SET outcome = 'denied' WHERE id = $1", [stored.id])).rejects.toThrow(/append-only/);
    await expect(executor.query("DELETE FROM audit_log WHERE id = $1", [stored.id])).rejects.toThrow(/append-only/);
    await expect(executor.exec("TRUNCATE audit_log")).rejects.toThrow(/append-only/);
    expect(await store.queryAudit({})).toEqual([stored]);
  });

  it("the trail is found by Okta user as actor or target, by launch, SAR or request, newest first", async () => {
    const { store, clock } = h();
    const launch = await launchIn(store, clock, "PENDING_APPROVAL");
    const byAlice = await store.appendAudit(entry());
    clock.advance(MINUTE);
    const onAlice = await store.appendAudit(entry({ actor: { oktaUserId: bob }, target: { oktaUserId: alice }, launchId: launch.id }));
    clock.advance(MINUTE);
    const sar = await store.appendAudit(entry({ actor: { oktaUserId: bob }, target: { sarId: "sar9" as SarId }, launchId: launch.id }));
    const request = await store.appendAudit(
      entry({ actor: { oktaUserId: bob }, action: "request.message", target: { requestId: "req7" as AccessRequestId } }),
    );

    const ids = (list: { id: string }[]): string[] => list.map((e) => e.id);
    expect(ids(await store.queryAudit({ oktaUserId: alice }))).toEqual(ids([onAlice, byAlice]));
    expect(ids(await store.queryAudit({ launchId: launch.id }))).toEqual(ids([sar, onAlice]));
    expect(ids(await store.queryAudit({ sarId: "sar9" as SarId }))).toEqual(ids([sar]));
    expect(ids(await store.queryAudit({ requestId: "req7" as AccessRequestId }))).toEqual(ids([request]));
    expect(ids(await store.queryAudit({ oktaUserId: bob, launchId: launch.id }))).toEqual(ids([sar, onAlice]));
    expect(ids(await store.queryAudit({}))).toEqual(ids([request, sar, onAlice, byAlice]));
  });

  it("audit queries are limited and page backwards by id", async () => {
    const { store } = h();
    const all = [];
    for (let i = 0; i < 5; i += 1) all.push(await store.appendAudit(entry({ reason: `#${i}` })));
    const firstPage = await store.queryAudit({ oktaUserId: alice, limit: 2 });
    expect(firstPage.map((e) => e.reason)).toEqual(["#4", "#3"]);
    const nextPage = await store.queryAudit({ oktaUserId: alice, limit: 2, beforeId: firstPage[1]!.id });
    expect(nextPage.map((e) => e.reason)).toEqual(["#2", "#1"]);
    expect(await store.queryAudit({ launchId: "L7K2Q9X" as LaunchId })).toEqual([]);
    expect(await store.queryAudit({ beforeId: "1; DROP TABLE audit_log" })).toEqual([]);
  });

  it("entries appended at the same time share one INSERT and commit; each caller gets its own row", async () => {
    const { executor, clock } = h();
    const batches: number[] = [];
    const store = createPostgresStore(executor, { clock, onAuditBatch: (size) => batches.push(size) });
    const entries = Array.from({ length: 40 }, (_, i) => entry({ correlationId: `corr-${i}`, details: { i } }));
    const stored = await Promise.all(entries.map((e) => store.appendAudit(e)));
    stored.forEach((row, i) => expect(row).toMatchObject({ correlationId: `corr-${i}`, details: { i } }));
    expect(new Set(stored.map((row) => row.id)).size).toBe(40);
    // The first is written at once, alone; the 39 that arrived meanwhile go together in the next statement.
    expect(batches).toEqual([1, 39]);
    const trail = await store.queryAudit({ limit: 100 });
    expect(trail.map((row) => row.correlationId).reverse()).toEqual(entries.map((e) => e.correlationId));
    expect(trail.map((row) => row.id).reverse()).toEqual(stored.map((row) => row.id));
  });

  it("an entry the database refuses fails alone; the others of its batch are written", async () => {
    const { executor, clock } = h();
    const batches: number[] = [];
    const store = createPostgresStore(executor, { clock, onAuditBatch: (size) => batches.push(size) });
    const results = await Promise.allSettled([
      store.appendAudit(entry({ correlationId: "first" })),
      store.appendAudit(entry({ correlationId: "good-1" })),
      store.appendAudit(entry({ correlationId: "bad", launchId: "not-a-uuid" as LaunchId })),
      store.appendAudit(entry({ correlationId: "good-2" })),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    expect(batches).toEqual([1, 3, 1, 1, 1]);
    expect((await store.queryAudit({})).map((row) => row.correlationId).reverse()).toEqual(["first", "good-1", "good-2"]);
  });

  it("inside a transaction an entry is written with it, not batched, and rolls back with it", async () => {
    const { executor, clock } = h();
    const batches: number[] = [];
    const store = createPostgresStore(executor, { clock, onAuditBatch: (size) => batches.push(size) });
    await expect(
      store.transaction(async (tx) => {
        await tx.appendAudit(entry({ correlationId: "rolled-back" }));
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    await store.transaction((tx) => tx.appendAudit(entry({ correlationId: "committed" })));
    expect(batches).toEqual([]);
    expect((await store.queryAudit({})).map((row) => row.correlationId)).toEqual(["committed"]);
  });
}
