/** Management API bodies for users, groups and role assignments (`User`, `Group`, `StandardRole`/`CustomRole`). */
import type { HeldRole } from "../org/directory.js";
import type { SandboxGroup, SandboxUser } from "../org/types.js";

const base = (baseUrl: string) => baseUrl.replace(/\/+$/, "");

/** A `User` as `listUsers` and `getUser` return it. */
export function renderUser(user: SandboxUser, baseUrl: string): Record<string, unknown> {
  const self = `${base(baseUrl)}/api/v1/users/${user.id}`;
  return {
    id: user.id,
    status: user.status,
    created: user.created,
    activated: user.activated,
    statusChanged: user.statusChanged,
    lastLogin: user.lastLogin,
    lastUpdated: user.lastUpdated,
    passwordChanged: user.passwordChanged,
    type: { id: user.type.id },
    profile: { ...user.profile },
    credentials: { provider: { type: "OKTA", name: "OKTA" } },
    _links: {
      self: { href: self },
      type: { href: `${base(baseUrl)}/api/v1/meta/types/user/${user.type.id}` },
      schema: { href: `${base(baseUrl)}/api/v1/meta/schemas/user/${user.type.id}` },
    },
  };
}

/** A `Group` as `listUserGroups` returns it. */
export function renderGroup(group: SandboxGroup, baseUrl: string): Record<string, unknown> {
  const self = `${base(baseUrl)}/api/v1/groups/${group.id}`;
  return {
    id: group.id,
    created: group.created,
    lastUpdated: group.lastUpdated,
    lastMembershipUpdated: group.lastMembershipUpdated,
    objectClass: ["okta:user_group"],
    type: group.type,
    profile: { name: group.profile.name, description: group.profile.description },
    _links: {
      self: { href: self },
      users: { href: `${self}/users` },
      apps: { href: `${self}/apps` },
    },
  };
}

/** A role assignment as `listAssignedRolesForUser` returns it (standard or custom). */
export function renderRole(held: HeldRole, baseUrl: string): Record<string, unknown> {
  const { assignment, assignmentType } = held;
  const assignee =
    "userId" in assignment.assignee
      ? `${base(baseUrl)}/api/v1/users/${assignment.assignee.userId}`
      : `${base(baseUrl)}/api/v1/groups/${assignment.assignee.groupId}`;
  const common = {
    id: assignment.id,
    label: assignment.label,
    type: assignment.type,
    status: "ACTIVE",
    created: assignment.created,
    lastUpdated: assignment.lastUpdated,
    assignmentType,
  };
  if (assignment.type !== "CUSTOM") return { ...common, _links: { assignee: { href: assignee } } };
  const iam = `${base(baseUrl)}/api/v1/iam`;
  return {
    ...common,
    role: assignment.roleId,
    "resource-set": assignment.resourceSetId,
    _links: {
      assignee: { href: assignee },
      "resource-set": { href: `${iam}/resource-sets/${assignment.resourceSetId}` },
      role: { href: `${iam}/roles/${assignment.roleId}` },
      permissions: { href: `${iam}/permission-sets/${assignment.roleId}/permissions` },
      member: { href: `${iam}/resource-sets/${assignment.resourceSetId}/bindings/${assignment.roleId}/members/${assignment.id}` },
    },
  };
}
