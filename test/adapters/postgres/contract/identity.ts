/** Store contract: identity links and the identity cache. */
import { expect, it } from "vitest";
import type { NewIdentityLink } from "../../../../src/governance/store.js";
import { MINUTE, oktaId } from "./fixtures.js";
import type { StoreHarness } from "./harness.js";

const admin = { platform: "slack" as const, tenantId: "T01", chatUserId: "UADMIN", oktaUserId: oktaId("00uadmin") };
const key = { platform: "slack" as const, tenantId: "T01", chatUserId: "U555" };

function link(overrides: Partial<NewIdentityLink> = {}): NewIdentityLink {
  return { ...key, oktaUserId: oktaId("00ualice"), oktaLogin: "alice@example.com", linkedBy: admin, ...overrides };
}

export function identityContract(h: () => StoreHarness): void {
  it("an identity link is stored with who made it and when, and found by its chat user", async () => {
    const { store, clock } = h();
    const stored = await store.upsertIdentityLink(link());
    expect(stored).toEqual({ ...link(), linkedAt: clock.now() });
    expect(await store.getIdentityLink(key)).toEqual(stored);
    expect(await store.getIdentityLink({ ...key, tenantId: "T02" })).toBeNull();
    expect(await store.getIdentityLink({ ...key, platform: "teams" })).toBeNull();
  });

  it("linking a chat user again replaces the earlier link", async () => {
    const { store, clock } = h();
    await store.upsertIdentityLink(link());
    clock.advance(MINUTE);
    const replaced = await store.upsertIdentityLink(link({ oktaUserId: oktaId("00ubob"), oktaLogin: "bob@example.com" }));
    expect(await store.getIdentityLink(key)).toEqual(replaced);
    expect(replaced).toMatchObject({ oktaUserId: "00ubob", linkedAt: clock.now() });
  });

  it("deleting a link removes it and says whether there was one", async () => {
    const { store } = h();
    await store.upsertIdentityLink(link());
    expect(await store.deleteIdentityLink(key)).toBe(true);
    expect(await store.getIdentityLink(key)).toBeNull();
    expect(await store.deleteIdentityLink(key)).toBe(false);
  });

  it("a cached value is returned until it expires by the store clock", async () => {
    const { store, clock } = h();
    const value = { id: "00ualice", groups: ["Incident Responders"], roles: [], nested: { n: 1, ok: true, none: null } };
    await store.putCached("user:00ualice", value, { ttlMs: 5 * MINUTE });
    expect(await store.getCached("user:00ualice")).toEqual(value);
    clock.advance(5 * MINUTE - 1);
    expect(await store.getCached("user:00ualice")).toEqual(value);
    clock.advance(1);
    expect(await store.getCached("user:00ualice")).toBeUndefined();
    expect(await store.getCached("user:nobody")).toBeUndefined();
  });

  it("a cached entry comes with the time it expires at, and is gone from then on", async () => {
    const { store, clock } = h();
    const written = clock.now().getTime();
    await store.putCached("entry", { oktaUserId: "00ualice" }, { ttlMs: 5 * MINUTE });
    expect(await store.getCachedEntry("entry")).toEqual({ value: { oktaUserId: "00ualice" }, expiresAt: new Date(written + 5 * MINUTE) });
    expect(await store.getCachedEntry("absent")).toBeUndefined();
    clock.advance(5 * MINUTE);
    expect(await store.getCachedEntry("entry")).toBeUndefined();
  });

  it("putting a cached value again replaces it and its expiry", async () => {
    const { store, clock } = h();
    await store.putCached("k", ["first"], { ttlMs: MINUTE });
    await store.putCached("k", "second", { ttlMs: 10 * MINUTE });
    clock.advance(2 * MINUTE);
    expect(await store.getCached("k")).toBe("second");
    await store.deleteCached("k");
    expect(await store.getCached("k")).toBeUndefined();
  });

  it("purging the cache removes only expired entries", async () => {
    const { store, clock } = h();
    await store.putCached("short", 1, { ttlMs: MINUTE });
    await store.putCached("long", 2, { ttlMs: 10 * MINUTE });
    clock.advance(2 * MINUTE);
    expect(await store.purgeExpiredCache()).toBe(1);
    expect(await store.getCached("long")).toBe(2);
    expect(await store.purgeExpiredCache()).toBe(0);
  });
}
