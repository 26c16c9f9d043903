/** Which policy roles an Okta user holds, and why. */
import type { OktaGroup, OktaRoleAssignment, OktaUser } from "../okta/types.js";
import { isStandardAdminRoleType } from "./admin-role-types.js";
import type { Policy, PolicySubject, Role, RoleDefinition, RoleGrant } from "./policy-types.js";

function sameName(a: string, b: string): boolean {
  return a.normalize("NFC").toLowerCase() === b.normalize("NFC").toLowerCase();
}

/**
 * Entries shaped like an Okta id (`00g...`, `00u...`, `cr0...`) match ids
 * only, never a name: otherwise whoever may name a group could make one
 * called like a privileged group's id and inherit its role.
 */
function looksLikeId(entry: string, prefix: "00g" | "00u" | "cr0"): boolean {
  return entry.startsWith(prefix) && /^[A-Za-z0-9]+$/.test(entry);
}

function matchUser(entry: string, user: OktaUser): boolean {
  return looksLikeId(entry, "00u") ? user.id === entry : sameName(user.profile.login, entry);
}

function matchGroup(entry: string, groups: readonly OktaGroup[]): OktaGroup | undefined {
  const byId = looksLikeId(entry, "00g");
  return groups.find((g) => (byId ? g.id === entry : sameName(g.profile.name, entry)));
}

function matchAdminRole(entry: string, assignments: readonly OktaRoleAssignment[]): OktaRoleAssignment | undefined {
  // A custom role may be labelled "SUPER_ADMIN"; a standard type only ever matches the real type.
  const standard = isStandardAdminRoleType(entry);
  return assignments.find((a) => {
    // Okta keeps suspended assignments with status INACTIVE; they grant nothing in Okta either.
    if (a.status !== undefined && a.status !== "ACTIVE") return false;
    if (standard) return a.type === entry;
    if (a.type !== "CUSTOM") return false;
    return looksLikeId(entry, "cr0") ? a.role === entry : a.label !== undefined && sameName(a.label, entry);
  });
}

function reasonFor(role: RoleDefinition, subject: PolicySubject): string | undefined {
  for (const entry of role.oktaUsers) {
    if (matchUser(entry, subject.user)) return `named in the policy as Okta user "${entry}"`;
  }
  for (const entry of role.oktaGroups) {
    const group = matchGroup(entry, subject.groups);
    if (group !== undefined) return `member of Okta group "${group.profile.name}"`;
  }
  for (const entry of role.oktaAdminRoles) {
    const assignment = matchAdminRole(entry, subject.adminRoles);
    if (assignment === undefined) continue;
    return assignment.type === "CUSTOM"
      ? `holds Okta custom admin role "${assignment.label ?? assignment.role ?? entry}"`
      : `holds Okta admin role ${assignment.type}`;
  }
  return undefined;
}

/** Why an account's status blocks every role (only ACTIVE users hold roles), or undefined. */
export function inactiveReason(user: OktaUser): string | undefined {
  return user.status === "ACTIVE"
    ? undefined
    : `Your Okta account is ${user.status}, so it holds no roles here until it is ACTIVE again.`;
}

/** The roles `subject` holds under `policy`, in policy order, each with the first condition that matched. */
export function rolesFor(policy: Policy, subject: PolicySubject): RoleGrant[] {
  if (inactiveReason(subject.user) !== undefined) return [];
  const grants: RoleGrant[] = [];
  for (const role of policy.roles) {
    const because = reasonFor(role, subject);
    if (because !== undefined) grants.push({ role: role.name, because });
  }
  return grants;
}

/** Why the holder has each role of `via`, as evidence of a decision: `approver: member of Okta group "Security Leads"`. */
export function becauseOf(grants: readonly RoleGrant[], via: readonly Role[]): string[] {
  return grants.filter((g) => via.includes(g.role)).map((g) => `${g.role}: ${g.because}`);
}

/** How to get a role, for people: `Okta group "Security Leads"`, `admin role SUPER_ADMIN`. */
export function describeConditions(role: RoleDefinition): string[] {
  return [
    ...role.oktaGroups.map((g) => `Okta group "${g}"`),
    ...role.oktaAdminRoles.map((r) => (isStandardAdminRoleType(r) ? `admin role ${r}` : `admin role "${r}"`)),
    ...(role.oktaUsers.length > 0 ? ["being named in the policy"] : []),
  ];
}
