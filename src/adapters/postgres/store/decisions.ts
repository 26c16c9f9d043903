/**
 * Approval decisions: one row per (launch, approver), so a double click or a
 * retried event records once.
 */
import type { ChatPlatform } from "../../../governance/actor.js";
import type { OktaUserId } from "../../../governance/okta/types.js";
import type { DecisionKind, DecisionRecord, GovernanceStore, LaunchId, StepUpProof } from "../../../governance/store.js";
import { jsonParam, toDate, type StoreContext } from "./context.js";

interface DecisionRow {
  launch_id: string;
  approver_okta_user_id: string;
  approver_platform: string;
  approver_tenant_id: string;
  approver_chat_user_id: string;
  decision: string;
  reason: string | null;
  decided_at: unknown;
  verification?: unknown;
}

function toDecision(row: DecisionRow): DecisionRecord {
  const verification = toProof(row.verification);
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
    ...(verification !== null && { verification }),
  };
}

/** The step-up proof column (jsonb; a string on drivers that do not parse it). */
function toProof(value: unknown): StepUpProof | null {
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  if (parsed === null || typeof parsed !== "object") return null;
  const p = parsed as Record<string, unknown>;
  return {
    issuer: String(p.issuer),
    sub: String(p.sub),
    authTime: new Date(String(p.authTime)),
    acr: typeof p.acr === "string" ? p.acr : null,
    jti: typeof p.jti === "string" ? p.jti : null,
    nonce: String(p.nonce),
  };
}

export type DecisionMethods = Pick<GovernanceStore, "recordDecision" | "listDecisions" | "countApprovals">;

/** The decision half of the store over one session. */
export function decisionMethods({ db, clock }: StoreContext): DecisionMethods {
  return {
    recordDecision: async ({ launchId, approver, decision, reason, verification }) => {
      const params = [launchId, approver.oktaUserId, approver.platform, approver.tenantId, approver.chatUserId, decision, reason ?? null, clock.now()];
      // The verification column arrives with migration 004; plain decisions do not name it.
      const proof = verification ? { ...verification, authTime: verification.authTime.toISOString() } : undefined;
      const { rows } = await db.query(
        `INSERT INTO launch_decisions (launch_id, approver_okta_user_id, approver_platform, approver_tenant_id,
                                       approver_chat_user_id, decision, reason, decided_at${proof ? ", verification" : ""})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8${proof ? ", $9::jsonb" : ""})
         ON CONFLICT (launch_id, approver_okta_user_id) DO NOTHING
         RETURNING launch_id`,
        proof ? [...params, jsonParam(proof)] : params,
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
