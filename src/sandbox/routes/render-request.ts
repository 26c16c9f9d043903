/** Governance API bodies for access requests v2 (`request-sparse-2` in lists, `request-full-2` for one). */
import type { AccessRequestRecord } from "../org/types.js";
import { governanceTime } from "./governance-time.js";

const base = (baseUrl: string) => baseUrl.replace(/\/+$/, "");

/** A request as `listAllRequestsV2` returns it; `baseUrl` is the admin host, where Okta's request links point. */
export function renderRequestSparse(request: AccessRequestRecord, baseUrl: string): Record<string, unknown> {
  const root = base(baseUrl);
  const { requested } = request;
  return {
    id: request.id,
    created: governanceTime(request.created),
    createdBy: request.createdBy,
    lastUpdated: governanceTime(request.lastUpdated),
    lastUpdatedBy: request.lastUpdatedBy,
    status: request.status,
    ...(request.resolved && { resolved: governanceTime(request.resolved) }),
    ...(request.grantStatus && { grantStatus: request.grantStatus }),
    ...(request.granted && { granted: governanceTime(request.granted) }),
    requestedBy: { type: "OKTA_USER", externalId: request.requestedBy },
    requestedFor: { type: "OKTA_USER", externalId: request.requestedFor },
    requested: { ...requested },
    _links: {
      // Links as recorded: on the admin host, each with an (empty) `hints` object.
      self: { href: `${root}/governance/api/v2/requests/${request.id}`, hints: {} },
      catalogEntry: { href: `${root}/governance/api/v1/catalogs/default/entries/${requested.entryId}`, hints: {} },
    },
  };
}

/** A request as `getRequestV2` returns it: the list form plus requester input and the approval. */
export function renderRequestFull(request: AccessRequestRecord, baseUrl: string): Record<string, unknown> {
  const body = renderRequestSparse(request, baseUrl);
  if (request.justification !== undefined) {
    body.requesterFieldValues = [
      {
        id: "justification",
        label: "What is the business justification for the request?",
        type: "TEXT",
        value: request.justification,
      },
    ];
  }
  const final = [...request.decisions].reverse().find((d) => d.decision !== "CANCEL");
  if (request.decisions.length > 0) {
    body.requestApproval = {
      type: "OKTA",
      providerName: "Okta Access Requests",
      providerDescription: "Okta Access Requests",
      ...(final && { status: final.decision === "APPROVE" ? "APPROVED" : "DENIED", decided: governanceTime(final.decided) }),
      decisions: request.decisions.map((d) => ({ deciderId: d.deciderId, decision: d.decision, decided: governanceTime(d.decided) })),
    };
  }
  return body;
}
