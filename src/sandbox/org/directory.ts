/**
 * The org's directory: users, groups and memberships, admin role
 * assignments and app assignments. Reads return copies, so a caller can
 * never change the org by editing what it was given.
 */
import { createApps } from "./apps.js";
import type { Apps, Assignee } from "./apps.js";
import type { OrgContext } from "./context.js";
import { standardRoleLabels } from "./role-labels.js";
import type {
  GroupType,
  RoleAssignment,
  SandboxGroup,
  SandboxUser,
  StandardRoleType,
  UserProfile,
  UserStatus,
} from "./types.js";

/** Okta's built-in group every user belongs to. */
export const EVERYONE_GROUP_ID = "00geveryone000000000";
/** The default user type id of the org. */
export const DEFAULT_USER_TYPE_ID = "otydefault0000000000";

export interface NewUser {
  id?: string;
  login: string;
  /** Defaults to `login`. */
  email?: string;
  firstName?: string | null;
  lastName?: string | null;
  displayName?: string | null;
  /** Defaults to ACTIVE. */
  status?: UserStatus;
  /** Further profile attributes (custom ones included). */
  profile?: Record<string, unknown>;
}

export interface NewGroup {
  id?: string;
  name: string;
  description?: string;
  type?: GroupType;
}

export type NewRoleAssignment =
  | { id?: string; assignee: Assignee; type: StandardRoleType }
  | { id?: string; assignee: Assignee; type: "CUSTOM"; label: string; roleId?: string; resourceSetId?: string };

/** A role a user holds, directly (`USER`) or through a group (`GROUP`). */
export interface HeldRole {
  assignment: RoleAssignment;
  assignmentType: "USER" | "GROUP";
}

export interface Directory extends Apps {
  addUser(input: NewUser): SandboxUser;
  /** A user by id, login (case-insensitive) or unambiguous login short name. */
  findUser(idOrLogin: string): SandboxUser | undefined;
  listUsers(): SandboxUser[];
  setUserStatus(userId: string, status: UserStatus): SandboxUser;
  updateUserProfile(userId: string, patch: Record<string, unknown>): SandboxUser;
  addGroup(input: NewGroup): SandboxGroup;
  /** A group by id or exact name. */
  findGroup(idOrName: string): SandboxGroup | undefined;
  listGroups(): SandboxGroup[];
  addToGroup(userId: string, groupId: string): void;
  removeFromGroup(userId: string, groupId: string): void;
  groupsOfUser(userId: string): SandboxGroup[];
  assignRole(input: NewRoleAssignment): RoleAssignment;
  rolesOfUser(userId: string): HeldRole[];
}

/** Creates an empty directory holding only the built-in Everyone group. */
export function createDirectory(ctx: OrgContext): Directory {
  const users = new Map<string, SandboxUser>();
  const groups = new Map<string, SandboxGroup>();
  const members = new Map<string, Set<string>>();
  const roles: RoleAssignment[] = [];

  const user = (id: string): SandboxUser => {
    const found = users.get(id);
    if (!found) throw new Error(`No user ${id} in the sandbox org`);
    return found;
  };
  const group = (id: string): SandboxGroup => {
    const found = groups.get(id);
    if (!found) throw new Error(`No group ${id} in the sandbox org`);
    return found;
  };
  const checkAssignee = (assignee: Assignee): void => {
    if ("userId" in assignee) user(assignee.userId);
    else group(assignee.groupId);
  };
  const memberOf = (userId: string, groupId: string): boolean =>
    groupId === EVERYONE_GROUP_ID || (members.get(groupId)?.has(userId) ?? false);

  const directory: Directory = {
    addUser(input) {
      const login = input.login.trim();
      if ([...users.values()].some((u) => u.profile.login.toLowerCase() === login.toLowerCase())) {
        throw new Error(`A user with login ${login} already exists`);
      }
      const now = ctx.now();
      const status = input.status ?? "ACTIVE";
      const [first, last] = namesFromLogin(login);
      const firstName = input.firstName === undefined ? first : input.firstName;
      const lastName = input.lastName === undefined ? last : input.lastName;
      const profile: UserProfile = {
        ...input.profile,
        login,
        email: input.email ?? login,
        firstName,
        lastName,
        displayName: input.displayName === undefined ? [firstName, lastName].filter(Boolean).join(" ") : input.displayName,
      };
      const created: SandboxUser = {
        id: input.id ?? ctx.ids("user"),
        status,
        created: now,
        activated: status === "STAGED" || status === "PROVISIONED" ? null : now,
        statusChanged: now,
        lastLogin: null,
        lastUpdated: now,
        passwordChanged: null,
        type: { id: DEFAULT_USER_TYPE_ID },
        profile,
      };
      if (users.has(created.id)) throw new Error(`A user with id ${created.id} already exists`);
      users.set(created.id, created);
      return structuredClone(created);
    },
    findUser(idOrLogin) {
      const byId = users.get(idOrLogin);
      if (byId) return structuredClone(byId);
      const wanted = idOrLogin.toLowerCase();
      const all = [...users.values()];
      const byLogin = all.find((u) => u.profile.login.toLowerCase() === wanted);
      if (byLogin) return structuredClone(byLogin);
      const byShortName = all.filter((u) => u.profile.login.toLowerCase().split("@")[0] === wanted);
      return byShortName.length === 1 ? structuredClone(byShortName[0]) : undefined;
    },
    listUsers: () => [...users.values()].map((u) => structuredClone(u)),
    setUserStatus(userId, status) {
      const found = user(userId);
      const now = ctx.now();
      if (found.status !== status) found.statusChanged = now;
      if (status === "ACTIVE" && found.activated === null) found.activated = now;
      found.status = status;
      found.lastUpdated = now;
      return structuredClone(found);
    },
    updateUserProfile(userId, patch) {
      const found = user(userId);
      found.profile = { ...found.profile, ...patch };
      found.lastUpdated = ctx.now();
      return structuredClone(found);
    },
    addGroup(input) {
      if ([...groups.values()].some((g) => g.profile.name === input.name)) {
        throw new Error(`A group named ${input.name} already exists`);
      }
      const now = ctx.now();
      const created: SandboxGroup = {
        id: input.id ?? ctx.ids("group"),
        type: input.type ?? "OKTA_GROUP",
        created: now,
        lastUpdated: now,
        lastMembershipUpdated: now,
        profile: { name: input.name, description: input.description ?? "" },
      };
      groups.set(created.id, created);
      members.set(created.id, new Set());
      return structuredClone(created);
    },
    findGroup(idOrName) {
      const found = groups.get(idOrName) ?? [...groups.values()].find((g) => g.profile.name === idOrName);
      return found && structuredClone(found);
    },
    listGroups: () => [...groups.values()].map((g) => structuredClone(g)),
    addToGroup(userId, groupId) {
      user(userId);
      group(groupId).lastMembershipUpdated = ctx.now();
      members.get(groupId)?.add(userId);
    },
    removeFromGroup(userId, groupId) {
      group(groupId).lastMembershipUpdated = ctx.now();
      members.get(groupId)?.delete(userId);
    },
    groupsOfUser(userId) {
      user(userId);
      return [...groups.values()].filter((g) => memberOf(userId, g.id)).map((g) => structuredClone(g));
    },
    assignRole(input) {
      checkAssignee(input.assignee);
      const now = ctx.now();
      const base = { id: input.id ?? ctx.ids("roleAssignment"), assignee: input.assignee, created: now, lastUpdated: now };
      const assignment: RoleAssignment =
        input.type === "CUSTOM"
          ? {
              ...base,
              type: "CUSTOM",
              label: input.label,
              roleId: input.roleId ?? ctx.ids("customRole"),
              resourceSetId: input.resourceSetId ?? ctx.ids("resourceSet"),
            }
          : { ...base, type: input.type, label: standardRoleLabels[input.type] };
      roles.push(assignment);
      return structuredClone(assignment);
    },
    rolesOfUser(userId) {
      user(userId);
      return roles.flatMap((assignment): HeldRole[] => {
        if ("userId" in assignment.assignee) {
          return assignment.assignee.userId === userId ? [{ assignment: structuredClone(assignment), assignmentType: "USER" }] : [];
        }
        return memberOf(userId, assignment.assignee.groupId)
          ? [{ assignment: structuredClone(assignment), assignmentType: "GROUP" }]
          : [];
      });
    },
    ...createApps(ctx, { checkAssignee, memberOf, groupName: (id) => group(id).profile.name, checkUser: (id) => void user(id) }),
  };

  groups.set(EVERYONE_GROUP_ID, {
    id: EVERYONE_GROUP_ID,
    type: "BUILT_IN",
    created: ctx.now(),
    lastUpdated: ctx.now(),
    lastMembershipUpdated: ctx.now(),
    profile: { name: "Everyone", description: "All users in your organization" },
  });
  members.set(EVERYONE_GROUP_ID, new Set());
  return directory;
}

/** `alice.responder@example.com` -> ["Alice", "Responder"]. */
function namesFromLogin(login: string): [string | null, string | null] {
  const parts = (login.split("@")[0] ?? "").split(/[._-]+/).filter(Boolean);
  const cap = (s: string | undefined) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : null);
  return [cap(parts[0]), cap(parts[1])];
}
