/** Store contract: triage cards, the launch thread's posting claim and the followed reviews. */
import { expect, it } from "vitest";
import { MINUTE, thread } from "./fixtures.js";
import type { StoreHarness } from "./harness.js";

const elsewhere = { platform: "teams", tenantId: "tenant-1", conversationId: "19:incident@thread.tacv2" } as const;

export function triageCardContract(h: () => StoreHarness): void {
  it("a card is recorded once per message, listed oldest first, and its review is followed from then on", async () => {
    const { store, clock } = h();
    expect(await store.listFollowedTriage(10)).toEqual([]);
    await store.putTriageCard({ sarId: "sar1", conversation: thread, messageId: "1700000000.000200" });
    const first = clock.now();
    clock.advance(MINUTE);
    await store.putTriageCard({ sarId: "sar1", conversation: elsewhere, messageId: "1:activity" });
    await store.putTriageCard({ sarId: "sar1", conversation: thread, messageId: "1700000000.000200" });
    await store.putTriageCard({ sarId: "sar2", conversation: thread, messageId: "1700000000.000300" });

    expect(await store.listTriageCards("sar1")).toEqual([
      { sarId: "sar1", conversation: thread, messageId: "1700000000.000200", createdAt: first },
      { sarId: "sar1", conversation: elsewhere, messageId: "1:activity", createdAt: clock.now() },
    ]);
    expect(await store.listTriageCards("sar-none")).toEqual([]);
    expect(await store.listFollowedTriage(10)).toEqual([
      { sarId: "sar1", fingerprint: null, lastCheckedAt: null },
      { sarId: "sar2", fingerprint: null, lastCheckedAt: null },
    ]);
  });

  it("the launch thread's card is claimed once per review", async () => {
    const { store } = h();
    expect(await store.claimTriagePosting("sar1")).toBe(true);
    expect(await store.claimTriagePosting("sar1")).toBe(false);
    expect(await store.claimTriagePosting("sar2")).toBe(true);
  });

  it("of stores racing for one review's card, exactly one wins", async () => {
    const { openStores } = h();
    const stores = await openStores(8);
    const wins = await Promise.all(stores.map((s) => s.claimTriagePosting("sar-race")));
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it("a new fingerprint is recorded by one caller only; the same one again counts as a look and is not a win", async () => {
    const { store, clock } = h();
    await store.putTriageCard({ sarId: "sar1", conversation: thread, messageId: "m1" });
    const at = clock.advance(MINUTE);
    expect(await store.recordTriageSeen("sar1", "fp-a", false, at)).toBe(true);
    const later = clock.advance(MINUTE);
    expect(await store.recordTriageSeen("sar1", "fp-a", false, later)).toBe(false);
    expect(await store.listFollowedTriage(10)).toEqual([{ sarId: "sar1", fingerprint: "fp-a", lastCheckedAt: later }]);
    expect(await store.recordTriageSeen("sar1", "fp-b", false, clock.advance(MINUTE))).toBe(true);
    // A review without a card is not followed: nothing to record.
    expect(await store.recordTriageSeen("sar-unknown", "fp-a", false, clock.now())).toBe(false);
    expect(await store.listFollowedTriage(10)).toEqual([{ sarId: "sar1", fingerprint: "fp-b", lastCheckedAt: clock.now() }]);
  });

  it("of stores racing to record one change, exactly one wins", async () => {
    const { store, clock, openStores } = h();
    await store.putTriageCard({ sarId: "sar1", conversation: thread, messageId: "m1" });
    await store.recordTriageSeen("sar1", "fp-old", false, clock.now());
    const stores = await openStores(8);
    const wins = await Promise.all(stores.map((s) => s.recordTriageSeen("sar1", "fp-new", false, clock.now())));
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it("followed reviews come least recently checked first (never checked before any), limited", async () => {
    const { store, clock } = h();
    for (const sarId of ["sar-a", "sar-b", "sar-c"]) {
      await store.putTriageCard({ sarId, conversation: thread, messageId: `m-${sarId}` });
      clock.advance(1000);
    }
    await store.recordTriageSeen("sar-a", "fp", false, clock.advance(MINUTE));
    await store.recordTriageSeen("sar-b", "fp", false, clock.advance(MINUTE));
    expect((await store.listFollowedTriage(10)).map((f) => f.sarId)).toEqual(["sar-c", "sar-a", "sar-b"]);
    expect((await store.listFollowedTriage(2)).map((f) => f.sarId)).toEqual(["sar-c", "sar-a"]);
    // Looking again, unchanged, moves a review to the back.
    await store.recordTriageSeen("sar-a", "fp", false, clock.advance(MINUTE));
    expect((await store.listFollowedTriage(10)).map((f) => f.sarId)).toEqual(["sar-c", "sar-b", "sar-a"]);
  });

  it("a review seen closed is no longer followed, even when another card of it is added later", async () => {
    const { store, clock } = h();
    await store.putTriageCard({ sarId: "sar1", conversation: thread, messageId: "m1" });
    await store.putTriageCard({ sarId: "sar2", conversation: thread, messageId: "m2" });
    expect(await store.recordTriageSeen("sar1", "fp-closed", true, clock.now())).toBe(true);
    expect((await store.listFollowedTriage(10)).map((f) => f.sarId)).toEqual(["sar2"]);
    await store.putTriageCard({ sarId: "sar1", conversation: elsewhere, messageId: "m3" });
    expect((await store.listFollowedTriage(10)).map((f) => f.sarId)).toEqual(["sar2"]);
    expect(await store.listTriageCards("sar1")).toHaveLength(2);
  });

  it("hostile ids are stored as given and never read as SQL", async () => {
    const { store } = h();
    const sarId = "sar'; DROP TABLE triage_cards; --";
    await store.putTriageCard({ sarId, conversation: thread, messageId: "m'1" });
    expect(await store.claimTriagePosting(sarId)).toBe(true);
    expect(await store.listTriageCards(sarId)).toEqual([expect.objectContaining({ sarId, messageId: "m'1" })]);
  });
}
