/**
 * The actions the policy file can grant. Deny by default: an action that is
 * not listed under `permissions` is allowed to nobody.
 */

/** Every action a policy may grant, in the order `whoami` lists them. */
export const ACTIONS = [
  "sar.launch",
  "sar.approve",
  "sar.cancel",
  "sar.read",
  "sar.remediate",
  "sar.close",
  "sar.update",
  "request.read",
  "request.message",
  "identity.link",
  "audit.read",
] as const;

export type Action = (typeof ACTIONS)[number];

/** Actions that can be put behind an approval rule. */
export const APPROVABLE_ACTIONS = ["sar.launch"] as const;

export type ApprovableAction = (typeof APPROVABLE_ACTIONS)[number];

/** What each action lets a person do, worded to end "You need ... to <phrase>." */
export const ACTION_PHRASES: Readonly<Record<Action, string>> = {
  "sar.launch": "launch security access reviews",
  "sar.approve": "approve launches",
  "sar.cancel": "cancel launches that wait for approval",
  "sar.read": "see security access reviews",
  "sar.remediate": "revoke, restore or flag access items of security access reviews",
  "sar.close": "close security access reviews or restore all their access",
  "sar.update": "change the end time, reviewers or comments of security access reviews",
  "request.read": "see access requests",
  "request.message": "post messages on access requests",
  "identity.link": "link chat users to Okta users",
  "audit.read": "read the audit trail",
};

/**
 * Actions whose `approval:` entry may only ask for a fresh Okta sign-in
 * (`stepUp: true`, optional `acrValues`), never for four eyes.
 */
export const STEP_UP_ONLY_ACTIONS = ["sar.remediate"] as const;

export type StepUpOnlyAction = (typeof STEP_UP_ONLY_ACTIONS)[number];

/** True when `value` names an action the bot knows. */
export function isAction(value: string): value is Action {
  return (ACTIONS as readonly string[]).includes(value);
}

/** True when `value` names an action that approval rules may cover. */
export function isApprovableAction(value: string): value is ApprovableAction {
  return (APPROVABLE_ACTIONS as readonly string[]).includes(value);
}

/** True when `value` names an action whose approval rule is a step-up sign-in only. */
export function isStepUpOnlyAction(value: string): value is StepUpOnlyAction {
  return (STEP_UP_ONLY_ACTIONS as readonly string[]).includes(value);
}
