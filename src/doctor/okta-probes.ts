/**
 * The harmless Okta calls that prove each permission the bot needs: reads
 * with `limit=1`, a search that matches nobody, and reads of a user that
 * does not exist (a 404 proves the call itself is allowed: a token without
 * the scope, or an app without the permission, gets a 403 instead).
 * Operations that write are never called; their scopes are checked at the
 * token endpoint.
 */
import type { OktaGovernance } from "../governance/ports.js";
import type { OktaUserId } from "../governance/okta/types.js";
import type { PermissionNeed } from "./okta-fixes.js";

/** A well-formed Okta user id (20 characters) that no org hands out. */
export const PROBE_USER_ID = "00u0doctorprobe00000" as OktaUserId;
/** A login no one has; `.invalid` is reserved (RFC 2606). */
export const PROBE_LOGIN = "doctor.probe@oig-chatops.invalid";

export interface Probe {
  /** Suffix of the check id, e.g. `users.search`. */
  id: string;
  title: string;
  /** The OAuth scope the operation needs (management.yaml / governance.yaml `security`). */
  scope: string;
  need: PermissionNeed;
  /** Whether Okta's 404 proves access (the call reads an object that may not exist). */
  notFoundProvesAccess: boolean;
  /** Makes the call; resolves with what was seen, never a secret. */
  run(okta: OktaGovernance): Promise<string>;
}

const USERS: PermissionNeed = {
  permission: "the user permission to view users and their details (okta.users.read)",
  resources: "all users",
};

export const PROBES: readonly Probe[] = [
  {
    id: "users.search",
    title: "search users",
    scope: "okta.users.read",
    need: USERS,
    notFoundProvesAccess: false,
    run: async (okta) => {
      const found = await okta.findUsersByProfileAttribute("profile.login", PROBE_LOGIN);
      return `allowed: GET /api/v1/users?search=... answered (${found.length} matches for a login no one has)`;
    },
  },
  {
    id: "users.groups",
    title: "a user's groups",
    scope: "okta.users.read",
    need: {
      permission: "the user permission to view users and their details (okta.users.read) and the group permission to view groups (okta.groups.read)",
      resources: "all users and all groups",
    },
    notFoundProvesAccess: true,
    run: async (okta) => `allowed: GET /api/v1/users/{id}/groups answered with ${(await okta.listUserGroups(PROBE_USER_ID)).length} groups`,
  },
  {
    id: "users.roles",
    title: "a user's admin roles",
    scope: "okta.roles.read",
    need: {
      permission: "permission to view users' admin role assignments (see docs/okta-setup.md, step 5)",
      resources: "all users",
    },
    notFoundProvesAccess: true,
    run: async (okta) => `allowed: GET /api/v1/users/{id}/roles answered with ${(await okta.listUserAdminRoles(PROBE_USER_ID)).length} roles`,
  },
  {
    id: "sars.list",
    title: "list security access reviews",
    scope: "okta.governance.securityAccessReviews.admin.read",
    need: {
      permission: "the permission okta.governance.securityAccessReviews.admin.read (and .admin.manage to launch reviews)",
      resources: "security access reviews (and all users, who are their targets and reviewers)",
    },
    notFoundProvesAccess: false,
    run: async (okta) => {
      const page = await okta.listSecurityAccessReviews({ limit: 1 });
      return `allowed: GET /governance/api/v2/security-access-reviews?limit=1 answered (${page.items.length} on the first page)`;
    },
  },
  {
    id: "requests.list",
    title: "list access requests (v2)",
    scope: "okta.accessRequests.request.read",
    need: {
      permission: "read access to access requests (Okta's spec names the standard Access Requests Administrator role for these operations)",
      resources: "access requests",
    },
    notFoundProvesAccess: false,
    run: async (okta) => {
      const page = await okta.listRequests({ limit: 1 });
      return `allowed: GET /governance/api/v2/requests?limit=1 answered (${page.items.length} on the first page)`;
    },
  },
];
