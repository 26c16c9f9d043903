/**
 * The audit trail: append-only (the database refuses UPDATE, DELETE and
 * TRUNCATE on it), queried newest first through per-column indexes.
 */
import type { ChatPlatform } from "../../../governance/actor.js";
import type { AccessRequestId, OktaUserId, SarId } from "../../../governance/okta/types.js";
import type { AuditEntry, AuditOutcome, GovernanceStore, JsonValue, LaunchId } from "../../../governance/store.js";
import { groupCommit } from "./audit-group-commit.js";
import { isUuid, jsonParam, toDate, type StoreContext } from "./context.js";

interface AuditRow {
  id: string | number;
  at: unknown;
  actor_platform: string | null;
  actor_tenant_id: string | null;
  actor_chat_user_id: string | null;
  actor_okta_user_id: string | null;
  action: string;
  target_okta_user_id: string | null;
  target_sar_id: string | null;
  target_request_id: string | null;
  outcome: string;
  reason: string | null;
  launch_id: string | null;
  correlation_id: string | null;
  details: { [key: string]: JsonValue };
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: String(row.id),
    at: toDate(row.at),
    actor: {
      platform: row.actor_platform as ChatPlatform | null,
      tenantId: row.actor_tenant_id,
      chatUserId: row.actor_chat_user_id,
      oktaUserId: row.actor_okta_user_id as OktaUserId | null,
    },
    action: row.action,
    target: {
      oktaUserId: row.target_okta_user_id as OktaUserId | null,
      sarId: row.target_sar_id as SarId | null,
      requestId: row.target_request_id as AccessRequestId | null,
    },
    outcome: row.outcome as AuditOutcome,
    reason: row.reason,
    launchId: row.launch_id as LaunchId | null,
    correlationId: row.correlation_id,
    details: row.details,
  };
}

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

export type AuditMethods = Pick<GovernanceStore, "appendAudit" | "queryAudit">;

const INSERT_AUDIT = `INSERT INTO audit_log (at, actor_platform, actor_tenant_id, actor_chat_user_id, actor_okta_user_id, action,
                                target_okta_user_id, target_sar_id, target_request_id, outcome, reason, launch_id,
                                correlation_id, details) VALUES`;
const RETURNING = "RETURNING *";
// details arrives as JSON text (jsonParam), cast through text so neither driver re-encodes it.
const CASTS = [...Array<string>(13).fill(""), "::text::jsonb"];

/**
 * The audit half of the store over one session. On the store's own pool
 * (not in a transaction) entries written at the same time share one INSERT
 * and commit (`audit-group-commit.ts`).
 */
export function auditMethods({ db, clock, inTransaction }: StoreContext & { inTransaction?: boolean }, options: { onBatch?: (size: number) => void } = {}): AuditMethods {
  const batched =
    inTransaction === true
      ? undefined
      : groupCommit<readonly unknown[], AuditRow>({ db, insertInto: INSERT_AUDIT, returning: RETURNING, casts: CASTS, orderOf: (row) => BigInt(row.id), ...(options.onBatch && { onBatch: options.onBatch }) });
  return {
    appendAudit: async (entry) => {
      const params = [
        entry.at ?? clock.now(),
        entry.actor.platform ?? null,
        entry.actor.tenantId ?? null,
        entry.actor.chatUserId ?? null,
        entry.actor.oktaUserId ?? null,
        entry.action,
        entry.target?.oktaUserId ?? null,
        entry.target?.sarId ?? null,
        entry.target?.requestId ?? null,
        entry.outcome,
        entry.reason ?? null,
        entry.launchId ?? null,
        entry.correlationId ?? null,
        jsonParam(entry.details ?? {}),
      ] as const;
      // Inside a transaction the entry is part of it (and rolls back with it): written there, alone.
      if (batched !== undefined) return toEntry(await batched.write(params));
      const { rows } = await db.query<AuditRow>(`${INSERT_AUDIT} (${params.map((_, i) => `$${i + 1}${CASTS[i]}`).join(", ")}) ${RETURNING}`, params);
      return toEntry(rows[0]!);
    },

    queryAudit: async (query) => {
      // Ids typed by a person (`/sar audit <id>`) that cannot match read as "nothing found".
      if (query.launchId !== undefined && !isUuid(query.launchId)) return [];
      if (query.beforeId !== undefined && !/^\d{1,18}$/.test(query.beforeId)) return [];
      const params: unknown[] = [];
      const where: string[] = [];
      const param = (value: unknown): string => {
        params.push(value);
        return `$${params.length}`;
      };
      if (query.oktaUserId !== undefined) {
        const p = param(query.oktaUserId);
        where.push(`(actor_okta_user_id = ${p} OR target_okta_user_id = ${p})`);
      }
      if (query.launchId !== undefined) where.push(`launch_id = ${param(query.launchId)}::uuid`);
      if (query.sarId !== undefined) where.push(`target_sar_id = ${param(query.sarId)}`);
      if (query.requestId !== undefined) where.push(`target_request_id = ${param(query.requestId)}`);
      if (query.beforeId !== undefined) where.push(`id < ${param(query.beforeId)}::bigint`);
      const limit = Math.min(Math.max(1, Math.trunc(query.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
      const { rows } = await db.query<AuditRow>(
        `SELECT * FROM audit_log ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
         ORDER BY id DESC LIMIT ${param(limit)}`,
        params,
      );
      return rows.map(toEntry);
    },
  };
}
