import { describe, expect, it } from "vitest";
import pino from "pino";
import { followIdentityLinkChanges, IDENTITY_LINKS_CHANNEL, IdentityLinkCache } from "../../../src/adapters/postgres/identity-link-cache.js";
import type { SqlListener } from "../../../src/adapters/postgres/sql.js";
import type { ChatUserKey, IdentityLink } from "../../../src/governance/store.js";
import type { OktaUserId } from "../../../src/governance/okta/types.js";
import { gate } from "./wait-until.js";

const alice: ChatUserKey = { platform: "slack", tenantId: "T01", chatUserId: "UALICE" };
const bob: ChatUserKey = { platform: "teams", tenantId: "tenant-1", chatUserId: "29:bob" };

function linkOf(key: ChatUserKey, oktaUserId: string): IdentityLink {
  return {
    ...key,
    oktaUserId: oktaUserId as OktaUserId,
    oktaLogin: `${oktaUserId}@example.com`,
    linkedBy: { platform: "slack", tenantId: "T01", chatUserId: "UADMIN", oktaUserId: "00uadmin" as OktaUserId },
    linkedAt: new Date("2026-12-01T10:00:00Z"),
  };
}

/** A database stand-in: what it holds now, and how many reads reached it. */
function table() {
  const rows = new Map<string, IdentityLink>();
  const id = (key: ChatUserKey) => `${key.platform}|${key.tenantId}|${key.chatUserId}`;
  const state = { reads: 0 };
  return {
    state,
    set: (link: IdentityLink) => rows.set(id(link), link),
    remove: (key: ChatUserKey) => rows.delete(id(key)),
    load: (key: ChatUserKey) => async () => {
      state.reads++;
      const row = rows.get(id(key));
      return row === undefined ? null : { ...row };
    },
  };
}

function cacheAt(now: { ms: number }, options: { on?: boolean; ttlMs?: number; maxEntries?: number } = {}) {
  return new IdentityLinkCache({ nowMs: () => now.ms, on: true, ...options });
}

describe("IdentityLinkCache", () => {
  it("answers a chat user's link, or its absence, from memory after the first read", async () => {
    const db = table();
    db.set(linkOf(alice, "00ualice"));
    const cache = cacheAt({ ms: 0 });
    expect(await cache.read(alice, db.load(alice))).toMatchObject({ oktaUserId: "00ualice" });
    expect(await cache.read(alice, db.load(alice))).toMatchObject({ oktaUserId: "00ualice" });
    expect(await cache.read(bob, db.load(bob))).toBeNull();
    expect(await cache.read(bob, db.load(bob))).toBeNull();
    expect(db.state.reads).toBe(2);
    expect(cache.stats).toMatchObject({ on: true, entries: 2, hits: 2, misses: 2 });
  });

  it("reads the database every time until it is told it hears of changes, and again once it is told it does not", async () => {
    const db = table();
    const cache = cacheAt({ ms: 0 }, { on: false });
    await cache.read(alice, db.load(alice));
    await cache.read(alice, db.load(alice));
    expect(db.state.reads).toBe(2);
    cache.listening(true);
    await cache.read(alice, db.load(alice));
    await cache.read(alice, db.load(alice));
    expect(db.state.reads).toBe(3);
    cache.listening(false);
    db.set(linkOf(alice, "00unew"));
    expect(await cache.read(alice, db.load(alice))).toMatchObject({ oktaUserId: "00unew" });
    await cache.read(alice, db.load(alice));
    expect(db.state.reads).toBe(5);
    expect(cache.stats.entries).toBe(0);
  });

  it("forgets exactly the chat user whose link changed", async () => {
    const db = table();
    const cache = cacheAt({ ms: 0 });
    await cache.read(alice, db.load(alice));
    await cache.read(bob, db.load(bob));
    db.set(linkOf(alice, "00ualice"));
    cache.changed(alice);
    expect(await cache.read(alice, db.load(alice))).toMatchObject({ oktaUserId: "00ualice" });
    expect(await cache.read(bob, db.load(bob))).toBeNull();
    expect(db.state.reads).toBe(3);
  });

  it("keeps no value read while a change arrived: the next read goes to the database again", async () => {
    const db = table();
    const cache = cacheAt({ ms: 0 });
    const held = gate();
    const reading = cache.read(alice, async () => {
      const old = await db.load(alice)();
      await held.promise;
      return old;
    });
    // Another replica links alice and its notice arrives while the old value is on its way back.
    db.set(linkOf(alice, "00ualice"));
    cache.notified(JSON.stringify(["slack", "T01", "UALICE"]));
    held.open();
    expect(await reading).toBeNull();
    expect(await cache.read(alice, db.load(alice))).toMatchObject({ oktaUserId: "00ualice" });
    expect(db.state.reads).toBe(2);
  });

  it("understands the trigger's notice, and forgets everything on '*' or on a notice it cannot read", async () => {
    const db = table();
    const cache = cacheAt({ ms: 0 });
    const warm = async () => {
      await cache.read(alice, db.load(alice));
      await cache.read(bob, db.load(bob));
    };
    await warm();
    cache.notified(JSON.stringify(["teams", "tenant-1", "29:bob"]));
    expect(cache.stats.entries).toBe(1);
    await warm();
    cache.notified("*");
    expect(cache.stats.entries).toBe(0);
    await warm();
    cache.notified("{not json");
    expect(cache.stats.entries).toBe(0);
    await warm();
    cache.notified(JSON.stringify(["slack", "T01"]));
    expect(cache.stats.entries).toBe(0);
  });

  it("trusts an entry for ttlMs at most", async () => {
    const db = table();
    const now = { ms: 1_000 };
    const cache = cacheAt(now, { ttlMs: 60_000 });
    await cache.read(alice, db.load(alice));
    now.ms += 59_999;
    await cache.read(alice, db.load(alice));
    expect(db.state.reads).toBe(1);
    now.ms += 1;
    await cache.read(alice, db.load(alice));
    expect(db.state.reads).toBe(2);
  });

  it("hands out copies, so a caller changing a link changes nothing cached", async () => {
    const db = table();
    db.set(linkOf(alice, "00ualice"));
    const cache = cacheAt({ ms: 0 });
    const first = await cache.read(alice, db.load(alice));
    first!.oktaUserId = "00uevil" as OktaUserId;
    first!.linkedBy.chatUserId = "UEVIL";
    first!.linkedAt.setTime(0);
    expect(await cache.read(alice, db.load(alice))).toEqual(linkOf(alice, "00ualice"));
  });

  it("holds at most maxEntries chat users, dropping the oldest", async () => {
    const db = table();
    const cache = cacheAt({ ms: 0 }, { maxEntries: 2 });
    const carol: ChatUserKey = { ...alice, chatUserId: "UCAROL" };
    for (const key of [alice, bob, carol]) await cache.read(key, db.load(key));
    expect(cache.stats.entries).toBe(2);
    await cache.read(carol, db.load(carol));
    await cache.read(bob, db.load(bob));
    expect(db.state.reads).toBe(3);
    await cache.read(alice, db.load(alice));
    expect(db.state.reads).toBe(4);
  });

  it("refuses settings that make no sense", () => {
    expect(() => new IdentityLinkCache({ nowMs: () => 0, ttlMs: 0 })).toThrow(/ttlMs/);
    expect(() => new IdentityLinkCache({ nowMs: () => 0, maxEntries: 0 })).toThrow(/maxEntries/);
  });
});

describe("followIdentityLinkChanges", () => {
  it("turns the cache on while the listener is up, off (and empty) while it is down, and passes notices on", async () => {
    const db = table();
    const cache = new IdentityLinkCache({ nowMs: () => 0 });
    let listener: SqlListener | undefined;
    let channel: string | undefined;
    let stopped = 0;
    const logs: { level: number; msg: string }[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void logs.push(JSON.parse(line) as { level: number; msg: string }) });
    const stop = followIdentityLinkChanges(
      (name, l) => {
        channel = name;
        listener = l;
        return async () => {
          stopped++;
        };
      },
      cache,
      logger,
    );
    expect(channel).toBe(IDENTITY_LINKS_CHANNEL);
    // Not yet listening: every read reaches the database.
    await cache.read(alice, db.load(alice));
    await cache.read(alice, db.load(alice));
    expect(db.state.reads).toBe(2);

    listener!.state(true);
    await cache.read(alice, db.load(alice));
    await cache.read(alice, db.load(alice));
    expect(db.state.reads).toBe(3);
    db.set(linkOf(alice, "00ualice"));
    listener!.notification(JSON.stringify(["slack", "T01", "UALICE"]));
    expect(await cache.read(alice, db.load(alice))).toMatchObject({ oktaUserId: "00ualice" });
    expect(db.state.reads).toBe(4);

    listener!.state(false, new Error("terminating connection due to administrator command"));
    expect(cache.stats).toMatchObject({ on: false, entries: 0 });
    db.set(linkOf(alice, "00uchanged-while-down"));
    expect(await cache.read(alice, db.load(alice))).toMatchObject({ oktaUserId: "00uchanged-while-down" });
    expect(await cache.read(alice, db.load(alice))).toMatchObject({ oktaUserId: "00uchanged-while-down" });
    expect(db.state.reads).toBe(6);
    expect(logs.filter((line) => line.level === 40).map((line) => line.msg)).toEqual([expect.stringMatching(/lost the connection/)]);

    listener!.state(true);
    expect(cache.stats).toMatchObject({ on: true, entries: 0 });
    expect(logs.filter((line) => line.level === 30).map((line) => line.msg)).toEqual([expect.stringMatching(/listening for changes again/)]);
    await stop();
    expect(stopped).toBe(1);
  });
});
