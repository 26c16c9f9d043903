/** Store contract: conversation references and inbound idempotency claims. */
import { expect, it } from "vitest";
import { MINUTE, thread } from "./fixtures.js";
import type { StoreHarness } from "./harness.js";

const teamsThread = { platform: "teams" as const, tenantId: "tenant-1", conversationId: "19:abc@thread.tacv2", threadId: "1700000000001" };
const reference = { bot: { id: "28:bot" }, conversation: { id: "19:abc@thread.tacv2;messageid=1700000000001" }, serviceUrl: "https://smba.example/" };

export function conversationContract(h: () => StoreHarness): void {
  it("a conversation reference is stored per thread and replaced when put again", async () => {
    const { store } = h();
    await store.putConversationReference(teamsThread, reference);
    expect(await store.getConversationReference(teamsThread)).toEqual(reference);
    const { threadId: _thread, ...channel } = teamsThread;
    expect(await store.getConversationReference(channel)).toBeNull();

    const moved = { ...reference, serviceUrl: "https://smba.example/emea/" };
    await store.putConversationReference(teamsThread, moved);
    expect(await store.getConversationReference(teamsThread)).toEqual(moved);
    expect(await store.getConversationReference(thread)).toBeNull();
  });

  it("an inbound key is claimed once; a retry of the same event is refused", async () => {
    const { store } = h();
    expect(await store.claimInbound("slack:Ev123", { ttlMs: 10 * MINUTE })).toBe(true);
    expect(await store.claimInbound("slack:Ev123", { ttlMs: 10 * MINUTE })).toBe(false);
    expect(await store.claimInbound("slack:Ev124", { ttlMs: 10 * MINUTE })).toBe(true);
  });

  it("an inbound key can be claimed again once its time to live has passed, purged or not", async () => {
    const { store, clock } = h();
    await store.claimInbound("a", { ttlMs: MINUTE });
    await store.claimInbound("b", { ttlMs: MINUTE });
    await store.claimInbound("c", { ttlMs: 10 * MINUTE });
    clock.advance(MINUTE - 1);
    expect(await store.claimInbound("a", { ttlMs: MINUTE })).toBe(false);
    clock.advance(1);
    expect(await store.purgeExpiredInbound()).toBe(2);
    expect(await store.claimInbound("a", { ttlMs: MINUTE })).toBe(true);
    expect(await store.claimInbound("c", { ttlMs: MINUTE })).toBe(false);
    clock.advance(MINUTE);
    expect(await store.claimInbound("a", { ttlMs: MINUTE })).toBe(true);
  });

  it("of twenty simultaneous claims of one key exactly one wins", async () => {
    const { openStores } = h();
    const stores = await openStores(20);
    const results = await Promise.all(stores.map((s) => s.claimInbound("teams:click:launch-1:approve", { ttlMs: MINUTE })));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
}
