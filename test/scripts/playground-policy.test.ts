// The policy `npm run playground` runs the bot with: the sample policy.yaml,
// except that the playground's one current user (alice) may approve her own
// launch. Read through the bot's own policy parser and approval rule.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { playgroundPeople } from "../../scripts/playground-config.js";
import { playgroundPolicyYaml } from "../../scripts/playground-policy.js";
import { canApprove, parsePolicy, rolesFor, type Policy } from "../../src/governance/policy/index.js";
import type { OktaGroup, OktaUser, OktaUserId } from "../../src/governance/okta/types.js";
import { DEMO_GROUPS, DEMO_USERS } from "../../src/sandbox/org/index.js";
import { repoRoot } from "../support/shared-dir.js";

const sample = readFileSync(join(repoRoot, "policy.yaml"), "utf8");
const alice = DEMO_USERS.alice;
const aliceUser: OktaUser = { id: alice.id as OktaUserId, status: "ACTIVE", profile: { login: alice.login, email: alice.email } };
const responders: OktaGroup[] = [{ id: DEMO_GROUPS.incidentResponders.id as OktaGroup["id"], profile: { name: DEMO_GROUPS.incidentResponders.name } }];

function aliceApprovesHerOwnLaunch(policy: Policy) {
  const grants = rolesFor(policy, { user: aliceUser, groups: responders, adminRoles: [] });
  return { roles: grants.map((g) => g.role), check: canApprove({ policy, approverGrants: grants, approverOktaId: aliceUser.id, requesterOktaId: aliceUser.id }) };
}

describe("the playground's policy", () => {
  it("lets the playground's current user launch and approve her own launch, with the rest of the sample unchanged", () => {
    expect(playgroundPeople()[0]?.login).toBe(alice.login);
    const text = playgroundPolicyYaml(sample, alice.login);
    const policy = parsePolicy(text, "playground policy.yaml");
    const { roles, check } = aliceApprovesHerOwnLaunch(policy);
    expect(roles).toEqual(["responder", "approver"]);
    expect(check).toMatchObject({ allowed: true, via: ["approver"] });
    const original = parsePolicy(sample, "policy.yaml");
    expect(policy.permissions).toEqual(original.permissions);
    expect(policy.sar).toEqual(original.sar);
    expect(policy.approval["sar.launch"]).toEqual({ ...original.approval["sar.launch"], allowSelfApproval: true });
  });

  it("says in the file that self-approval is only for trying the bot alone in the playground", () => {
    const text = playgroundPolicyYaml(sample, alice.login);
    expect(text).toMatch(/allowSelfApproval: true # .*only for trying the bot alone in the playground/);
    expect(text).toMatch(/oktaUsers: \[ alice\.responder@example\.com \] # .*only for trying the bot alone in the playground/);
  });

  it("leaves the sample policy itself four-eyes: there alice may not approve her own launch", () => {
    const { roles, check } = aliceApprovesHerOwnLaunch(parsePolicy(sample, "policy.yaml"));
    expect(roles).toEqual(["responder"]);
    expect(check).toMatchObject({ allowed: false, code: "self-approval" });
  });

  it("keeps approvers the sample already names, without naming the current user twice", () => {
    const withUsers = sample.replace(`oktaAdminRoles: ["SUPER_ADMIN"]       #`, `oktaUsers: ["bob.lead@example.com", "${alice.login}"]\n    oktaAdminRoles: ["SUPER_ADMIN"]       #`);
    expect(withUsers).not.toBe(sample);
    const policy = parsePolicy(playgroundPolicyYaml(withUsers, alice.login), "p");
    expect(policy.roles.find((r) => r.name === "approver")?.oktaUsers).toEqual(["bob.lead@example.com", alice.login]);
  });

  it("refuses a sample without the sections it changes, naming the missing one", () => {
    expect(() => playgroundPolicyYaml("roles:\n  responder:\n    oktaGroups: [x]\n", alice.login)).toThrow(/no "roles\.approver" section/);
    expect(() => playgroundPolicyYaml("roles: [\n", alice.login)).toThrow(/not valid YAML/);
  });
});
