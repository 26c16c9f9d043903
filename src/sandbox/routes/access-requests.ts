/** Access request v2 routes (governance.yaml, `/governance/api/v2/requests`) and request messages. */
import type { SandboxRequest, SandboxRoute } from "../contract.js";
import type { SandboxOrg } from "../org/index.js";
import type { FilterSchema } from "../org/scim/evaluate.js";
import { grantStatuses, requestStatuses } from "../org/types.js";
import type { AccessRequestRecord } from "../org/types.js";
import { actorId } from "./actor.js";
import { isObject } from "./body.js";
import { cause, governanceNotFound, invalidPaging, validationFailed } from "./errors.js";
import { adminBase, governanceList } from "./governance-list.js";
import { governanceTime } from "./governance-time.js";
import { renderRequestFull, renderRequestSparse } from "./render-request.js";

const READ = "okta.accessRequests.request.read";
const MANAGE = "okta.accessRequests.request.manage";
const BUCKET = "governance-requests";
const REQUEST_ID = /^req[0-9a-zA-Z]{17}$/;
const USER_ID = /^00u[0-9a-zA-Z]{17}$/;
const MAX_MESSAGE_LENGTH = 5000;

/** Exactly the attributes and operators listAllRequestsV2 documents (its `x-scim-filter`). */
const requestFilterSchema: FilterSchema<AccessRequestRecord> = {
  allowNot: true,
  attribute(name) {
    switch (name) {
      case "status":
        return { type: "string", operators: ["eq"], enum: requestStatuses, get: (r) => r.status };
      case "grantStatus":
        return { type: "string", operators: ["eq"], enum: grantStatuses, get: (r) => r.grantStatus };
      case "lastUpdated":
        // Compared as Okta shows it, in whole seconds: `gt "…T12:00:00Z"` misses a change at 12:00:00.5.
        return { type: "date", operators: ["gt"], get: (r) => governanceTime(r.lastUpdated) };
      case "requestedFor":
        return { type: "string", operators: ["eq"], pattern: USER_ID, get: (r) => r.requestedFor };
      case "resourceId":
        return { type: "string", operators: ["eq"], get: (r) => r.requested.resourceId };
      case "resourceType":
        return {
          type: "string",
          operators: ["eq"],
          enum: ["GROUP", "APPLICATION", "GOVERNANCE_LABEL_VALUE", "APP_SERVICE_ACCOUNT", "OKTA_SERVICE_ACCOUNT"],
          get: (r) => r.requested.resourceType,
        };
      case "accessScopeId":
        return { type: "string", operators: ["eq"], get: (r) => r.requested.accessScopeId };
      case "accessScopeType":
        return {
          type: "string",
          operators: ["eq"],
          enum: ["ENTITLEMENT_BUNDLE", "GROUP", "APPLICATION", "REQUEST_TYPE"],
          get: (r) => r.requested.accessScopeType,
        };
      default:
        return undefined;
    }
  },
};

/** The access request routes over `org`. */
export function accessRequestRoutes(org: SandboxOrg): SandboxRoute[] {
  const requestOf = (req: SandboxRequest): AccessRequestRecord => {
    const id = req.params.requestId ?? "";
    if (!REQUEST_ID.test(id)) {
      throw validationFailed([cause("/requestId", "must be a request id", "STRING_FORMAT_INVALID", "path")]);
    }
    const found = org.getRequest(id);
    if (!found) throw governanceNotFound();
    return found;
  };
  return [
    {
      operationId: "listAllRequestsV2",
      method: "GET",
      path: "/governance/api/v2/requests",
      scope: READ,
      bucket: BUCKET,
      handle: (req) =>
        governanceList(req, {
          records: org.listRequests(),
          idOf: (r) => r.id,
          filterSchema: requestFilterSchema,
          orderFields: { created: (r) => governanceTime(r.created), lastUpdated: (r) => governanceTime(r.lastUpdated) },
          defaultOrder: { field: "created", direction: "asc" },
          checkAfter: (after) => {
            if (!REQUEST_ID.test(after)) throw invalidPaging("after", "must be a request id", "STRING_FORMAT_INVALID");
          },
          render: (r) => renderRequestSparse(r, adminBase(req)),
        }),
    },
    {
      operationId: "getRequestV2",
      method: "GET",
      path: "/governance/api/v2/requests/{requestId}",
      scope: READ,
      bucket: BUCKET,
      handle: (req) => ({ status: 200, body: renderRequestFull(requestOf(req), adminBase(req)) }),
    },
    {
      operationId: "createRequestMessageV2",
      method: "POST",
      path: "/governance/api/v2/requests/{requestId}/messages",
      scope: MANAGE,
      bucket: BUCKET,
      handle: (req) => {
        const request = requestOf(req);
        org.addMessage(request.id, checkMessage(req.body), actorId(org, req));
        return { status: 201 };
      },
    },
  ];
}

function checkMessage(body: unknown): string {
  const message = isObject(body) ? body.message : undefined;
  if (message === undefined || message === null) {
    throw validationFailed([cause("/message", "must have required property 'message'", "REQUIRED_PROPERTY_MISSING")]);
  }
  if (typeof message !== "string") throw validationFailed([cause("/message", "must be string", "INVALID_DATA_TYPE")]);
  if (message.length < 1) {
    throw validationFailed([cause("/message", "must NOT have fewer than 1 characters", "INVALID_STRING_LENGTH_UNDER_MIN")]);
  }
  if (message.length > MAX_MESSAGE_LENGTH) {
    throw validationFailed([
      cause("/message", `must NOT have more than ${MAX_MESSAGE_LENGTH} characters`, "INVALID_STRING_LENGTH_OVER_MAX"),
    ]);
  }
  return message;
}
