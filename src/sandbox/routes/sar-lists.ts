/** `listSecurityAccessReviews`: filters, order and paging (a review's accesses: sar-triage-lists.ts). */
import type { SandboxRequest, SandboxResponse } from "../contract.js";
import type { SandboxOrg } from "../org/index.js";
import type { FilterSchema } from "../org/scim/evaluate.js";
import type { SarView } from "../org/types.js";
import { governanceList } from "./governance-list.js";
import { governanceTime } from "./governance-time.js";
import { renderSar } from "./render-sar.js";

const SAR_STATUSES = ["ACTIVE", "CLOSED", "PENDING", "ERROR"] as const;

/**
 * The spec: `eq` and `co` on string properties, `gt` and `lt` on dates.
 * Names compare without regard to case (they are typed by people); ids and
 * the status enum are exact.
 */
function sarFilterSchema(org: SandboxOrg): FilterSchema<SarView> {
  const reviewerNames = (sar: SarView) =>
    sar.reviewerIds.flatMap((id) => {
      const profile = org.findUser(id)?.profile;
      return [profile?.firstName, profile?.lastName].filter((n): n is string => typeof n === "string");
    });
  return {
    allowNot: true,
    attribute(name) {
      switch (name) {
        case "name":
          return { type: "string", operators: ["eq", "co"], caseInsensitive: true, get: (s) => s.name };
        case "reviewer.name":
          return { type: "string", operators: ["eq", "co"], caseInsensitive: true, get: reviewerNames };
        case "status":
          return { type: "string", operators: ["eq"], enum: SAR_STATUSES, get: (s) => s.status };
        case "id":
        case "createdBy":
        case "lastUpdatedBy":
          return { type: "string", operators: ["eq", "co"], get: (s) => s[name] };
        case "created":
        case "lastUpdated":
          // Compared as Okta shows them, in whole seconds.
          return { type: "date", operators: ["gt", "lt"], get: (s) => governanceTime(s[name]) };
        case "endTime":
          return { type: "date", operators: ["gt", "lt"], get: (s) => s.endTime };
        default:
          return undefined;
      }
    },
  };
}

/** Lists SARs with their status as of now. */
export function listSars(org: SandboxOrg, req: SandboxRequest): SandboxResponse {
  return governanceList(req, {
    records: org.listSars(),
    idOf: (sar) => sar.id,
    filterSchema: sarFilterSchema(org),
    orderFields: {
      name: (s) => s.name,
      created: (s) => governanceTime(s.created),
      endTime: (s) => s.endTime,
      status: (s) => s.status,
      id: (s) => s.id,
    },
    defaultOrder: { field: "created", direction: "asc" },
    linkDefaults: { orderBy: "created asc" },
    render: (sar) => renderSar(sar, org, req.baseUrl),
  });
}
