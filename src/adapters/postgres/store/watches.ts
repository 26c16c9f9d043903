/**
 * Watches: SARs and access requests whose status changes are posted into a
 * conversation. The due listing rides a partial index on active watches.
 */
import type { OktaUserId } from "../../../governance/okta/types.js";
import type { GovernanceStore, WatchId, WatchKind, WatchRecord } from "../../../governance/store.js";
import { conversationFromColumns, conversationParams, isUuid, toDate, toDateOrNull, type StoreContext } from "./context.js";

interface WatchRow {
  id: string;
  kind: string;
  okta_id: string;
  conversation_platform: string;
  conversation_tenant_id: string;
  conversation_id: string;
  conversation_thread_id: string;
  last_status: string | null;
  last_checked_at: unknown;
  next_check_at: unknown;
  active: boolean;
  created_by_okta_user_id: string | null;
  created_at: unknown;
}

function toWatch(row: WatchRow): WatchRecord {
  return {
    id: row.id as WatchId,
    kind: row.kind as WatchKind,
    oktaId: row.okta_id,
    conversation: conversationFromColumns(
      row.conversation_platform,
      row.conversation_tenant_id,
      row.conversation_id,
      row.conversation_thread_id,
    ),
    lastStatus: row.last_status,
    lastCheckedAt: toDateOrNull(row.last_checked_at),
    nextCheckAt: toDate(row.next_check_at),
    active: row.active,
    createdBy: row.created_by_okta_user_id as OktaUserId | null,
    createdAt: toDate(row.created_at),
  };
}

export type WatchMethods = Pick<
  GovernanceStore,
  | "addWatch"
  | "getWatch"
  | "listDueWatches"
  | "claimDueWatches"
  | "listActiveWatches"
  | "recordWatchCheck"
  | "deactivateWatch"
  | "deactivateWatchesFor"
>;

/** The watch half of the store over one session. */
export function watchMethods({ db, clock, ids }: StoreContext): WatchMethods {
  const many = async (text: string, params: unknown[]): Promise<WatchRecord[]> =>
    (await db.query<WatchRow>(text, params)).rows.map(toWatch);

  return {
    addWatch: async (input) => {
      const now = clock.now();
      const conversation = conversationParams(input.conversation);
      // Reactivates a deactivated watch; leaves an active one untouched (and returns no row for it).
      const inserted = await many(
        `INSERT INTO watches (id, kind, okta_id, conversation_platform, conversation_tenant_id, conversation_id,
                              conversation_thread_id, last_status, next_check_at, created_by_okta_user_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (kind, okta_id, conversation_platform, conversation_tenant_id, conversation_id, conversation_thread_id)
         DO UPDATE SET active = true, last_status = EXCLUDED.last_status, next_check_at = EXCLUDED.next_check_at,
                       created_by_okta_user_id = EXCLUDED.created_by_okta_user_id
         WHERE NOT watches.active
         RETURNING *`,
        [ids.uuid(), input.kind, input.oktaId, ...conversation, input.lastStatus ?? null, input.nextCheckAt ?? now, input.createdBy, now],
      );
      if (inserted[0] !== undefined) return { watch: inserted[0], created: true };
      const [existing] = await many(
        `SELECT * FROM watches WHERE kind = $1 AND okta_id = $2 AND conversation_platform = $3
           AND conversation_tenant_id = $4 AND conversation_id = $5 AND conversation_thread_id = $6`,
        [input.kind, input.oktaId, ...conversation],
      );
      if (existing === undefined) throw new Error(`watch on ${input.kind} ${input.oktaId} vanished while being added`);
      return { watch: existing, created: false };
    },

    getWatch: async (id) => (isUuid(id) ? ((await many("SELECT * FROM watches WHERE id = $1", [id]))[0] ?? null) : null),

    listDueWatches: ({ now = clock.now(), limit }) =>
      many("SELECT * FROM watches WHERE active AND next_check_at <= $1 ORDER BY next_check_at, id LIMIT $2", [now, limit]),

    claimDueWatches: async ({ now = clock.now(), limit, leaseMs }) => {
      const { rows } = await db.query<WatchRow & { due_at: unknown }>(
        `WITH due AS (
           SELECT id, next_check_at AS due_at FROM watches
           WHERE active AND next_check_at <= $1
           ORDER BY next_check_at, id LIMIT $2
           FOR UPDATE SKIP LOCKED)
         UPDATE watches w SET next_check_at = $3 FROM due WHERE w.id = due.id
         RETURNING w.*, due.due_at`,
        [now, limit, new Date(now.getTime() + leaseMs)],
      );
      const byDue = (a: (typeof rows)[number], b: (typeof rows)[number]): number =>
        toDate(a.due_at).getTime() - toDate(b.due_at).getTime() || a.id.localeCompare(b.id);
      return [...rows].sort(byDue).map(toWatch);
    },

    listActiveWatches: (kind) =>
      many("SELECT * FROM watches WHERE active AND kind = $1 ORDER BY created_at, id", [kind]),

    recordWatchCheck: async (id, { status, nextCheckAt, checkedAt = clock.now() }) => {
      if (!isUuid(id)) return null;
      const [watch] = await many(
        "UPDATE watches SET last_status = $2, last_checked_at = $3, next_check_at = $4 WHERE id = $1 RETURNING *",
        [id, status, checkedAt, nextCheckAt],
      );
      return watch ?? null;
    },

    deactivateWatch: async (id) => {
      if (!isUuid(id)) return false;
      const { rowCount } = await db.query("UPDATE watches SET active = false WHERE id = $1 AND active", [id]);
      return rowCount > 0;
    },

    deactivateWatchesFor: async (kind, oktaId) => {
      const { rowCount } = await db.query(
        "UPDATE watches SET active = false WHERE kind = $1 AND okta_id = $2 AND active",
        [kind, oktaId],
      );
      return rowCount;
    },
  };
}
