/** The policy file and role checks: what each Okta user may do through the bot. */
export { ACTIONS, ACTION_PHRASES, APPROVABLE_ACTIONS, isAction, isApprovableAction, isStepUpOnlyAction, STEP_UP_ONLY_ACTIONS } from "./actions.js";
export type { Action, ApprovableAction, StepUpOnlyAction } from "./actions.js";
export { STANDARD_ADMIN_ROLE_TYPES } from "./admin-role-types.js";
export { approvalRuleFor, canApprove } from "./approval.js";
export type { ApprovalCheck, CanApproveInput } from "./approval.js";
export { decide } from "./decide.js";
export { DEFAULT_SAR, denyAllPolicy } from "./defaults.js";
export { describeAccess } from "./describe-access.js";
export { formatDuration, parseDuration } from "./duration.js";
export { loadPolicy } from "./load-policy.js";
export type { ReadTextFile } from "./load-policy.js";
export { parsePolicy } from "./parse-policy.js";
export { formatIssue, PolicyError } from "./policy-error.js";
export type { PolicyIssue } from "./policy-error.js";
export type {
  AccessDescription,
  ApprovalRule,
  Decision,
  Policy,
  PolicySubject,
  ProposalChannels,
  ProposalPolicy,
  ProposalTrigger,
  RiskLevel,
  Role,
  RoleDefinition,
  RoleGrant,
  SarDefaults,
  StepUpRule,
} from "./policy-types.js";
export { becauseOf, inactiveReason, rolesFor } from "./roles.js";
export { RISK_LEVELS } from "./policy-types.js";
