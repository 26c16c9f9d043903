/** Whether the policy asks for step-up anywhere (start-up refuses it without a step-up client). */
import { APPROVABLE_ACTIONS, approvalRuleFor, type ApprovableAction, type Policy } from "../policy/index.js";

/** The approvable actions whose rule has `stepUp: true`. */
export function stepUpRequired(policy: Policy): ApprovableAction[] {
  return APPROVABLE_ACTIONS.filter((action) => {
    const rule = approvalRuleFor(policy, action);
    return rule.required && rule.stepUp === true;
  });
}
