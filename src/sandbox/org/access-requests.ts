/** Access requests (v2) and the messages posted on them. */
import type { OrgContext } from "./context.js";
import type { Directory } from "./directory.js";
import type {
  AccessRequestRecord,
  GrantStatus,
  RequestApprovalDecision,
  RequestMessage,
  RequestStatus,
} from "./types.js";

export interface NewAccessRequest {
  id?: string;
  requestedFor: string;
  /** Defaults to `requestedFor` (a request for oneself). */
  requestedBy?: string;
  /** Defaults to PENDING. */
  status?: RequestStatus;
  grantStatus?: GrantStatus;
  created?: string;
  /** Defaults to `created`. */
  lastUpdated?: string;
  resolved?: string | null;
  granted?: string | null;
  /** The requested app; a fresh app id when absent. */
  resourceId?: string;
  entryId?: string;
  accessScopeId?: string;
  accessScopeType?: AccessRequestRecord["requested"]["accessScopeType"];
  justification?: string;
  decisions?: RequestApprovalDecision[];
}

export interface RequestUpdate {
  status?: RequestStatus;
  grantStatus?: GrantStatus;
  decisions?: RequestApprovalDecision[];
  /** Who made the change; defaults to the request's last updater. */
  by?: string;
}

export interface AccessRequests {
  addRequest(input: NewAccessRequest): AccessRequestRecord;
  getRequest(id: string): AccessRequestRecord | undefined;
  listRequests(): AccessRequestRecord[];
  /** Changes a request now (status, grant status, decisions), moving `lastUpdated`. */
  updateRequest(id: string, update: RequestUpdate): AccessRequestRecord;
  addMessage(requestId: string, message: string, by: string): RequestMessage;
  messagesFor(requestId: string): RequestMessage[];
}

const RESOLVED_STATUSES: readonly RequestStatus[] = ["APPROVED", "DENIED", "REJECTED", "CANCELED", "EXPIRED"];

/** Creates the request store; requests must name users of `directory`. */
export function createAccessRequests(ctx: OrgContext, directory: Directory): AccessRequests {
  const requests = new Map<string, AccessRequestRecord>();
  const messages = new Map<string, RequestMessage[]>();
  const request = (id: string): AccessRequestRecord => {
    const found = requests.get(id);
    if (!found) throw new Error(`No access request ${id} in the sandbox org`);
    return found;
  };
  const checkUser = (id: string): void => {
    if (directory.findUser(id)?.id !== id) throw new Error(`No user ${id} in the sandbox org`);
  };

  return {
    addRequest(input) {
      checkUser(input.requestedFor);
      const requestedBy = input.requestedBy ?? input.requestedFor;
      checkUser(requestedBy);
      const created = iso(input.created) ?? ctx.now();
      const lastUpdated = iso(input.lastUpdated) ?? created;
      const status = input.status ?? "PENDING";
      const resourceId = input.resourceId ?? ctx.ids("app");
      const record: AccessRequestRecord = {
        id: input.id ?? ctx.ids("request"),
        created,
        createdBy: requestedBy,
        lastUpdated,
        lastUpdatedBy: requestedBy,
        status,
        resolved: iso(input.resolved) ?? (RESOLVED_STATUSES.includes(status) ? lastUpdated : null),
        granted: iso(input.granted) ?? (input.grantStatus === "GRANTED" ? lastUpdated : null),
        requestedBy,
        requestedFor: input.requestedFor,
        requested: {
          entryId: input.entryId ?? ctx.ids("catalogEntry"),
          resourceId,
          resourceType: "APPLICATION",
          accessScopeId: input.accessScopeId ?? resourceId,
          accessScopeType: input.accessScopeType ?? "APPLICATION",
        },
        decisions: input.decisions ?? [],
        ...(input.grantStatus !== undefined && { grantStatus: input.grantStatus }),
        ...(input.justification !== undefined && { justification: input.justification }),
      };
      if (requests.has(record.id)) throw new Error(`An access request ${record.id} already exists`);
      requests.set(record.id, record);
      messages.set(record.id, []);
      return structuredClone(record);
    },
    getRequest(id) {
      const found = requests.get(id);
      return found && structuredClone(found);
    },
    listRequests: () => [...requests.values()].map((r) => structuredClone(r)),
    updateRequest(id, update) {
      const found = request(id);
      const now = ctx.now();
      if (update.status !== undefined && update.status !== found.status) {
        found.status = update.status;
        found.resolved = RESOLVED_STATUSES.includes(update.status) ? now : null;
      }
      if (update.grantStatus !== undefined && update.grantStatus !== found.grantStatus) {
        found.grantStatus = update.grantStatus;
        found.granted = update.grantStatus === "GRANTED" ? now : null;
      }
      if (update.decisions !== undefined) found.decisions = structuredClone(update.decisions);
      found.lastUpdated = now;
      if (update.by !== undefined) found.lastUpdatedBy = update.by;
      return structuredClone(found);
    },
    addMessage(requestId, message, by) {
      request(requestId);
      const created: RequestMessage = { id: ctx.ids("message"), requestId, message, createdBy: by, created: ctx.now() };
      messages.get(requestId)?.push(created);
      return structuredClone(created);
    },
    messagesFor: (requestId) => structuredClone(messages.get(requestId) ?? []),
  };
}

/** One spelling for every timestamp (`toISOString`), so they sort as text. */
function iso(value: string | null | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new Error(`Not an ISO 8601 date-time: ${value}`);
  return new Date(time).toISOString();
}
