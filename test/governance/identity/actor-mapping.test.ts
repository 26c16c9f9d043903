// Who the caller is in Okta (PRODUCT.md section 3): an admin's link first,
// else the chat email matched against Okta; exactly one ACTIVE user or a
// clear refusal, never a guess. Real client, real sandbox, real store.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { IdentityAmbiguous, IdentityInactive, IdentityNotFound } from "../../../src/governance/errors.js";
import { createIdentityResolver } from "../../../src/governance/identity/index.js";
import { coreHarnessForFile, DEMO_USERS, rejectionOf, type CoreHarness } from "../../support/core-harness.js";

const harness = coreHarnessForFile();
let h: CoreHarness;
beforeAll(() => {
  // Okta's search returns deprovisioned users too: ivy's old account shares her email.
  harness().sandbox.org.addUser({ login: "ivy.new@example.com", email: "ivy@example.com" });
  harness().sandbox.org.addUser({ login: "ivy.old@example.com", email: "ivy@example.com", status: "DEPROVISIONED" });
  harness().sandbox.org.addUser({ login: "hank@corp.example.com", email: "hank@personal.example.net" });
});
beforeEach(async () => {
  h = harness();
  await h.reset();
});

describe("resolveActor", () => {
  it("maps a chat user to the one Okta user whose email matches their chat profile", async () => {
    const resolved = await h.identity.resolveActor(h.actorFor("alice"));
    expect(resolved.user).toMatchObject({ id: DEMO_USERS.alice.id, status: "ACTIVE", profile: { login: DEMO_USERS.alice.login } });
    expect(resolved.via).toBe("attribute");
    expect(resolved.grants.map((g) => g.role)).toEqual(["responder"]);
    expect(resolved.subject.groups.map((g) => g.profile.name)).toContain("Incident Responders");
    expect(h.oktaCalls({ operationId: "listUsers" })).toBe(1);
  });

  it("maps Teams users the same way", async () => {
    const resolved = await h.identity.resolveActor(h.actorFor("carol", { platform: "teams" }));
    expect(resolved.user.id).toBe(DEMO_USERS.carol.id);
    expect(resolved.grants.map((g) => g.role)).toEqual(["approver", "admin"]);
  });

  it("uses an admin's explicit link before the chat email, without asking the platform for the email", async () => {
    await h.link({ tenantId: "T_LINKED", userId: "U_ALICE" }, "bob");
    const resolved = await h.identity.resolveActor(h.actorFor("alice", { tenantId: "T_LINKED" }));
    expect(resolved.user.id).toBe(DEMO_USERS.bob.id);
    expect(resolved.via).toBe("link");
    expect(h.emailLookups).toEqual([]);
    expect(h.oktaCalls({ operationId: "listUsers" })).toBe(0);
  });

  it("keeps workspaces apart: a link in one tenant does not map the same user id in another", async () => {
    await h.link({ tenantId: "T_ONE", userId: "U_ALICE" }, "bob");
    const other = await h.identity.resolveActor(h.actorFor("alice", { tenantId: "T_TWO" }));
    expect(other.user.id).toBe(DEMO_USERS.alice.id);
    const teams = await h.identity.resolveActor(h.actorFor("alice", { platform: "teams", tenantId: "T_ONE", userId: "U_ALICE" }));
    expect(teams.user.id).toBe(DEMO_USERS.alice.id);
  });

  it("refuses an email two Okta users share and names both logins", async () => {
    const err = await rejectionOf(h.identity.resolveActor(h.actorFor("patOne")));
    expect(err).toBeInstanceOf(IdentityAmbiguous);
    const ambiguous = err as IdentityAmbiguous;
    expect([...ambiguous.candidates].sort()).toEqual([DEMO_USERS.patOne.login, DEMO_USERS.patTwo.login]);
    expect(ambiguous.message).toContain(DEMO_USERS.patOne.login);
    expect(ambiguous.message).toContain(DEMO_USERS.patTwo.login);
    expect(ambiguous.hint).toContain("/sar link @you");
  });

  it("ignores a deprovisioned account that shares the email of an active one", async () => {
    const resolved = await h.identity.resolveActor(h.actorFor("alice", { email: "ivy@example.com", userId: "U_IVY" }));
    expect(resolved.user.profile.login).toBe("ivy.new@example.com");
  });

  it("refuses a chat email no Okta user has, with a hint to ask an admin for a link", async () => {
    const err = await rejectionOf(h.identity.resolveActor(h.actorFor("alice", { email: "nobody@example.com", userId: "U_NOBODY" })));
    expect(err).toBeInstanceOf(IdentityNotFound);
    expect((err as IdentityNotFound).message).toContain("nobody@example.com");
    expect((err as IdentityNotFound).hint).toBe("Ask a bot admin to link your chat account to your Okta user: /sar link @you your.okta@login");
  });

  it("explains that the chat profile's email could not be read, naming Slack's users:read.email scope", async () => {
    const err = await rejectionOf(h.identity.resolveActor(h.actorFor("alice", { email: null, userId: "U_NOEMAIL" })));
    expect(err).toBeInstanceOf(IdentityNotFound);
    expect((err as IdentityNotFound).message).toContain("users:read.email");
    expect((err as IdentityNotFound).hint).toContain("/sar link");
    expect(h.oktaCalls()).toBe(0);
  });

  it("refuses a chat email carrying a filter clause without sending it to Okta", async () => {
    const hostile = h.actorFor("alice", { email: 'x" or status eq "ACTIVE', userId: "U_HOSTILE" });
    await expect(h.identity.resolveActor(hostile)).rejects.toBeInstanceOf(IdentityNotFound);
    expect(h.oktaCalls()).toBe(0);
  });

  it("refuses a deprovisioned caller", async () => {
    const err = await rejectionOf(h.identity.resolveActor(h.actorFor("gina")));
    expect(err).toBeInstanceOf(IdentityInactive);
    expect((err as IdentityInactive).message).toContain("DEPROVISIONED");
  });

  it("refuses a suspended caller", async () => {
    const err = await rejectionOf(h.identity.resolveActor(h.actorFor("sam")));
    expect(err).toBeInstanceOf(IdentityInactive);
    expect((err as IdentityInactive).message).toContain("SUSPENDED");
  });

  it("refuses a suspended caller reached through an explicit link too", async () => {
    await h.link({ tenantId: "T_DEMO", userId: "U_SAMLINK" }, "sam");
    await expect(h.identity.resolveActor(h.actorFor("alice", { userId: "U_SAMLINK" }))).rejects.toBeInstanceOf(IdentityInactive);
  });

  it("refuses a link to an Okta user that no longer exists, with a hint to relink", async () => {
    await h.link({ tenantId: "T_DEMO", userId: "U_STALE" }, { id: "00ugone0000000000000", login: "gone@example.com" });
    const err = await rejectionOf(h.identity.resolveActor(h.actorFor("alice", { userId: "U_STALE" })));
    expect(err).toBeInstanceOf(IdentityNotFound);
    expect((err as IdentityNotFound).message).toContain("00ugone0000000000000");
    expect((err as IdentityNotFound).hint).toContain("/sar link");
  });

  it("matches the chat email against the configured profile attribute", async () => {
    const byLogin = createIdentityResolver({
      okta: h.okta,
      store: h.store,
      policy: h.policy,
      clock: h.clock,
      logger: h.logger,
      cacheTtlMs: 60_000,
      matchAttribute: "profile.login",
    });
    const actor = h.actorFor("alice", { email: "hank@corp.example.com", userId: "U_HANK" });
    await expect(h.identity.resolveActor(actor)).rejects.toBeInstanceOf(IdentityNotFound);
    await expect(byLogin.resolveActor(actor)).resolves.toMatchObject({ user: { profile: { login: "hank@corp.example.com" } } });
  });

  it("refuses to build a resolver on an attribute name that is not one", () => {
    const options = { okta: h.okta, store: h.store, policy: h.policy, clock: h.clock, logger: h.logger, cacheTtlMs: 1_000 };
    expect(() => createIdentityResolver({ ...options, matchAttribute: 'email eq "x" or id' })).toThrow(/attribute/);
    expect(() => createIdentityResolver({ ...options, matchAttribute: "email", cacheTtlMs: 0 })).toThrow(/cacheTtlMs/);
  });
});
