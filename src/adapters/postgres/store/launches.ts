/**
 * Launch rows: creation, reads, and the state machine as conditional UPDATEs
 * (`... WHERE state = ANY($from) RETURNING *`), never read-then-write.
 */
import type { ChatPlatform } from "../../../governance/actor.js";
import type { OktaUserId, SarId, SarStatus } from "../../../governance/okta/types.js";
import {
  InvalidLaunchTransition,
  canTransition,
  type GovernanceStore,
  type LaunchChanges,
  type LaunchId,
  type LaunchRecord,
  type LaunchState,
} from "../../../governance/store.js";
import { conversationFromColumns, conversationParams, isUuid, toDate, toDateOrNull, type StoreContext } from "./context.js";

interface LaunchRow {
  id: string;
  reference: string;
  state: string;
  requester_platform: string;
  requester_tenant_id: string;
  requester_chat_user_id: string;
  requester_okta_user_id: string;
  target_okta_user_id: string;
  target_login: string;
  reviewer_okta_user_ids: string[];
  sar_name: string;
  sar_end_time: unknown;
  reason: string;
  incident_ref: string | null;
  approval_required: boolean;
  min_approvals: number;
  approval_expires_at: unknown;
  conversation_platform: string;
  conversation_tenant_id: string;
  conversation_id: string;
  conversation_thread_id: string;
  approval_message_id: string | null;
  attempts: number;
  sar_id: string | null;
  sar_status: string | null;
  failure_code: string | null;
  failure_message: string | null;
  resolved_by_okta_user_id: string | null;
  resolution_reason: string | null;
  created_at: unknown;
  updated_at: unknown;
  version: number;
}

function toLaunch(row: LaunchRow): LaunchRecord {
  const state = row.state as LaunchState;
  return {
    id: row.id as LaunchId,
    reference: row.reference,
    state,
    requester: {
      platform: row.requester_platform as ChatPlatform,
      tenantId: row.requester_tenant_id,
      chatUserId: row.requester_chat_user_id,
      oktaUserId: row.requester_okta_user_id as OktaUserId,
    },
    target: { oktaUserId: row.target_okta_user_id as OktaUserId, login: row.target_login },
    reviewerIds: row.reviewer_okta_user_ids as OktaUserId[],
    sarName: row.sar_name,
    sarEndTime: toDate(row.sar_end_time),
    reason: row.reason,
    incidentRef: row.incident_ref,
    approval: {
      required: row.approval_required,
      minApprovals: row.min_approvals,
      expiresAt: toDateOrNull(row.approval_expires_at),
    },
    conversation: conversationFromColumns(
      row.conversation_platform,
      row.conversation_tenant_id,
      row.conversation_id,
      row.conversation_thread_id,
    ),
    approvalMessageId: row.approval_message_id,
    attempts: row.attempts,
    sarId: row.sar_id as SarId | null,
    sarStatus: row.sar_status as SarStatus | null,
    failure: row.failure_code === null ? null : { code: row.failure_code, message: row.failure_message ?? "" },
    resolution:
      row.resolved_by_okta_user_id === null && row.resolution_reason === null
        ? null
        : { by: row.resolved_by_okta_user_id as OktaUserId | null, reason: row.resolution_reason },
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    version: row.version,
  };
}

/** SET clauses for the fields present in `changes`, appending their values to `params`. */
function assignments(changes: LaunchChanges, params: unknown[]): string[] {
  const sets: string[] = [];
  const set = (column: string, value: unknown): void => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  if (changes.approvalMessageId !== undefined) set("approval_message_id", changes.approvalMessageId);
  if (changes.sarId !== undefined) set("sar_id", changes.sarId);
  if (changes.sarStatus !== undefined) set("sar_status", changes.sarStatus);
  if (changes.sarEndTime !== undefined) set("sar_end_time", changes.sarEndTime);
  if (changes.failure !== undefined) {
    set("failure_code", changes.failure?.code ?? null);
    set("failure_message", changes.failure?.message ?? null);
  }
  if (changes.resolution !== undefined) {
    set("resolved_by_okta_user_id", changes.resolution?.by ?? null);
    set("resolution_reason", changes.resolution?.reason ?? null);
  }
  return sets;
}

const MAX_REFERENCE_TRIES = 5;

export type LaunchMethods = Pick<
  GovernanceStore,
  | "createLaunch"
  | "getLaunch"
  | "getLaunchByReference"
  | "transitionLaunch"
  | "updateLaunch"
  | "listExpiredLaunches"
  | "listStalledLaunches"
>;

/** The launch half of the store over one session. */
export function launchMethods({ db, clock, ids }: StoreContext): LaunchMethods {
  const one = async (text: string, params: unknown[]): Promise<LaunchRecord | null> => {
    const { rows } = await db.query<LaunchRow>(text, params);
    return rows[0] === undefined ? null : toLaunch(rows[0]);
  };
  const many = async (text: string, params: unknown[]): Promise<LaunchRecord[]> =>
    (await db.query<LaunchRow>(text, params)).rows.map(toLaunch);

  /** A conditional UPDATE of one launch: `sets` plus the bookkeeping every update carries. */
  const update = (id: LaunchId, sets: string[], params: unknown[], extraWhere: string[]): Promise<LaunchRecord | null> => {
    params.push(clock.now(), id);
    const now = params.length - 1;
    const where = [`id = $${params.length}`, ...extraWhere];
    return one(
      `UPDATE launches SET ${[...sets, `updated_at = $${now}`, "version = version + 1"].join(", ")}
       WHERE ${where.join(" AND ")} RETURNING *`,
      params,
    );
  };

  return {
    createLaunch: async (input) => {
      const now = clock.now();
      const state: LaunchState = input.approval.required ? "PENDING_APPROVAL" : "APPROVED";
      for (let attempt = 0; attempt < MAX_REFERENCE_TRIES; attempt += 1) {
        const reference = ids.launchReference();
        const created = await one(
          `INSERT INTO launches (
             id, reference, state, requester_platform, requester_tenant_id, requester_chat_user_id,
             requester_okta_user_id, target_okta_user_id, target_login, reviewer_okta_user_ids, sar_name,
             sar_end_time, reason, incident_ref, approval_required, min_approvals, approval_expires_at,
             conversation_platform, conversation_tenant_id, conversation_id, conversation_thread_id,
             created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text[], $11, $12, $13, $14, $15, $16, $17,
                   $18, $19, $20, $21, $22, $22)
           ON CONFLICT (reference) DO NOTHING
           RETURNING *`,
          [
            ids.uuid(),
            reference,
            state,
            input.requester.platform,
            input.requester.tenantId,
            input.requester.chatUserId,
            input.requester.oktaUserId,
            input.target.oktaUserId,
            input.target.login,
            input.reviewerIds,
            input.sarName(reference),
            input.sarEndTime,
            input.reason,
            input.incidentRef ?? null,
            input.approval.required,
            input.approval.minApprovals,
            input.approval.expiresAt,
            ...conversationParams(input.conversation),
            now,
          ],
        );
        if (created !== null) return created;
      }
      throw new Error(`no free launch reference after ${MAX_REFERENCE_TRIES} tries`);
    },

    getLaunch: async (id, options = {}) =>
      isUuid(id) ? one(`SELECT * FROM launches WHERE id = $1${options.lockForUpdate === true ? " FOR UPDATE" : ""}`, [id]) : null,

    getLaunchByReference: (reference) => one("SELECT * FROM launches WHERE reference = $1", [reference]),

    transitionLaunch: async (id, { from, to, set = {}, expectedVersion }) => {
      if (from.length === 0) throw new Error("transitionLaunch needs at least one `from` state");
      for (const state of from) if (!canTransition(state, to)) throw new InvalidLaunchTransition(state, to);
      if (!isUuid(id)) return null;
      const params: unknown[] = [to];
      const sets = ["state = $1", ...assignments(set, params)];
      if (to === "LAUNCHING") sets.push("attempts = attempts + 1");
      params.push([...from]);
      const where = [`state = ANY($${params.length}::text[])`];
      if (expectedVersion !== undefined) {
        params.push(expectedVersion);
        where.push(`version = $${params.length}`);
      }
      return update(id, sets, params, where);
    },

    updateLaunch: async (id, changes, options = {}) => {
      if (!isUuid(id)) return null;
      const params: unknown[] = [];
      const sets = assignments(changes, params);
      const where: string[] = [];
      if (options.expectedVersion !== undefined) {
        params.push(options.expectedVersion);
        where.push(`version = $${params.length}`);
      }
      return update(id, sets, params, where);
    },

    listExpiredLaunches: ({ now = clock.now(), limit }) =>
      many(
        `SELECT * FROM launches
         WHERE state = 'PENDING_APPROVAL' AND approval_expires_at <= $1
         ORDER BY approval_expires_at, id LIMIT $2`,
        [now, limit],
      ),

    listStalledLaunches: ({ olderThanMs, now = clock.now(), limit }) =>
      many(
        `SELECT * FROM launches
         WHERE state IN ('APPROVED', 'LAUNCHING') AND updated_at < $1
         ORDER BY updated_at, id LIMIT $2`,
        [new Date(now.getTime() - olderThanMs), limit],
      ),
  };
}
