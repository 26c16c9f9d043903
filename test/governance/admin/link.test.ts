// `/sar link @user <okta-login>`: an admin's explicit link wins over the
// chat email from then on (the resolver's cache is dropped), and is
// audited; anyone else is refused, and that refusal is audited too.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AdminService } from "../../../src/governance/admin/index.js";
import { createCoreHarness, DEMO_GROUPS, DEMO_USERS, type CoreHarness } from "../../support/core-harness.js";
import { adminServiceFor } from "./support.js";

let h: CoreHarness;
let admin: AdminService;

beforeEach(async () => {
  h = await createCoreHarness();
  admin = adminServiceFor(h);
});
afterEach(async () => {
  await h.close();
});

describe("linking a chat user to an Okta user", () => {
  it("lets an admin link a chat user with no email, who then resolves to the linked Okta user", async () => {
    const newcomer = h.chatUserFor("erin", { userId: "U_NEWCOMER", email: null });
    const reply = await admin.link(h.actorFor("carol"), newcomer, DEMO_USERS.erin.login);
    expect(reply).toEqual({
      type: "identity-linked",
      platform: "slack",
      chatUserId: "U_NEWCOMER",
      person: { oktaUserId: DEMO_USERS.erin.id, login: DEMO_USERS.erin.login },
    });
    const resolved = await h.identity.resolveActor({ ...newcomer, correlationId: "after-link" });
    expect(resolved).toMatchObject({ via: "link", user: { id: DEMO_USERS.erin.id } });
    expect(await h.store.getIdentityLink({ platform: "slack", tenantId: "T_DEMO", chatUserId: "U_NEWCOMER" })).toMatchObject({
      oktaUserId: DEMO_USERS.erin.id,
      linkedBy: { chatUserId: "U_CAROL", oktaUserId: DEMO_USERS.carol.id },
    });
  });

  it("replaces a mapping the resolver had cached from the chat email", async () => {
    const dan = h.actorFor("dan");
    expect((await h.identity.resolveActor(dan)).user.id).toBe(DEMO_USERS.dan.id);
    await admin.link(h.actorFor("carol"), dan, DEMO_USERS.frank.id);
    expect((await h.identity.resolveActor(dan)).user.id).toBe(DEMO_USERS.frank.id);
    const [entry] = await h.store.queryAudit({ oktaUserId: h.oktaIdOf("frank"), limit: 1 });
    expect(entry).toMatchObject({
      action: "identity.link",
      outcome: "succeeded",
      actor: { oktaUserId: DEMO_USERS.carol.id },
      target: { oktaUserId: DEMO_USERS.frank.id },
      details: { chatUserId: "U_DAN", previousOktaUserId: null },
    });
  });

  it("drops the resolver's cached data, so the linked user's groups are read fresh from Okta", async () => {
    // frank's groups are cached while he holds no role...
    expect((await h.identity.resolveActor(h.actorFor("frank"))).grants).toEqual([]);
    h.sandbox.org.addToGroup(DEMO_USERS.frank.id, DEMO_GROUPS.incidentResponders.id);
    const newcomer = h.chatUserFor("frank", { userId: "U_FRANK_PHONE", email: null });
    await admin.link(h.actorFor("carol"), newcomer, DEMO_USERS.frank.login);
    // ...and the link makes the next resolve see his new group.
    const resolved = await h.identity.resolveActor({ ...newcomer, correlationId: "fresh" });
    expect(resolved.grants.map((g) => g.role)).toEqual(["responder"]);
  });

  it.each(["alice", "bob", "dan"] as const)("refuses %s, who is no admin, links nothing and audits the refusal", async (who) => {
    const target = h.chatUserFor("erin", { userId: "U_VICTIM", email: null });
    const reply = await admin.link(h.actorFor(who), target, DEMO_USERS[who].login);
    expect(reply).toMatchObject({ type: "error", code: "not_allowed" });
    expect(await h.store.getIdentityLink({ platform: "slack", tenantId: "T_DEMO", chatUserId: "U_VICTIM" })).toBeNull();
    const [entry] = await h.store.queryAudit({ oktaUserId: h.oktaIdOf(who), limit: 1 });
    expect(entry).toMatchObject({ action: "identity.link", outcome: "denied" });
  });

  it("refuses an Okta name that is no login, email or id, and one Okta does not know", async () => {
    const target = h.chatUserFor("erin", { userId: "U_X", email: null });
    for (const name of ['x" or profile.login pr or "', "not a login", ""]) {
      expect(await admin.link(h.actorFor("carol"), target, name)).toMatchObject({ type: "error", code: "validation_failed" });
    }
    expect(await admin.link(h.actorFor("carol"), target, "nobody@example.com")).toMatchObject({ type: "error", code: "identity_not_found" });
    expect(await h.store.getIdentityLink({ platform: "slack", tenantId: "T_DEMO", chatUserId: "U_X" })).toBeNull();
  });

  it("refuses a link to a deprovisioned Okta user", async () => {
    const target = h.chatUserFor("erin", { userId: "U_Y", email: null });
    expect(await admin.link(h.actorFor("carol"), target, DEMO_USERS.gina.login)).toMatchObject({ type: "error", code: "identity_inactive" });
    expect(await h.store.getIdentityLink({ platform: "slack", tenantId: "T_DEMO", chatUserId: "U_Y" })).toBeNull();
  });
});
