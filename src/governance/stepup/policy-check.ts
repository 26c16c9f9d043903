/** Whether the policy asks for step-up anywhere (start-up refuses it without a step-up client). */
import { APPROVABLE_ACTIONS, approvalRuleFor, type ApprovableAction, type Policy, type StepUpOnlyAction } from "../policy/index.js";

/** The actions whose approval rule has `stepUp: true` (`sar.launch` approvals, `sar.remediate` item actions). */
export function stepUpRequired(policy: Policy): (ApprovableAction | StepUpOnlyAction)[] {
  const approvals: (ApprovableAction | StepUpOnlyAction)[] = APPROVABLE_ACTIONS.filter((action) => {
    const rule = approvalRuleFor(policy, action);
    return rule.required && rule.stepUp === true;
  });
  return policy.remediateStepUp?.stepUp === true ? [...approvals, "sar.remediate"] : approvals;
}
