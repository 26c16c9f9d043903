/** Deny-by-default permission decisions. */
import { isAction } from "./actions.js";
import { missingRoleMessage, NO_POLICY_MESSAGE, notEnabledMessage, unknownActionMessage } from "./messages.js";
import type { Decision, Policy, Role, RoleGrant } from "./policy-types.js";
import { becauseOf } from "./roles.js";

/**
 * Whether holders of `grants` may perform `action`. Anything not explicitly
 * granted is denied, with a reason that says which role would be needed.
 */
export function decide(policy: Policy, action: string, grants: readonly RoleGrant[]): Decision {
  if (!isAction(action)) return deny(action, [], unknownActionMessage(action));
  if (policy.source === "none") return deny(action, [], NO_POLICY_MESSAGE);
  const allowedRoles = policy.permissions[action] ?? [];
  if (allowedRoles.length === 0) return deny(action, [], notEnabledMessage(action));
  const held = new Set(grants.map((g) => g.role));
  const via = allowedRoles.filter((role) => held.has(role));
  if (via.length > 0) return { allowed: true, action, via, because: becauseOf(grants, via) };
  return deny(action, allowedRoles, missingRoleMessage(policy, allowedRoles, action));
}

function deny(action: string, requiredRoles: readonly Role[], reason: string): Decision {
  return { allowed: false, action, requiredRoles: [...requiredRoles], reason };
}
