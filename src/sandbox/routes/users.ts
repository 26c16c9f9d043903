/** Management API handlers: `listUsers`, `getUser`, `listUserGroups`, `listAssignedRolesForUser`. */
import { SandboxApiError } from "../contract.js";
import type { SandboxRequest, SandboxResponse, SandboxRoute } from "../contract.js";
import type { SandboxOrg } from "../org/index.js";
import { compileFilter } from "../org/scim/evaluate.js";
import type { FilterSchema, Predicate } from "../org/scim/evaluate.js";
import { ScimFilterError } from "../org/scim/tokenize.js";
import type { SandboxUser } from "../org/types.js";
import { invalidSearchCriteria, managementNotFound } from "./errors.js";
import { compareText, linkHeader, paginate, parseLimit } from "./paging.js";
import { renderGroup, renderRole, renderUser } from "./render-directory.js";
import { userFilterSchema, userSearchSchema } from "./user-filters.js";

const USERS_READ = "okta.users.read";
const BUCKET = "users";
const MAX_LIMIT = 200;

const invalidLimit = () =>
  new SandboxApiError(400, "E0000001", "Api validation failed: limit", [
    { errorSummary: `limit must be an integer from 1 to ${MAX_LIMIT}` },
  ]);

/** The users API routes over `org`. */
export function userRoutes(org: SandboxOrg): SandboxRoute[] {
  const findUser = (req: SandboxRequest): SandboxUser => {
    const id = req.params.userId ?? "";
    const user = org.findUser(id);
    if (!user) throw managementNotFound(id, "User");
    return user;
  };
  return [
    {
      operationId: "listUsers",
      method: "GET",
      path: "/api/v1/users",
      scope: USERS_READ,
      bucket: BUCKET,
      handle: (req) => listUsers(org, req),
    },
    {
      operationId: "getUser",
      method: "GET",
      path: "/api/v1/users/{userId}",
      scope: USERS_READ,
      bucket: BUCKET,
      handle: (req) => ({ status: 200, body: renderUser(findUser(req), req.baseUrl) }),
    },
    {
      operationId: "listUserGroups",
      method: "GET",
      path: "/api/v1/users/{userId}/groups",
      scope: USERS_READ,
      bucket: BUCKET,
      handle: (req) => ({
        status: 200,
        body: org.groupsOfUser(findUser(req).id).map((group) => renderGroup(group, req.baseUrl)),
      }),
    },
    {
      operationId: "listAssignedRolesForUser",
      method: "GET",
      path: "/api/v1/users/{userId}/roles",
      scope: "okta.roles.read",
      bucket: BUCKET,
      handle: (req) => {
        // This operation takes an id only (the spec's pathUserId), not a login.
        const id = req.params.userId ?? "";
        const user = org.findUser(id);
        if (!user || user.id !== id) throw managementNotFound(id, "User");
        return { status: 200, body: org.rolesOfUser(id).map((held) => renderRole(held, req.baseUrl)) };
      },
    },
  ];
}

function listUsers(org: SandboxOrg, req: SandboxRequest): SandboxResponse {
  const search = nonEmpty(req.query.get("search"));
  const filter = nonEmpty(req.query.get("filter"));
  const q = nonEmpty(req.query.get("q"));
  const all = org.listUsers();
  const tests: Predicate<SandboxUser>[] = [];
  if (search !== undefined) tests.push(compile(search, userSearchSchema(all.flatMap((u) => Object.keys(u.profile)))));
  if (filter !== undefined) tests.push(compile(filter, userFilterSchema));
  // Only `search` and `filter` return DEPROVISIONED users; a plain list and `q` leave them out.
  if (search === undefined && filter === undefined) tests.push((u) => u.status !== "DEPROVISIONED");
  if (q !== undefined) tests.push(startsWithQuery(q));

  const byId = (a: SandboxUser, b: SandboxUser) => compareText(a.id, b.id);
  const matching = all.filter((u) => tests.every((test) => test(u))).sort(byId);
  const limit = parseLimit(req.query, { default: q === undefined ? MAX_LIMIT : 10, max: MAX_LIMIT, invalid: invalidLimit, clamp: true });
  if (q !== undefined) {
    // `q` does not page: the first `limit` matches and no next link.
    return { status: 200, body: matching.slice(0, limit).map((u) => renderUser(u, req.baseUrl)) };
  }
  const after = req.query.get("after");
  // The cursor is the last id of the previous page; ids sort, so it need not still exist.
  const cursor = after ? ({ id: after } as SandboxUser) : undefined;
  const page = paginate(matching, limit, byId, cursor);
  return {
    status: 200,
    body: page.items.map((u) => renderUser(u, req.baseUrl)),
    headers: { link: linkHeader(req, page.last?.id) },
  };
}

function compile(source: string, schema: FilterSchema<SandboxUser>): Predicate<SandboxUser> {
  try {
    return compileFilter(source, schema);
  } catch (error) {
    if (error instanceof ScimFilterError) throw invalidSearchCriteria(error.message);
    throw error;
  }
}

function startsWithQuery(q: string): Predicate<SandboxUser> {
  const wanted = q.toLowerCase();
  return (u) =>
    [u.profile.firstName, u.profile.lastName, u.profile.email].some(
      (value) => typeof value === "string" && value.toLowerCase().startsWith(wanted),
    );
}

function nonEmpty(value: string | null): string | undefined {
  return value === null || value === "" ? undefined : value;
}
