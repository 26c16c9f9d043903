import { describe, expect, it } from "vitest";
import { decide, denyAllPolicy, parsePolicy, rolesFor } from "../../../src/governance/policy/index.js";
import { LEADS, PRODUCT_POLICY, RESPONDERS, standardRole, subject } from "./subjects.js";

const policy = parsePolicy(PRODUCT_POLICY, "policy.yaml");

describe("decide", () => {
  it("allows an action to a holder of a listed role and names the role(s) that allowed it, and the condition that gave each", () => {
    const grants = rolesFor(policy, subject({ groups: [RESPONDERS, LEADS] }));
    const responder = `responder: member of Okta group "${RESPONDERS.profile.name}"`;
    const approver = `approver: member of Okta group "${LEADS.profile.name}"`;
    expect(decide(policy, "sar.read", grants)).toEqual({ allowed: true, action: "sar.read", via: ["responder", "approver"], because: [responder, approver] });
    expect(decide(policy, "sar.launch", grants)).toEqual({ allowed: true, action: "sar.launch", via: ["responder"], because: [responder] });
  });

  it("denies a person without the role, saying which role and which Okta group or admin role gives it", () => {
    const grants = rolesFor(policy, subject({ groups: [RESPONDERS] }));
    expect(decide(policy, "sar.approve", grants)).toEqual({
      allowed: false,
      action: "sar.approve",
      requiredRoles: ["approver"],
      reason: 'You need the approver role (Okta group "Security Leads" or admin role SUPER_ADMIN) to approve launches.',
    });
  });

  it("names every role that would do when several are allowed", () => {
    const decision = decide(policy, "request.read", []);
    expect(decision).toMatchObject({
      allowed: false,
      requiredRoles: ["responder", "approver"],
      reason:
        'You need the responder or approver role (Okta group "Incident Responders", Okta group "Security Leads" or admin role SUPER_ADMIN) to see access requests.',
    });
  });

  it("denies an action the policy does not list, even to a super admin, and says it is not enabled", () => {
    const grants = rolesFor(policy, subject({ groups: [RESPONDERS, LEADS], adminRoles: [standardRole("SUPER_ADMIN")] }));
    expect(grants.map((g) => g.role)).toEqual(["responder", "approver", "admin"]);
    expect(decide(policy, "sar.cancel", grants)).toEqual({
      allowed: false,
      action: "sar.cancel",
      requiredRoles: [],
      reason:
        'Nobody may cancel launches that wait for approval: the policy does not enable "sar.cancel". Ask your Okta admin to add it under permissions in the bot\'s policy file.',
    });
  });

  it("denies an unknown action whatever roles are held", () => {
    const grants = [{ role: "admin", because: "x" }, { role: "responder", because: "y" }];
    expect(decide(policy, "sar.delete", grants)).toEqual({
      allowed: false,
      action: "sar.delete",
      requiredRoles: [],
      reason: '"sar.delete" is not an action this bot knows, so it is not allowed.',
    });
    expect(decide(policy, "__proto__", grants).allowed).toBe(false);
    expect(decide(policy, "toString", grants).allowed).toBe(false);
  });

  it("grants naming a role the policy does not define allow nothing", () => {
    expect(decide(policy, "sar.launch", [{ role: "root", because: "forged" }]).allowed).toBe(false);
  });

  it("the deny-all policy of a missing file refuses everything with a message about the missing policy", () => {
    const none = denyAllPolicy("./policy.yaml");
    for (const action of ["sar.launch", "audit.read"]) {
      expect(decide(none, action, [{ role: "admin", because: "x" }])).toMatchObject({
        allowed: false,
        reason: expect.stringMatching(/^No policy file is loaded/),
      });
    }
  });

  it("a long list of ways to get a role is cut short with a count", () => {
    const many = parsePolicy(
      "roles:\n  r:\n    oktaGroups: [a, b, c, d, e, f]\npermissions:\n  sar.read: [r]\n",
      "p.yaml",
    );
    expect(decide(many, "sar.read", [])).toMatchObject({
      reason: 'You need the r role (Okta group "a", Okta group "b", Okta group "c", Okta group "d" or 2 more) to see security access reviews.',
    });
  });
});
