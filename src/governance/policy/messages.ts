/** Sentences for chat users saying which role they lack; short and actionable. */
import { ACTION_PHRASES } from "./actions.js";
import type { Action } from "./actions.js";
import type { Policy, Role } from "./policy-types.js";
import { describeConditions } from "./roles.js";

/** How many ways to get a role are spelled out before "or N more". */
const MAX_CONDITIONS_SHOWN = 4;

/** `a`, `a or b`, `a, b or c`. */
export function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]!}`;
}

/**
 * E.g. `You need the approver role (Okta group "Security Leads" or admin role
 * SUPER_ADMIN) to approve launches.`
 */
export function missingRoleMessage(policy: Policy, roles: readonly Role[], action: Action): string {
  const conditions = [
    ...new Set(roles.flatMap((name) => {
      const role = policy.roles.find((r) => r.name === name);
      return role === undefined ? [] : describeConditions(role);
    })),
  ];
  const shown = conditions.slice(0, MAX_CONDITIONS_SHOWN);
  const more = conditions.length - shown.length;
  if (more > 0) shown.push(`${more} more`);
  const how = shown.length > 0 ? ` (${joinOr(shown)})` : "";
  return `You need the ${joinOr(roles)} role${how} to ${ACTION_PHRASES[action]}.`;
}

/** For an action the policy does not list: nobody has it, so say who can change that. */
export function notEnabledMessage(action: Action): string {
  return `Nobody may ${ACTION_PHRASES[action]}: the policy does not enable "${action}". Ask your Okta admin to add it under permissions in the bot's policy file.`;
}

export const NO_POLICY_MESSAGE =
  "No policy file is loaded, so nothing is allowed yet. Ask your Okta admin to set up the bot's policy file.";

/** For an action name the bot does not know. */
export function unknownActionMessage(action: string): string {
  return `"${action}" is not an action this bot knows, so it is not allowed.`;
}
