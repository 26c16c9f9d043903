// The identity cache: a warm resolve costs no Okta call (so a warm launch
// costs only the SAR POST), entries expire by the injected clock, `fresh`
// rereads Okta (approval clicks), and cached JSON comes back as the same data.
import { beforeEach, describe, expect, it } from "vitest";
import { IdentityInactive } from "../../../src/governance/errors.js";
import type { OktaUserId } from "../../../src/governance/okta/types.js";
import { cacheKeys } from "../../../src/governance/identity/identity-cache.js";
import { coreHarnessForFile, DEMO_GROUPS, DEMO_USERS, type CoreHarness } from "../../support/core-harness.js";

const TTL_MS = 5 * 60_000;

const harness = coreHarnessForFile({ cacheTtlMs: TTL_MS });
let h: CoreHarness;
beforeEach(async () => {
  h = harness();
  await h.reset();
});

const { alice, bob, dan, erin } = DEMO_USERS;

describe("the identity cache", () => {
  it("answers a warm resolveActor with zero Okta calls and the same data as the cold one", async () => {
    const cold = await h.identity.resolveActor(h.actorFor("alice"));
    expect(h.oktaCalls()).toBe(3);
    h.sandbox.calls.clear();
    const warm = await h.identity.resolveActor(h.actorFor("alice"));
    expect(h.oktaCalls()).toBe(0);
    expect(h.emailLookups).toEqual(["U_ALICE"]);
    expect({ ...warm, actor: null }).toEqual({ ...cold, actor: null });
  });

  it("answers the warm lookups of a launch (caller, mentioned target, default reviewer) with zero Okta calls", async () => {
    const launch = async () => {
      await h.identity.authorize(h.actorFor("alice"), "sar.launch");
      await h.identity.resolveTarget(h.mentionOf("dan"));
      await h.identity.resolveTarget({ kind: "email", email: dan.email });
      await h.identity.resolveReviewer(erin.login);
      await h.identity.resolveReviewer(erin.id);
    };
    await launch();
    expect(h.oktaCalls()).toBeGreaterThan(0);
    h.sandbox.calls.clear();
    await launch();
    expect(h.oktaCalls()).toBe(0);
  });

  it("keeps entries until the TTL ends on the injected clock, then asks Okta again", async () => {
    await h.identity.resolveActor(h.actorFor("bob"));
    h.sandbox.calls.clear();
    h.clock.advance(TTL_MS - 1);
    await h.identity.resolveActor(h.actorFor("bob"));
    expect(h.oktaCalls()).toBe(0);
    h.clock.advance(1);
    await h.identity.resolveActor(h.actorFor("bob"));
    expect(h.oktaCalls({ operationId: "listUsers" })).toBe(1);
    expect(h.oktaCalls({ operationId: "listUserGroups" })).toBe(1);
    expect(h.oktaCalls({ operationId: "listAssignedRolesForUser" })).toBe(1);
  });

  it("rereads the user, groups and admin roles when asked for fresh data, keeping the mapping", async () => {
    await h.identity.resolveActor(h.actorFor("carol"));
    h.sandbox.calls.clear();
    await h.identity.resolveActor(h.actorFor("carol"), { fresh: true });
    expect(h.oktaCalls({ operationId: "getUser" })).toBe(1);
    expect(h.oktaCalls({ operationId: "listUserGroups" })).toBe(1);
    expect(h.oktaCalls({ operationId: "listAssignedRolesForUser" })).toBe(1);
    expect(h.oktaCalls({ operationId: "listUsers" })).toBe(0);
  });

  it("drops the approver role on a fresh resolve once the user left Security Leads in Okta", async () => {
    const before = await h.identity.resolveActor(h.actorFor("bob"));
    expect(before.grants.map((g) => g.role)).toEqual(["approver"]);
    h.sandbox.org.removeFromGroup(bob.id, DEMO_GROUPS.securityLeads.id);
    try {
      const cached = await h.identity.resolveActor(h.actorFor("bob"));
      expect(cached.grants.map((g) => g.role)).toEqual(["approver"]);
      const fresh = await h.identity.resolveActor(h.actorFor("bob"), { fresh: true });
      expect(fresh.grants).toEqual([]);
      // The fresh answer replaced the cached one.
      const after = await h.identity.resolveActor(h.actorFor("bob"));
      expect(after.grants).toEqual([]);
    } finally {
      h.sandbox.org.addToGroup(bob.id, DEMO_GROUPS.securityLeads.id);
    }
  });

  it("refuses a caller suspended in Okta on the next fresh resolve", async () => {
    await h.identity.resolveActor(h.actorFor("frank"));
    h.sandbox.org.setUserStatus(DEMO_USERS.frank.id, "SUSPENDED");
    try {
      await expect(h.identity.resolveActor(h.actorFor("frank"), { fresh: true })).rejects.toBeInstanceOf(IdentityInactive);
    } finally {
      h.sandbox.org.setUserStatus(DEMO_USERS.frank.id, "ACTIVE");
    }
  });

  it("treats a cached entry of the wrong shape as a miss and refetches", async () => {
    await h.identity.resolveActor(h.actorFor("alice"));
    const aliceId = alice.id as OktaUserId;
    await h.store.putCached(cacheKeys.user(aliceId), { id: aliceId, status: "WHATEVER", profile: {} }, { ttlMs: TTL_MS });
    await h.store.putCached(cacheKeys.access(aliceId), { groups: [{ id: 7 }], adminRoles: [] }, { ttlMs: TTL_MS });
    h.sandbox.calls.clear();
    const resolved = await h.identity.resolveActor(h.actorFor("alice"));
    expect(resolved.user.status).toBe("ACTIVE");
    expect(resolved.grants.map((g) => g.role)).toEqual(["responder"]);
    expect(h.oktaCalls({ operationId: "getUser" })).toBe(1);
    expect(h.oktaCalls({ operationId: "listUserGroups" })).toBe(1);
  });

  it("never serves one user's cached record under another's id", async () => {
    const aliceId = alice.id as OktaUserId;
    const bobRecord = { id: bob.id, status: "ACTIVE", profile: { login: bob.login } };
    await h.store.putCached(cacheKeys.user(aliceId), bobRecord, { ttlMs: TTL_MS });
    await expect(h.identity.resolveTarget({ kind: "okta-id", id: alice.id })).resolves.toMatchObject({ id: alice.id });
  });

  it("forgets a chat user's mapping and Okta data on request", async () => {
    await h.identity.resolveActor(h.actorFor("alice"));
    await h.identity.forget(h.chatUserFor("alice"));
    h.sandbox.calls.clear();
    await h.identity.resolveActor(h.actorFor("alice"));
    expect(h.oktaCalls({ operationId: "listUsers" })).toBe(1);
    expect(h.oktaCalls({ operationId: "listUserGroups" })).toBe(1);
    expect(h.emailLookups).toEqual(["U_ALICE", "U_ALICE"]);
  });
});
