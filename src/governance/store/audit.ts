/**
 * The audit aggregate: the append-only trail and its queries.
 */
import type { ChatPlatform } from "../actor.js";
import type { AccessRequestId, OktaUserId, SarId } from "../okta/types.js";
import type { JsonValue } from "./json.js";
import type { LaunchId } from "./launches.js";

export type AuditOutcome = "allowed" | "denied" | "succeeded" | "failed" | "requested" | "expired" | "canceled";

export interface AuditActor {
  platform?: ChatPlatform | null;
  tenantId?: string | null;
  chatUserId?: string | null;
  oktaUserId?: OktaUserId | null;
}

export interface AuditTarget {
  oktaUserId?: OktaUserId | null;
  sarId?: SarId | null;
  requestId?: AccessRequestId | null;
}

export interface NewAuditEntry {
  /** Defaults to the store clock. */
  at?: Date;
  actor: AuditActor;
  /** A policy action (`sar.launch`) or event name (`sar.launch.approved`). */
  action: string;
  target?: AuditTarget;
  outcome: AuditOutcome;
  reason?: string | null;
  launchId?: LaunchId | null;
  correlationId?: string | null;
  details?: { [key: string]: JsonValue };
}

export interface AuditEntry {
  /** Monotonic (bigserial) id, as a decimal string. */
  id: string;
  at: Date;
  actor: {
    platform: ChatPlatform | null;
    tenantId: string | null;
    chatUserId: string | null;
    oktaUserId: OktaUserId | null;
  };
  action: string;
  target: { oktaUserId: OktaUserId | null; sarId: SarId | null; requestId: AccessRequestId | null };
  outcome: AuditOutcome;
  reason: string | null;
  launchId: LaunchId | null;
  correlationId: string | null;
  details: { [key: string]: JsonValue };
}

/** Filters are ANDed; `oktaUserId` matches the actor or the target. Newest first. */
export interface AuditQuery {
  oktaUserId?: OktaUserId;
  launchId?: LaunchId;
  sarId?: SarId;
  requestId?: AccessRequestId;
  /** Entries older than this id (paging). */
  beforeId?: string;
  /** Default 50, at most 500. */
  limit?: number;
}

export interface AuditStore {
  /** Appends to the audit trail (which the database refuses to update or delete). */
  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  queryAudit(query: AuditQuery): Promise<AuditEntry[]>;
}
