import { describe, expect, it } from "vitest";
import { describeAccess, parsePolicy } from "../../../src/governance/policy/index.js";
import { LEADS, PRODUCT_POLICY, RESPONDERS, standardRole, subject } from "./subjects.js";

const policy = parsePolicy(PRODUCT_POLICY, "policy.yaml");

describe("describeAccess (whoami)", () => {
  it("shows the Okta identity, the roles with why, and allowed and denied actions with reasons", () => {
    const who = describeAccess(policy, subject({ id: "00u1aliceAAAAAAAAAAA", login: "alice.responder@example.com", groups: [RESPONDERS] }));
    expect(who.oktaUserId).toBe("00u1aliceAAAAAAAAAAA");
    expect(who.login).toBe("alice.responder@example.com");
    expect(who.status).toBe("ACTIVE");
    expect(who.roles).toEqual([{ role: "responder", because: 'member of Okta group "Incident Responders"' }]);
    expect(who.allowedActions).toEqual(["sar.launch", "sar.read", "sar.update", "request.read", "request.message"]);
    expect(who.deniedActions).toEqual([
      {
        action: "sar.approve",
        requiredRoles: ["approver"],
        reason: 'You need the approver role (Okta group "Security Leads" or admin role SUPER_ADMIN) to approve launches.',
      },
      {
        action: "sar.cancel",
        requiredRoles: [],
        reason: expect.stringMatching(/the policy does not enable "sar.cancel"/),
      },
      {
        action: "sar.remediate",
        requiredRoles: ["approver"],
        reason: 'You need the approver role (Okta group "Security Leads" or admin role SUPER_ADMIN) to revoke, restore or flag access items of security access reviews.',
      },
      {
        action: "sar.close",
        requiredRoles: ["approver"],
        reason: 'You need the approver role (Okta group "Security Leads" or admin role SUPER_ADMIN) to close security access reviews or restore all their access.',
      },
      {
        action: "identity.link",
        requiredRoles: ["admin"],
        reason: "You need the admin role (admin role SUPER_ADMIN) to link chat users to Okta users.",
      },
      {
        action: "audit.read",
        requiredRoles: ["admin"],
        reason: "You need the admin role (admin role SUPER_ADMIN) to read the audit trail.",
      },
    ]);
    expect(who.note).toBeUndefined();
  });

  it("a super admin who is also a lead sees approver and admin actions", () => {
    const who = describeAccess(policy, subject({ groups: [LEADS], adminRoles: [standardRole("SUPER_ADMIN")] }));
    expect(who.roles.map((r) => r.role)).toEqual(["approver", "admin"]);
    expect(who.allowedActions).toEqual(["sar.approve", "sar.read", "sar.remediate", "sar.close", "sar.update", "request.read", "identity.link", "audit.read"]);
    expect(who.deniedActions.map((d) => d.action)).toEqual(["sar.launch", "sar.cancel", "request.message"]);
  });

  it("a suspended account sees no roles, every action denied, and a note saying why", () => {
    const who = describeAccess(policy, subject({ status: "SUSPENDED", groups: [RESPONDERS, LEADS] }));
    expect(who.roles).toEqual([]);
    expect(who.allowedActions).toEqual([]);
    expect(who.deniedActions).toHaveLength(11);
    expect(who.note).toBe("Your Okta account is SUSPENDED, so it holds no roles here until it is ACTIVE again.");
  });
});
