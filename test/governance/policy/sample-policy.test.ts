// The policy.yaml that `npm start` uses against the sandbox's demo org, and
// the commented policy.example.yaml, must both load and mean what they say.
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { OktaGroup, OktaUserStatus } from "../../../src/governance/okta/types.js";
import { approvalRuleFor, decide, describeAccess, loadPolicy, rolesFor } from "../../../src/governance/policy/index.js";
import type { PolicySubject } from "../../../src/governance/policy/index.js";
import { DEMO_GROUPS, DEMO_ROLES, DEMO_USERS } from "../../../src/sandbox/org/demo-seed.js";
import { repoRoot } from "../../support/shared-dir.js";
import { customRole, group, standardRole, subject } from "./subjects.js";

const G = DEMO_GROUPS;
const everyone = group(G.everyone.id, G.everyone.name);
const demoGroup = (g: { id: string; name: string }): OktaGroup => group(g.id, g.name);

/** A demo user as the Okta client would describe them (every user is in Everyone). */
function demo(
  user: { id: string; login: string },
  extra: { groups?: OktaGroup[]; adminRoles?: PolicySubject["adminRoles"][number][]; status?: OktaUserStatus } = {},
): PolicySubject {
  return subject({ id: user.id, login: user.login, status: extra.status, groups: [everyone, ...(extra.groups ?? [])], adminRoles: extra.adminRoles });
}

const alice = demo(DEMO_USERS.alice, { groups: [demoGroup(G.incidentResponders)] });
const bob = demo(DEMO_USERS.bob, { groups: [demoGroup(G.securityLeads)] });
const carol = demo(DEMO_USERS.carol, { adminRoles: [standardRole(DEMO_ROLES.carolSuperAdmin.type)] });
const grace = demo(DEMO_USERS.grace, {
  adminRoles: [customRole(DEMO_ROLES.governanceResponder.roleId, DEMO_ROLES.governanceResponder.label)],
});
const dan = demo(DEMO_USERS.dan, { groups: [demoGroup(G.engineering)] });
const erin = demo(DEMO_USERS.erin, { groups: [demoGroup(G.engineering)] });
const sam = demo(DEMO_USERS.sam, { status: "SUSPENDED", groups: [demoGroup(G.incidentResponders)] });

const samplePolicy = () => loadPolicy(resolve(repoRoot, "policy.yaml"));

describe("policy.yaml (the sample for the sandbox's demo org)", () => {
  it("loads from the repository root without errors or warnings", async () => {
    const policy = await samplePolicy();
    expect(policy.source).toBe("file");
    expect(policy.warnings).toEqual([]);
  });

  it("gives alice and grace responder, bob approver, carol approver and admin, and dan, erin and suspended sam nothing", async () => {
    const policy = await samplePolicy();
    expect(rolesFor(policy, alice)).toEqual([{ role: "responder", because: 'member of Okta group "Incident Responders"' }]);
    expect(rolesFor(policy, grace)).toEqual([{ role: "responder", because: 'holds Okta custom admin role "Governance Responder"' }]);
    expect(rolesFor(policy, bob)).toEqual([{ role: "approver", because: 'member of Okta group "Security Leads"' }]);
    expect(rolesFor(policy, carol).map((g) => g.role)).toEqual(["approver", "admin"]);
    expect([rolesFor(policy, dan), rolesFor(policy, erin), rolesFor(policy, sam)]).toEqual([[], [], []]);
  });

  it("lets alice launch but not approve, bob approve but not launch, and only carol read the audit trail", async () => {
    const policy = await samplePolicy();
    const may = (who: PolicySubject, action: string) => decide(policy, action, rolesFor(policy, who)).allowed;
    expect([may(alice, "sar.launch"), may(alice, "sar.approve"), may(alice, "audit.read")]).toEqual([true, false, false]);
    expect([may(bob, "sar.launch"), may(bob, "sar.approve"), may(bob, "audit.read")]).toEqual([false, true, false]);
    expect([may(carol, "sar.approve"), may(carol, "identity.link"), may(carol, "audit.read")]).toEqual([true, true, true]);
    expect(describeAccess(policy, erin).allowedActions).toEqual([]);
  });

  it("requires one approval other than the requester's within 30 minutes, with erin as default reviewer", async () => {
    const policy = await samplePolicy();
    expect(approvalRuleFor(policy, "sar.launch")).toEqual({
      required: true,
      approvers: ["approver"],
      minApprovals: 1,
      allowSelfApproval: false,
      expiresAfterMs: 30 * 60_000,
    });
    expect(policy.sar).toMatchObject({ defaultReviewers: [DEMO_USERS.erin.login], defaultDurationDays: 7, namePrefix: "SAR" });
  });
});

describe("policy.example.yaml (every setting explained)", () => {
  it("loads without errors or warnings and grants its break-glass user the admin role", async () => {
    const policy = await loadPolicy(resolve(repoRoot, "policy.example.yaml"));
    expect(policy.warnings).toEqual([]);
    expect(rolesFor(policy, subject({ login: "breakglass@example.com" })).map((g) => g.role)).toEqual(["admin"]);
  });
});
