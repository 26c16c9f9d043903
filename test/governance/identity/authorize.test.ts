// Role checks on the caller (deny by default) with the repo's policy.yaml,
// and the audit trail they leave: every denial, every allowance, and every
// caller refused because they could not be mapped.
import { pino } from "pino";
import { beforeEach, describe, expect, it } from "vitest";
import { createAuditRecorder } from "../../../src/governance/audit/index.js";
import { IdentityNotFound, NotAllowed } from "../../../src/governance/errors.js";
import { createIdentityResolver } from "../../../src/governance/identity/index.js";
import { OktaUnavailable } from "../../../src/adapters/okta/index.js";
import { ACTIONS, type Action } from "../../../src/governance/policy/index.js";
import type { GovernanceStore } from "../../../src/governance/store.js";
import { coreHarnessForFile, DEMO_USERS, rejectionOf, type CoreHarness, type DemoUserKey } from "../../support/core-harness.js";

const harness = coreHarnessForFile({ okta: { retry: "never" } });
let h: CoreHarness;
beforeEach(async () => {
  h = harness();
  await h.reset();
});

// What policy.yaml grants each demo user.
const ALLOWED: Record<string, readonly Action[]> = {
  alice: ["sar.launch", "sar.cancel", "sar.read", "sar.update", "request.read", "request.message"],
  grace: ["sar.launch", "sar.cancel", "sar.read", "sar.update", "request.read", "request.message"],
  bob: ["sar.approve", "sar.cancel", "sar.read", "sar.remediate", "sar.close", "sar.update", "request.read"],
  carol: ["sar.approve", "sar.cancel", "sar.read", "sar.remediate", "sar.close", "sar.update", "request.read", "identity.link", "audit.read"],
  erin: [],
};

// The sentence each denied action gives, naming the role it needs.
const MISSING_ROLE: Record<Action, RegExp> = {
  "sar.launch": /^You need the responder role .* to launch security access reviews\.$/,
  "sar.approve": /^You need the approver role .* to approve launches\.$/,
  "sar.cancel": /^You need the responder or approver role .* to cancel launches/,
  "sar.read": /^You need the responder or approver role .* to see security access reviews\.$/,
  "sar.remediate": /^You need the approver role .* to revoke, restore or flag access items of security access reviews\.$/,
  "sar.close": /^You need the approver role .* to close security access reviews or restore all their access\.$/,
  "sar.update": /^You need the responder or approver role .* to change the end time, reviewers or comments of security access reviews\.$/,
  "request.read": /^You need the responder or approver role .* to see access requests\.$/,
  "request.message": /^You need the responder role .* to post messages on access requests\.$/,
  "identity.link": /^You need the admin role \(admin role SUPER_ADMIN\) to link chat users to Okta users\.$/,
  "audit.read": /^You need the admin role \(admin role SUPER_ADMIN\) to read the audit trail\.$/,
};

const cases = Object.entries(ALLOWED).flatMap(([user, allowed]) =>
  ACTIONS.map((action) => ({ user: user as DemoUserKey, action, allowed: allowed.includes(action) })),
);

describe("authorize", () => {
  it.each(cases.filter((c) => c.allowed))("lets $user $action", async ({ user, action }) => {
    const result = await h.identity.authorize(h.actorFor(user), action);
    expect(result.decision).toMatchObject({ allowed: true, action });
    expect(result.user.id).toBe(DEMO_USERS[user].id);
  });

  it.each(cases.filter((c) => !c.allowed))("refuses $user $action, naming the missing role", async ({ user, action }) => {
    const err = await rejectionOf(h.identity.authorize(h.actorFor(user), action));
    expect(err).toBeInstanceOf(NotAllowed);
    expect((err as NotAllowed).action).toBe(action);
    expect((err as NotAllowed).message).toMatch(MISSING_ROLE[action]);
  });

  it("writes a denial to the audit trail with who, what, why and the correlation id", async () => {
    const actor = h.actorFor("erin", { correlationId: "corr-deny-1" });
    await expect(h.identity.authorize(actor, "audit.read")).rejects.toBeInstanceOf(NotAllowed);
    const [entry] = await h.store.queryAudit({ oktaUserId: h.oktaIdOf("erin"), limit: 1 });
    expect(entry).toMatchObject({
      action: "audit.read",
      outcome: "denied",
      correlationId: "corr-deny-1",
      actor: { platform: "slack", tenantId: "T_DEMO", chatUserId: "U_ERIN", oktaUserId: DEMO_USERS.erin.id },
      details: { requiredRoles: ["admin"] },
    });
    expect(entry?.reason).toMatch(MISSING_ROLE["audit.read"]);
    expect(entry?.at).toEqual(h.clock.now());
  });

  it("writes an allowance to the audit trail with the role that granted it", async () => {
    const actor = h.actorFor("carol", { correlationId: "corr-allow-1" });
    await h.identity.authorize(actor, "identity.link");
    const [entry] = await h.store.queryAudit({ oktaUserId: h.oktaIdOf("carol"), limit: 1 });
    expect(entry).toMatchObject({ action: "identity.link", outcome: "allowed", correlationId: "corr-allow-1", reason: null, details: { via: ["admin"] } });
  });

  it("audits a caller refused because no Okta user matches them", async () => {
    const actor = h.actorFor("alice", { email: "stranger@example.com", userId: "U_STRANGER", correlationId: "corr-unmapped" });
    await expect(h.identity.authorize(actor, "sar.launch")).rejects.toBeInstanceOf(IdentityNotFound);
    const entries = await h.store.queryAudit({ limit: 20 });
    expect(entries.find((e) => e.correlationId === "corr-unmapped")).toMatchObject({
      action: "sar.launch",
      outcome: "denied",
      actor: { chatUserId: "U_STRANGER", oktaUserId: null },
      details: { code: "identity_not_found" },
    });
  });

  it("does not record a decision when Okta is down: nothing was decided", async () => {
    h.sandbox.faults.outage(new Date(h.clock.now().getTime() + 60_000), { bucket: "users" });
    const actor = h.actorFor("dan", { correlationId: "corr-outage" });
    await expect(h.identity.authorize(actor, "sar.launch")).rejects.toBeInstanceOf(OktaUnavailable);
    const entries = await h.store.queryAudit({ limit: 50 });
    expect(entries.some((e) => e.correlationId === "corr-outage")).toBe(false);
  });

  it("still refuses (and still allows) when the audit write fails, logging the failure", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "error" }, { write: (line: string) => lines.push(line) });
    const broken: GovernanceStore = {
      ...h.store,
      appendAudit: () => Promise.reject(new Error("disk full")),
    };
    const resolver = createIdentityResolver({
      okta: h.okta,
      store: h.store,
      policy: h.policy,
      clock: h.clock,
      logger,
      audit: createAuditRecorder({ store: broken, logger }),
      cacheTtlMs: 60_000,
      matchAttribute: "profile.email",
    });
    await expect(resolver.authorize(h.actorFor("erin"), "sar.launch")).rejects.toBeInstanceOf(NotAllowed);
    await expect(resolver.authorize(h.actorFor("alice"), "sar.launch")).resolves.toMatchObject({ decision: { allowed: true } });
    expect(lines).toHaveLength(2);
    expect(lines.every((line) => line.includes("audit write failed") && line.includes("disk full"))).toBe(true);
  });
});
