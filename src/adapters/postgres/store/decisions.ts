/**
 * Approval decisions: one row per (launch, approver), so a double click or a
 * retried event records once.
 */
import type { ChatPlatform } from "../../../governance/actor.js";
import type { OktaUserId } from "../../../governance/okta/types.js";
import type { DecisionKind, DecisionRecord, GovernanceStore, LaunchId } from "../../../governance/store.js";
import { toDate, type StoreContext } from "./context.js";

interface DecisionRow {
  launch_id: string;
  approver_okta_user_id: string;
  approver_platform: string;
  approver_tenant_id: string;
  approver_chat_user_id: string;
  decision: string;
  reason: string | null;
  decided_at: unknown;
}

function toDecision(row: DecisionRow): DecisionRecord {
  return {
    launchId: row.launch_id as LaunchId,
    approver: {
      platform: row.approver_platform as ChatPlatform,
      tenantId: row.approver_tenant_id,
      chatUserId: row.approver_chat_user_id,
      oktaUserId: row.approver_okta_user_id as OktaUserId,
    },
    decision: row.decision as DecisionKind,
    reason: row.reason,
    decidedAt: toDate(row.decided_at),
  };
}

export type DecisionMethods = Pick<GovernanceStore, "recordDecision" | "listDecisions" | "countApprovals">;

/** The decision half of the store over one session. */
export function decisionMethods({ db, clock }: StoreContext): DecisionMethods {
  return {
    recordDecision: async ({ launchId, approver, decision, reason }) => {
      const { rows } = await db.query(
        `INSERT INTO launch_decisions (launch_id, approver_okta_user_id, approver_platform, approver_tenant_id,
                                       approver_chat_user_id, decision, reason, decided_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (launch_id, approver_okta_user_id) DO NOTHING
         RETURNING launch_id`,
        [launchId, approver.oktaUserId, approver.platform, approver.tenantId, approver.chatUserId, decision, reason ?? null, clock.now()],
      );
      return rows.length === 1;
    },

    listDecisions: async (launchId) => {
      const { rows } = await db.query<DecisionRow>(
        "SELECT * FROM launch_decisions WHERE launch_id = $1 ORDER BY decided_at, approver_okta_user_id",
        [launchId],
      );
      return rows.map(toDecision);
    },

    countApprovals: async (launchId) => {
      const { rows } = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM launch_decisions WHERE launch_id = $1 AND decision = 'approve'",
        [launchId],
      );
      return Number(rows[0]?.n ?? 0);
    },
  };
}
