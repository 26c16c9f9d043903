// One-time download tickets of the audit export over a real store: usable
// once, only before they expire, stored only as a hash.
import { beforeAll, describe, expect, it } from "vitest";
import { issueExportTicket, redeemExportTicket } from "../../../src/governance/audit/export-tickets.js";
import type { GovernanceStore } from "../../../src/governance/store.js";
import { createManualClock, testStoreForFile } from "../../support/core-harness.js";

const clock = createManualClock("2030-03-10T12:00:00Z");
const testStore = testStoreForFile({ clock });
let store: GovernanceStore;
const admin = { platform: "teams" as const, tenantId: "tenant-1", chatUserId: "29:carol", oktaUserId: "00udemocarol00000000" };

beforeAll(() => {
  store = testStore();
});

describe("audit export tickets", () => {
  it("redeems a ticket once, for the admin and span it was issued for", async () => {
    const since = new Date("2030-03-03T12:00:00Z");
    const { ticket, expiresAt } = await issueExportTicket(store, { admin, since }, { ttlMs: 5 * 60_000, now: clock.now() });
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.toISOString()).toBe("2030-03-10T12:05:00.000Z");
    // Only the hash is stored: the ticket itself is no key in the cache.
    expect(await store.getCached(`audit-export-ticket:${ticket}`)).toBeUndefined();
    const grant = await redeemExportTicket(store, ticket, { now: clock.now() });
    expect(grant).toEqual({ admin, since, expiresAt });
    expect(await redeemExportTicket(store, ticket, { now: clock.now() })).toBeNull();
  });

  it("refuses an expired ticket", async () => {
    const { ticket } = await issueExportTicket(store, { admin, since: null }, { ttlMs: 60_000, now: clock.now() });
    clock.advance(61_000);
    expect(await redeemExportTicket(store, ticket, { now: clock.now() })).toBeNull();
  });

  it("refuses malformed and unknown tickets", async () => {
    for (const bad of ["", "x", "../../etc/passwd", "A".repeat(44), "A".repeat(43)]) {
      expect(await redeemExportTicket(store, bad, { now: clock.now() })).toBeNull();
    }
  });
});
