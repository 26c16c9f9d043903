/** Approval rules: who may decide a launch that waits for four eyes. */
import type { OktaUserId } from "../okta/types.js";
import type { ApprovableAction } from "./actions.js";
import { missingRoleMessage } from "./messages.js";
import type { ApprovalRule, Policy, Role, RoleGrant } from "./policy-types.js";
import { becauseOf } from "./roles.js";

/** The approval rule of `action`, or `{ required: false }` when the policy sets none. */
export function approvalRuleFor(policy: Policy, action: ApprovableAction): ApprovalRule {
  return policy.approval[action] ?? { required: false };
}

export interface CanApproveInput {
  readonly policy: Policy;
  /** The roles the approver holds now (re-read at the moment of the click). */
  readonly approverGrants: readonly RoleGrant[];
  readonly approverOktaId: OktaUserId;
  readonly requesterOktaId: OktaUserId;
  /** Defaults to `sar.launch`, the only approvable action today. */
  readonly action?: ApprovableAction;
}

export type ApprovalCheck =
  | {
      readonly allowed: true;
      readonly via: readonly Role[];
      /** The condition that gave each approver role (`approver: member of Okta group "Security Leads"`), as evidence. */
      readonly because: readonly string[];
    }
  | {
      readonly allowed: false;
      readonly code: "approval-not-required" | "self-approval" | "not-an-approver";
      readonly requiredRoles: readonly Role[];
      /** A short sentence for the person who clicked. */
      readonly reason: string;
    };

/**
 * Whether this person may approve (or deny) a pending launch: they must hold
 * one of the rule's approver roles and, unless the rule allows it, not be
 * the requester.
 */
export function canApprove(input: CanApproveInput): ApprovalCheck {
  const rule = approvalRuleFor(input.policy, input.action ?? "sar.launch");
  if (!rule.required) {
    return { allowed: false, code: "approval-not-required", requiredRoles: [], reason: "This launch needs no approval." };
  }
  if (!rule.allowSelfApproval && input.approverOktaId === input.requesterOktaId) {
    return {
      allowed: false,
      code: "self-approval",
      requiredRoles: rule.approvers,
      reason: "You asked for this launch, so someone else has to approve or deny it.",
    };
  }
  const held = new Set(input.approverGrants.map((g) => g.role));
  const via = rule.approvers.filter((role) => held.has(role));
  if (via.length > 0) return { allowed: true, via, because: becauseOf(input.approverGrants, via) };
  return {
    allowed: false,
    code: "not-an-approver",
    requiredRoles: rule.approvers,
    reason: missingRoleMessage(input.policy, rule.approvers, "sar.approve"),
  };
}
