import { describe, expect, it } from "vitest";
import type { OktaUserId } from "../../../src/governance/okta/types.js";
import { approvalRuleFor, canApprove, parsePolicy, rolesFor } from "../../../src/governance/policy/index.js";
import { LEADS, PRODUCT_POLICY, RESPONDERS, subject } from "./subjects.js";

const policy = parsePolicy(PRODUCT_POLICY, "policy.yaml");
const ALICE = "00u1aliceAAAAAAAAAAA" as OktaUserId;
const BOB = "00u1bobBBBBBBBBBBBBB" as OktaUserId;
const leadGrants = rolesFor(policy, subject({ id: BOB, groups: [LEADS] }));

function withSelfApproval(allow: boolean) {
  return parsePolicy(PRODUCT_POLICY.replace("allowSelfApproval: false", `allowSelfApproval: ${String(allow)}`), "p.yaml");
}

describe("approvalRuleFor", () => {
  it("returns the parsed rule for sar.launch", () => {
    expect(approvalRuleFor(policy, "sar.launch")).toEqual({
      required: true,
      approvers: ["approver"],
      minApprovals: 1,
      allowSelfApproval: false,
      expiresAfterMs: 1_800_000,
    });
  });

  it("returns { required: false } when the rule switches approval off or is absent", () => {
    const off = parsePolicy(PRODUCT_POLICY.replace("required: true", "required: false"), "p.yaml");
    expect(approvalRuleFor(off, "sar.launch")).toEqual({ required: false });
    const absent = parsePolicy("roles: {r: {oktaGroups: [g]}}\npermissions: {sar.launch: [r]}\n", "p.yaml");
    expect(approvalRuleFor(absent, "sar.launch")).toEqual({ required: false });
  });
});

describe("canApprove", () => {
  it("an approver may approve someone else's launch", () => {
    expect(canApprove({ policy, approverGrants: leadGrants, approverOktaId: BOB, requesterOktaId: ALICE })).toEqual({
      allowed: true,
      via: ["approver"],
      because: [`approver: member of Okta group "${LEADS.profile.name}"`],
    });
  });

  it("self-approval is refused when the policy does not allow it, even to an approver", () => {
    expect(canApprove({ policy, approverGrants: leadGrants, approverOktaId: BOB, requesterOktaId: BOB })).toEqual({
      allowed: false,
      code: "self-approval",
      requiredRoles: ["approver"],
      reason: "You asked for this launch, so someone else has to approve or deny it.",
    });
  });

  it("self-approval is accepted when allowSelfApproval is true", () => {
    const lenient = withSelfApproval(true);
    const grants = rolesFor(lenient, subject({ id: BOB, groups: [LEADS] }));
    expect(canApprove({ policy: lenient, approverGrants: grants, approverOktaId: BOB, requesterOktaId: BOB })).toEqual({
      allowed: true,
      via: ["approver"],
      because: [`approver: member of Okta group "${LEADS.profile.name}"`],
    });
    expect(canApprove({ policy: withSelfApproval(false), approverGrants: grants, approverOktaId: BOB, requesterOktaId: BOB }).allowed).toBe(false);
  });

  it("a person without an approver role is refused with the role they need", () => {
    const responder = rolesFor(policy, subject({ groups: [RESPONDERS] }));
    expect(canApprove({ policy, approverGrants: responder, approverOktaId: BOB, requesterOktaId: ALICE })).toEqual({
      allowed: false,
      code: "not-an-approver",
      requiredRoles: ["approver"],
      reason: 'You need the approver role (Okta group "Security Leads" or admin role SUPER_ADMIN) to approve launches.',
    });
  });

  it("self-approval allowed does not let a non-approver approve their own launch", () => {
    const lenient = withSelfApproval(true);
    const responder = rolesFor(lenient, subject({ id: ALICE, groups: [RESPONDERS] }));
    expect(canApprove({ policy: lenient, approverGrants: responder, approverOktaId: ALICE, requesterOktaId: ALICE })).toMatchObject({
      allowed: false,
      code: "not-an-approver",
    });
  });

  it("nobody approves when the policy needs no approval", () => {
    const off = parsePolicy(PRODUCT_POLICY.replace("required: true", "required: false"), "p.yaml");
    const grants = rolesFor(off, subject({ id: BOB, groups: [LEADS] }));
    expect(canApprove({ policy: off, approverGrants: grants, approverOktaId: BOB, requesterOktaId: ALICE })).toMatchObject({
      allowed: false,
      code: "approval-not-required",
    });
  });
});
