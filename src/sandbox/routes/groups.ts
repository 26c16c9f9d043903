/**
 * Management API group handlers: `listGroups` and `getGroup`, behind
 * `okta.groups.read` (a scope the bot is not granted: its calls get Okta's
 * 403 `insufficient_scope`, as for any management route outside its scopes).
 * Other clients (Okta's own SDK in the conformance test) read groups here.
 */
import type { SandboxRequest, SandboxResponse, SandboxRoute } from "../contract.js";
import type { SandboxOrg } from "../org/index.js";
import type { SandboxGroup } from "../org/types.js";
import { SandboxApiError } from "../contract.js";
import { managementNotFound } from "./errors.js";
import { compareText, linkHeader, paginate, parseLimit } from "./paging.js";
import { renderGroup } from "./render-directory.js";

const GROUPS_READ = "okta.groups.read";
const BUCKET = "groups";
/** Okta's default page of groups (its recorded links say `limit=10000`); larger values are clamped. */
const DEFAULT_LIMIT = 10_000;

const invalidLimit = () =>
  new SandboxApiError(400, "E0000001", "Api validation failed: limit", [{ errorSummary: "limit must be a positive integer" }]);

/** The groups API routes over `org`. */
export function groupRoutes(org: SandboxOrg): SandboxRoute[] {
  return [
    {
      operationId: "listGroups",
      method: "GET",
      path: "/api/v1/groups",
      scope: GROUPS_READ,
      bucket: BUCKET,
      handle: (req) => listGroups(org, req),
    },
    {
      operationId: "getGroup",
      method: "GET",
      path: "/api/v1/groups/{groupId}",
      scope: GROUPS_READ,
      bucket: BUCKET,
      handle: (req) => {
        const id = req.params.groupId ?? "";
        const group = org.listGroups().find((g) => g.id === id);
        if (!group) throw managementNotFound(id, "Group");
        return { status: 200, body: renderGroup(group, req.baseUrl) };
      },
    },
  ];
}

function listGroups(org: SandboxOrg, req: SandboxRequest): SandboxResponse {
  // `q` matches the start of the group name, case-insensitively (Okta's documented behaviour).
  const q = req.query.get("q")?.trim().toLowerCase();
  const byId = (a: SandboxGroup, b: SandboxGroup) => compareText(a.id, b.id);
  const matching = org
    .listGroups()
    .filter((g) => !q || g.profile.name.toLowerCase().startsWith(q))
    .sort(byId);
  const limit = parseLimit(req.query, { default: DEFAULT_LIMIT, max: DEFAULT_LIMIT, invalid: invalidLimit, clamp: true });
  const after = req.query.get("after");
  // The cursor is the last id of the previous page; ids sort, so it need not still exist.
  const page = paginate(matching, limit, byId, after ? ({ id: after } as SandboxGroup) : undefined);
  return {
    status: 200,
    body: page.items.map((g) => renderGroup(g, req.baseUrl)),
    headers: { link: linkHeader(req, page.last?.id) },
  };
}
