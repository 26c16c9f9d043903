/**
 * Paged reads of the audit trail for `/sar audit`: newest first, with an
 * opaque cursor that continues where the last page ended.
 */
import { ValidationFailed } from "../errors.js";
import type { AccessRequestId, OktaUserId, SarId } from "../okta/types.js";
import type { AuditEntry, AuditQuery, GovernanceStore, LaunchId } from "../store.js";

export const MAX_AUDIT_PAGE = 200;

export interface ReadAuditQuery {
  /** Entries where this Okta user is the actor or the target. */
  oktaUserId?: OktaUserId;
  sarId?: SarId;
  requestId?: AccessRequestId;
  launchId?: LaunchId;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** 1 to 200. */
  limit: number;
}

export interface AuditPage {
  /** Newest first. */
  entries: AuditEntry[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

// A cursor is the id of the last entry shown; opaque to callers, checked here.
const CURSOR = /^[1-9]\d{0,17}$/;

/** One page of audit entries matching every given filter, newest first. */
export async function readAudit(store: Pick<GovernanceStore, "queryAudit">, query: ReadAuditQuery): Promise<AuditPage> {
  const { limit, cursor } = query;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AUDIT_PAGE) {
    throw new ValidationFailed({ limit: `Show 1 to ${MAX_AUDIT_PAGE} audit entries at a time.` });
  }
  if (cursor !== undefined && !CURSOR.test(cursor)) {
    throw new ValidationFailed({ cursor: "That page marker is not valid; start again from the newest entries." });
  }
  const storeQuery: AuditQuery = { limit: limit + 1 };
  if (query.oktaUserId !== undefined) storeQuery.oktaUserId = query.oktaUserId;
  if (query.sarId !== undefined) storeQuery.sarId = query.sarId;
  if (query.requestId !== undefined) storeQuery.requestId = query.requestId;
  if (query.launchId !== undefined) storeQuery.launchId = query.launchId;
  if (cursor !== undefined) storeQuery.beforeId = cursor;
  // One extra row tells whether an older page exists without a second query.
  const rows = await store.queryAudit(storeQuery);
  const entries = rows.slice(0, limit);
  const last = entries[entries.length - 1];
  return { entries, nextCursor: rows.length > limit && last !== undefined ? last.id : null };
}
