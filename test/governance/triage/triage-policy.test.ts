// The policy keys of triage: the permissions sar.remediate, sar.close and
// sar.update, sar.reviewersMayAct, and approval.sar.remediate (step-up
// only); bad values stop start-up with file:line; whoami lists the actions;
// who may act follows them.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { describeAccess, parsePolicy, PolicyError, rolesFor } from "../../../src/governance/policy/index.js";
import { stepUpRequired } from "../../../src/governance/stepup/index.js";
import { mayAct, personalControls } from "../../../src/governance/triage/index.js";
import { LEADS, RESPONDERS, subject } from "../policy/subjects.js";

const REPO_POLICY = readFileSync(new URL("../../../policy.yaml", import.meta.url), "utf8");
const EXAMPLE_POLICY = readFileSync(new URL("../../../policy.example.yaml", import.meta.url), "utf8");

const BASE = `roles:
  lead: {oktaGroups: ["Security Leads"]}
  responder: {oktaGroups: ["Incident Responders"]}
permissions:
  sar.read: [lead, responder]
  sar.approve: [lead]
  sar.remediate: [lead]
  sar.close: [lead]
  sar.update: [lead, responder]
`;

function problemOf(text: string): string {
  try {
    parsePolicy(text, "policy.yaml");
  } catch (error) {
    if (error instanceof PolicyError) return error.message;
    throw error;
  }
  throw new Error("expected the policy to be rejected");
}

describe("triage policy keys", () => {
  it("the sample and example policies grant the new actions and parse", () => {
    for (const text of [REPO_POLICY, EXAMPLE_POLICY]) {
      const policy = parsePolicy(text, "policy.yaml");
      expect(policy.permissions["sar.remediate"]).toEqual(["approver"]);
      expect(policy.permissions["sar.close"]).toEqual(["approver"]);
      expect(policy.permissions["sar.update"]).toEqual(["responder", "approver"]);
      expect(policy.sar.reviewersMayAct).toBe(true);
      expect(policy.remediateStepUp).toBeUndefined();
    }
  });

  it("reads sar.reviewersMayAct and approval.sar.remediate stepUp with acrValues", () => {
    const policy = parsePolicy(
      `${BASE}approval:\n  sar.remediate:\n    stepUp: true\n    acrValues: urn:okta:loa:2fa:any\nsar:\n  reviewersMayAct: false\n`,
      "policy.yaml",
    );
    expect(policy.sar.reviewersMayAct).toBe(false);
    expect(policy.remediateStepUp).toEqual({ stepUp: true, acrValues: "urn:okta:loa:2fa:any" });
    expect(policy.approval["sar.launch"]).toEqual({ required: false });
    expect(stepUpRequired(policy)).toEqual(["sar.remediate"]);
    expect(parsePolicy(`${BASE}approval:\n  sar.remediate:\n    stepUp: false\n`, "p.yaml").remediateStepUp).toBeUndefined();
  });

  it.each([
    [`${BASE}sar:\n  reviewersMayAct: sometimes\n`, /^policy\.yaml:11:\d+: .*reviewersMayAct.*true or false/],
    [`${BASE}approval:\n  sar.remediate:\n    stepUp: true\n    approvers: [lead]\n`, /^policy\.yaml:13:\d+: approval\."sar\.remediate" takes only stepUp and acrValues .*not "approvers"/],
    [`${BASE}approval:\n  sar.remediate:\n    acrValues: urn:okta:loa:2fa:any\n`, /^policy\.yaml:12:\d+: .*acrValues applies only with stepUp: true/],
    [`${BASE}approval:\n  sar.remediate:\n    stepUp: true\n    acrValues: "not valid!"\n`, /^policy\.yaml:13:\d+: .*ACR values/],
    [`${BASE}approval:\n  sar.close:\n    stepUp: true\n`, /^policy\.yaml:11:\d+: approval rules exist only for sar\.launch and sar\.remediate, not "sar\.close"/],
    [`${BASE.replace("sar.update: [lead, responder]", "sar.updates: [lead]")}`, /^policy\.yaml:9:\d+: unknown action "sar\.updates".*did you mean "sar\.update"/],
  ])("refuses a bad value with its file and line (%#)", (text, expected) => {
    expect(problemOf(text)).toMatch(expected);
  });

  it("whoami lists the new actions as allowed or denied with the role they need", () => {
    const policy = parsePolicy(REPO_POLICY, "policy.yaml");
    const lead = describeAccess(policy, subject({ groups: [LEADS] }));
    expect(lead.allowedActions).toEqual(expect.arrayContaining(["sar.remediate", "sar.close", "sar.update"]));
    const responder = describeAccess(policy, subject({ groups: [RESPONDERS] }));
    expect(responder.allowedActions).toContain("sar.update");
    expect(responder.deniedActions.find((d) => d.action === "sar.remediate")).toMatchObject({
      requiredRoles: ["approver"],
      reason: expect.stringContaining("to revoke, restore or flag access items of security access reviews"),
    });
    expect(responder.deniedActions.find((d) => d.action === "sar.close")?.reason).toContain("to close security access reviews or restore all their access");
  });

  it("who may act: roles, assigned reviewers unless reviewersMayAct is false, never the principal", () => {
    const policy = parsePolicy(REPO_POLICY, "policy.yaml");
    const people = { principalId: "00uprincipal", reviewerIds: ["00ureviewer"] };
    const lead = { oktaUserId: "00ulead", grants: rolesFor(policy, subject({ groups: [LEADS] })) };
    const reviewer = { oktaUserId: "00ureviewer", grants: [] };
    const principal = { oktaUserId: "00uprincipal", grants: rolesFor(policy, subject({ groups: [LEADS] })) };
    expect(mayAct(policy, "item", lead, people)).toMatchObject({ allowed: true, via: "role" });
    expect(mayAct(policy, "item", reviewer, people)).toMatchObject({ allowed: true, via: "reviewer" });
    expect(mayAct(policy, "review", reviewer, people)).toMatchObject({ allowed: true, via: "reviewer" });
    expect(mayAct(policy, "update", reviewer, people)).toMatchObject({ allowed: false, code: "not_allowed" });
    expect(mayAct(policy, "item", principal, people)).toMatchObject({ allowed: false, code: "principal_cannot_act" });
    expect(personalControls(policy, reviewer, people)).toEqual({
      itemActions: ["REVOKE_ACCESS", "RESTORE_ACCESS", "FLAG_FOR_MANUAL_REMEDIATION", "FLAG_FOR_MANUAL_RESTORATION"],
      controls: ["close", "restore-all", "summarize"],
    });

    const strict = parsePolicy(REPO_POLICY.replace('namePrefix: "SAR"', 'namePrefix: "SAR"\n  reviewersMayAct: false'), "policy.yaml");
    expect(mayAct(strict, "item", reviewer, people)).toMatchObject({ allowed: false, code: "not_allowed" });
    expect(mayAct(strict, "review", reviewer, people)).toMatchObject({ allowed: false, code: "not_allowed" });
  });
});
