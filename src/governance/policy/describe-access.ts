/** The data behind `/sar whoami`. */
import { ACTIONS } from "./actions.js";
import type { Action } from "./actions.js";
import { decide } from "./decide.js";
import type { AccessDescription, Policy, PolicySubject, Role } from "./policy-types.js";
import { inactiveReason, rolesFor } from "./roles.js";

/** The caller's Okta identity, roles (with why) and what they may and may not do. */
export function describeAccess(policy: Policy, subject: PolicySubject): AccessDescription {
  const roles = rolesFor(policy, subject);
  const allowedActions: Action[] = [];
  const deniedActions: { action: Action; requiredRoles: readonly Role[]; reason: string }[] = [];
  for (const action of ACTIONS) {
    const decision = decide(policy, action, roles);
    if (decision.allowed) allowedActions.push(action);
    else deniedActions.push({ action, requiredRoles: decision.requiredRoles, reason: decision.reason });
  }
  const note = inactiveReason(subject.user);
  return {
    oktaUserId: subject.user.id,
    login: subject.user.profile.login,
    status: subject.user.status,
    roles,
    allowedActions,
    deniedActions,
    ...(note === undefined ? {} : { note }),
  };
}
