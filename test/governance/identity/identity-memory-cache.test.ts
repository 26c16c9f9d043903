// The identity cache's in-process layer in front of the store's cache: a warm
// resolve reads neither Okta nor the store, entries expire exactly when the
// store's do, `fresh` and `forget` work as without it, a failed or cancelled
// write leaves nothing behind, and it never changes who is allowed.
import { beforeEach, describe, expect, it } from "vitest";
import { NotAllowed } from "../../../src/governance/errors.js";
import type { OktaUserId } from "../../../src/governance/okta/types.js";
import { cacheKeys, IdentityCache } from "../../../src/governance/identity/identity-cache.js";
import { createIdentityResolver } from "../../../src/governance/identity/index.js";
import type { IdentityResolver } from "../../../src/governance/identity/types.js";
import type { GovernanceStore, JsonValue } from "../../../src/governance/store.js";
import { coreHarnessForFile, DEMO_GROUPS, DEMO_USERS, type CoreHarness, type DemoUserKey } from "../../support/core-harness.js";

const TTL_MS = 5 * 60_000;

const harness = coreHarnessForFile({ cacheTtlMs: TTL_MS });
let h: CoreHarness;
/** Store reads of identity cache keys made by the resolver under test. */
let storeReads: string[];
let resolver: IdentityResolver;

/** The harness's store with its identity-cache reads counted. */
function countingStore(store: GovernanceStore): GovernanceStore {
  return new Proxy(store, {
    get(target, name, receiver) {
      if (name === "getCached" || name === "getCachedEntry") {
        return async (key: string) => {
          storeReads.push(key);
          return name === "getCached" ? target.getCached(key) : target.getCachedEntry(key);
        };
      }
      const value: unknown = Reflect.get(target, name, receiver);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function makeResolver(memoryCache: boolean): IdentityResolver {
  return createIdentityResolver({
    okta: h.okta,
    store: countingStore(h.store),
    policy: h.policy,
    clock: h.clock,
    logger: h.logger,
    audit: h.audit,
    cacheTtlMs: TTL_MS,
    matchAttribute: "profile.email",
    memoryCache,
  });
}

beforeEach(async () => {
  h = harness();
  await h.reset();
  storeReads = [];
  resolver = makeResolver(true);
});

describe("the identity cache in memory", () => {
  it("answers a warm resolve with no Okta call and no store read, and the same data as the cold one", async () => {
    const cold = await resolver.resolveActor(h.actorFor("alice"));
    h.sandbox.calls.clear();
    storeReads = [];
    const warm = await resolver.resolveActor(h.actorFor("alice"));
    expect(h.oktaCalls()).toBe(0);
    expect(storeReads).toEqual([]);
    expect({ ...warm, actor: null }).toEqual({ ...cold, actor: null });
  });

  it("reads the store's cache on every lookup when it is off (the default)", async () => {
    const plain = makeResolver(false);
    await plain.resolveActor(h.actorFor("alice"));
    storeReads = [];
    await plain.resolveActor(h.actorFor("alice"));
    expect(storeReads.length).toBeGreaterThan(0);
  });

  it("keeps entries until the TTL ends on the injected clock, like the store, then asks Okta again", async () => {
    await resolver.resolveActor(h.actorFor("bob"));
    h.sandbox.calls.clear();
    h.clock.advance(TTL_MS - 1);
    await resolver.resolveActor(h.actorFor("bob"));
    expect(h.oktaCalls()).toBe(0);
    h.clock.advance(1);
    await resolver.resolveActor(h.actorFor("bob"));
    expect(h.oktaCalls({ operationId: "listUsers" })).toBe(1);
    expect(h.oktaCalls({ operationId: "listUserGroups" })).toBe(1);
    expect(h.oktaCalls({ operationId: "listAssignedRolesForUser" })).toBe(1);
  });

  it("drops the approver role on a fresh resolve and keeps it dropped for the cached ones after", async () => {
    expect((await resolver.resolveActor(h.actorFor("bob"))).grants.map((g) => g.role)).toEqual(["approver"]);
    h.sandbox.org.removeFromGroup(DEMO_USERS.bob.id, DEMO_GROUPS.securityLeads.id);
    try {
      expect((await resolver.resolveActor(h.actorFor("bob"), { fresh: true })).grants).toEqual([]);
      h.sandbox.calls.clear();
      expect((await resolver.resolveActor(h.actorFor("bob"))).grants).toEqual([]);
      expect(h.oktaCalls()).toBe(0);
      await expect(resolver.authorize(h.actorFor("bob"), "sar.approve")).rejects.toBeInstanceOf(NotAllowed);
    } finally {
      h.sandbox.org.addToGroup(DEMO_USERS.bob.id, DEMO_GROUPS.securityLeads.id);
    }
  });

  it("forgets a chat user's mapping and Okta data in memory too", async () => {
    await resolver.resolveActor(h.actorFor("alice"));
    await resolver.forget(h.chatUserFor("alice"));
    h.sandbox.calls.clear();
    await resolver.resolveActor(h.actorFor("alice"));
    expect(h.oktaCalls({ operationId: "listUsers" })).toBe(1);
    expect(h.oktaCalls({ operationId: "listUserGroups" })).toBe(1);
  });

  it("clearMemory leaves the store's cache: the next resolve reads the store, not Okta", async () => {
    await resolver.resolveActor(h.actorFor("carol"));
    resolver.clearMemory?.();
    h.sandbox.calls.clear();
    storeReads = [];
    await resolver.resolveActor(h.actorFor("carol"));
    expect(h.oktaCalls()).toBe(0);
    expect(storeReads.length).toBeGreaterThan(0);
  });

  it("grants every demo user the same roles, and allows and refuses the same actions, as the store-only cache, cold and warm", async () => {
    const plain = makeResolver(false);
    const users = Object.keys(DEMO_USERS) as DemoUserKey[];
    const outcome = async (r: IdentityResolver, user: DemoUserKey, action: "sar.launch" | "sar.approve" | "identity.link") =>
      r.authorize(h.actorFor(user), action).then(
        () => "allowed",
        (error: unknown) => (error instanceof Error ? error.constructor.name : "error"),
      );
    for (let pass = 0; pass < 2; pass++) {
      for (const user of users) {
        const withMemory = await resolver.resolveActor(h.actorFor(user)).then((r) => r.grants, (e: unknown) => (e as Error).constructor.name);
        const without = await plain.resolveActor(h.actorFor(user)).then((r) => r.grants, (e: unknown) => (e as Error).constructor.name);
        expect(withMemory, `${user}, pass ${pass}`).toEqual(without);
        for (const action of ["sar.launch", "sar.approve", "identity.link"] as const) {
          expect(await outcome(resolver, user, action), `${user} ${action}, pass ${pass}`).toBe(await outcome(plain, user, action));
        }
      }
    }
  });
});

/** A store with just the cache methods, in a Map with expiry on `nowMs`, whose reads and writes can be held and whose writes can be made to fail. */
function fakeCacheStore(nowMs: () => number) {
  const values = new Map<string, { json: string; expiresAtMs: number }>();
  const reads: string[] = [];
  let hold: Promise<void> | undefined;
  let holdRead: Promise<void> | undefined;
  let failWrites = false;
  const entry = (key: string) => {
    const v = values.get(key);
    return v === undefined || !(v.expiresAtMs > nowMs()) ? undefined : { value: JSON.parse(v.json) as JsonValue, expiresAt: new Date(v.expiresAtMs) };
  };
  const store = {
    getCached: async (key: string) => {
      reads.push(key);
      return entry(key)?.value;
    },
    getCachedEntry: async (key: string) => {
      reads.push(key);
      const found = entry(key);
      if (holdRead) await holdRead;
      return found;
    },
    putCached: async (key: string, value: JsonValue, { ttlMs }: { ttlMs: number }) => {
      const expiresAtMs = nowMs() + ttlMs;
      if (hold) await hold;
      if (failWrites) throw new Error("database unavailable");
      values.set(key, { json: JSON.stringify(value), expiresAtMs });
    },
    deleteCached: async (key: string) => {
      values.delete(key);
    },
  };
  const holder = (set: (p: Promise<void> | undefined) => void) => {
    let release!: () => void;
    set(new Promise<void>((resolve) => (release = resolve)));
    return () => {
      set(undefined);
      release();
    };
  };
  return {
    store: store as unknown as GovernanceStore,
    values,
    reads,
    holdWrites: () =>
      holder((p) => {
        hold = p;
      }),
    holdReads: () =>
      holder((p) => {
        holdRead = p;
      }),
    failWrites(on: boolean) {
      failWrites = on;
    },
  };
}

describe("IdentityCache's memory layer", () => {
  const id = DEMO_USERS.alice.id as OktaUserId;
  const key = cacheKeys.byLogin("alice.responder@example.com");
  let now: number;
  const nowMs = () => now;
  beforeEach(() => {
    now = 1_000_000;
  });

  it("answers from memory what it wrote, and from the store once expired in memory", async () => {
    const s = fakeCacheStore(nowMs);
    const cache = new IdentityCache(s.store, 1_000, { nowMs });
    await cache.putMapping(key, id);
    expect(await cache.getMapping(key)).toEqual({ oktaUserId: id });
    expect(s.reads).toEqual([]);
    now += 999;
    expect(await cache.getMapping(key)).toEqual({ oktaUserId: id });
    expect(s.reads).toEqual([]);
    now += 1;
    // The fake store does not expire; the read shows memory let go at the TTL.
    await cache.getMapping(key);
    expect(s.reads).toEqual([key]);
    expect(cache.memoryEntries).toBe(0);
  });

  it("keeps nothing in memory when the store write fails, and drops what it held for that key", async () => {
    const s = fakeCacheStore(nowMs);
    const cache = new IdentityCache(s.store, 60_000, { nowMs });
    await cache.putMapping(key, id);
    s.failWrites(true);
    await expect(cache.putMapping(key, DEMO_USERS.bob.id as OktaUserId)).rejects.toThrow("database unavailable");
    expect(cache.memoryEntries).toBe(0);
    // The store still has the first value; memory does not claim the second.
    expect(await cache.getMapping(key)).toEqual({ oktaUserId: id });
    expect(s.reads).toEqual([key]);
  });

  it("does not put back an entry deleted while its write was in flight", async () => {
    const s = fakeCacheStore(nowMs);
    const cache = new IdentityCache(s.store, 60_000, { nowMs });
    const release = s.holdWrites();
    const writing = cache.putMapping(key, id);
    await cache.delete(key);
    release();
    await writing;
    expect(cache.memoryEntries).toBe(0);
    await cache.getMapping(key);
    expect(s.reads).toEqual([key]);
  });

  it("returns a copy: changing what a read returned does not change the cached entry", async () => {
    const s = fakeCacheStore(nowMs);
    const cache = new IdentityCache(s.store, 60_000, { nowMs });
    await cache.putAccess(id, { groups: [{ id: "00g1" as never, profile: { name: "Security Leads" } }], adminRoles: [] });
    const first = await cache.getAccess(id);
    first!.groups[0]!.profile.name = "changed";
    expect((await cache.getAccess(id))!.groups[0]!.profile.name).toBe("Security Leads");
  });

  it("holds at most maxEntries, letting the oldest written go first", async () => {
    const s = fakeCacheStore(nowMs);
    const cache = new IdentityCache(s.store, 60_000, { nowMs, maxEntries: 2 });
    for (const login of ["a@x", "b@x", "c@x"]) await cache.putMapping(cacheKeys.byLogin(login), id);
    expect(cache.memoryEntries).toBe(2);
    await cache.getMapping(cacheKeys.byLogin("a@x"));
    await cache.getMapping(cacheKeys.byLogin("c@x"));
    expect(s.reads).toEqual([cacheKeys.byLogin("a@x")]);
  });

  it("keeps what it read from the store (another replica's or an earlier run's entry) until the store's own expiry", async () => {
    const s = fakeCacheStore(nowMs);
    s.values.set(key, { json: JSON.stringify({ oktaUserId: id }), expiresAtMs: now + 500 });
    const cache = new IdentityCache(s.store, 60_000, { nowMs });
    expect(await cache.getMapping(key)).toEqual({ oktaUserId: id });
    expect(await cache.getMapping(key)).toEqual({ oktaUserId: id });
    expect(s.reads).toEqual([key]);
    now += 499;
    expect(await cache.getMapping(key)).toEqual({ oktaUserId: id });
    expect(s.reads).toEqual([key]);
    now += 1;
    expect(await cache.getMapping(key)).toBeUndefined();
    expect(s.reads).toEqual([key, key]);
  });

  it("does not keep a store read that a delete or a write of the same key overtook", async () => {
    for (const overtake of ["delete", "write"] as const) {
      const s = fakeCacheStore(nowMs);
      s.values.set(key, { json: JSON.stringify({ oktaUserId: id }), expiresAtMs: now + 60_000 });
      const cache = new IdentityCache(s.store, 60_000, { nowMs });
      const release = s.holdReads();
      const reading = cache.getMapping(key);
      if (overtake === "delete") await cache.delete(key);
      else await cache.putMapping(key, DEMO_USERS.bob.id as OktaUserId);
      release();
      // The read answers what it found, but memory holds only what the delete or write left.
      expect(await reading).toEqual({ oktaUserId: id });
      if (overtake === "delete") {
        expect(cache.memoryEntries, overtake).toBe(0);
        expect(await cache.getMapping(key)).toBeUndefined();
      } else {
        expect(await cache.getMapping(key)).toEqual({ oktaUserId: DEMO_USERS.bob.id });
      }
    }
  });

  it("refuses a maxEntries that is not a positive integer", () => {
    expect(() => new IdentityCache(fakeCacheStore(nowMs).store, 60_000, { nowMs, maxEntries: 0 })).toThrow("maxEntries");
  });
});
