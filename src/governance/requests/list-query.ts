/**
 * `/sar requests [STATUS] [@user]` as a `listAllRequestsV2` query: the
 * status checked against Okta's enum, the user already resolved to an Okta
 * id, the filter built with the escaping SCIM builder, newest first.
 */
import { ValidationFailed } from "../errors.js";
import type { OktaUserId } from "../okta/types.js";
import { scim, type ScimFilter } from "../okta/scim-filter.js";
import type { ListRequestsQuery } from "../ports.js";
import { isRequestId } from "./ids.js";
import type { RequestStatus } from "./statuses.js";

/** Requests shown per page by default, and at most (chat messages stay readable). */
export const LIST_LIMITS = { default: 10, max: 50 } as const;

export interface RequestListCriteria {
  status?: RequestStatus;
  requestedFor?: OktaUserId;
  /** `nextCursor` of the previous page (Okta's `after`). */
  cursor?: string;
  limit?: number;
}

/** Checks paging input; throws ValidationFailed naming the field. */
export function checkPaging(cursor: string | undefined, limit: number | undefined): void {
  if (cursor !== undefined && !isRequestId(cursor)) {
    throw new ValidationFailed({ cursor: "That page marker is not valid; list the requests again from the first page." });
  }
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > LIST_LIMITS.max)) {
    throw new ValidationFailed({ limit: `Show 1 to ${LIST_LIMITS.max} requests at a time.` });
  }
}

/** The Okta query for the criteria (already validated). */
export function listRequestsQuery(criteria: RequestListCriteria): ListRequestsQuery {
  const clauses: ScimFilter[] = [];
  if (criteria.requestedFor !== undefined) clauses.push(scim.eq("requestedFor", criteria.requestedFor));
  if (criteria.status !== undefined) clauses.push(scim.eq("status", criteria.status));
  const query: ListRequestsQuery = { limit: criteria.limit ?? LIST_LIMITS.default, orderBy: "created desc" };
  if (clauses.length > 0) query.filter = scim.and(...clauses);
  if (criteria.cursor !== undefined) query.after = criteria.cursor;
  return query;
}
