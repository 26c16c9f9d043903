/**
 * Okta's access request (v2) as the neutral `RequestView` adapters render.
 * Okta names people by user id (`requestedFor.externalId`); when a login
 * is known (see `people.ts`) the view carries it too.
 */
import type { AccessRequest } from "../okta/types.js";
import type { PersonView, RequestView } from "../replies.js";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === "string" && value.length > 0 ? value : undefined);

/** The Okta user ids a request names (requester, beneficiary, deciders), for a login lookup. */
export function peopleOf(request: AccessRequest): string[] {
  const ids = [principalId(request.requestedFor), principalId(request.requestedBy), ...decisionsOf(request).map((d) => text(d.deciderId))];
  return [...new Set(ids.filter((id): id is string => id !== undefined))];
}

/** The neutral view of a request; `people` maps Okta user ids to what is known of them. */
export function toRequestView(request: AccessRequest, people: ReadonlyMap<string, PersonView> = new Map()): RequestView {
  const view: RequestView = { id: request.id, status: request.status, created: request.created };
  const grantStatus = text(request.grantStatus);
  if (grantStatus !== undefined) view.grantStatus = grantStatus;
  const requestedFor = person(request.requestedFor, people);
  if (requestedFor !== undefined) view.requestedFor = requestedFor;
  const requestedBy = person(request.requestedBy, people);
  if (requestedBy !== undefined) view.requestedBy = requestedBy;
  const resource = resourceOf(request.requested);
  if (resource !== undefined) view.resource = resource;
  if (text(request.lastUpdated) !== undefined) view.lastUpdated = request.lastUpdated;
  const approvals = approvalsOf(request, people);
  if (approvals.length > 0) view.approvals = approvals;
  return view;
}

function principalId(principal: unknown): string | undefined {
  return isObject(principal) ? text(principal.externalId) : undefined;
}

function person(principal: unknown, people: ReadonlyMap<string, PersonView>): PersonView | { id: string } | undefined {
  const id = principalId(principal);
  if (id === undefined) return undefined;
  return people.get(id) ?? { id };
}

function resourceOf(requested: unknown): RequestView["resource"] {
  if (!isObject(requested)) return undefined;
  const resource: NonNullable<RequestView["resource"]> = {};
  const type = text(requested.resourceType);
  const id = text(requested.resourceId);
  const name = text(requested.resourceName) ?? text(requested.name);
  if (type !== undefined) resource.type = type;
  if (id !== undefined) resource.id = id;
  if (name !== undefined) resource.name = name;
  return Object.keys(resource).length > 0 ? resource : undefined;
}

function decisionsOf(request: AccessRequest): Json[] {
  const approval = request.requestApproval;
  if (!isObject(approval) || !Array.isArray(approval.decisions)) return [];
  return approval.decisions.filter(isObject);
}

function approvalsOf(request: AccessRequest, people: ReadonlyMap<string, PersonView>): NonNullable<RequestView["approvals"]> {
  return decisionsOf(request).flatMap((decision) => {
    const status = text(decision.decision);
    if (status === undefined) return [];
    const deciderId = text(decision.deciderId);
    const by = (deciderId !== undefined ? people.get(deciderId)?.login : undefined) ?? text(decision.deciderName) ?? deciderId;
    const at = text(decision.decided);
    return [{ status, ...(by !== undefined && { by }), ...(at !== undefined && { at }) }];
  });
}
