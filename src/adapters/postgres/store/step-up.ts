/**
 * Step-up challenges: one row per private sign-in link, consumed at most
 * once by a conditional UPDATE (migration 003); since migration 004 a
 * challenge may carry a triage item action instead of a launch.
 */
import type { ChatPlatform } from "../../../governance/actor.js";
import type { OktaUserId } from "../../../governance/okta/types.js";
import type { GovernanceStore, LaunchId, StepUpChallenge, StepUpChallengeId } from "../../../governance/store.js";
import type { StepUpItemAction } from "../../../governance/stepup/step-up-records.js";
import { isUuid, jsonParam, toDate, toDateOrNull, type StoreContext } from "./context.js";

interface ChallengeRow {
  id: string;
  launch_id: string | null;
  triage_action: unknown;
  approver_okta_user_id: string;
  approver_platform: string;
  approver_tenant_id: string;
  approver_chat_user_id: string;
  state: string;
  nonce: string;
  code_verifier: string;
  acr_values: string | null;
  created_at: unknown;
  expires_at: unknown;
  consumed_at: unknown;
}

function triageActionOf(value: unknown): StepUpItemAction | null {
  const raw: unknown = typeof value === "string" ? JSON.parse(value) : value;
  if (typeof raw !== "object" || raw === null) return null;
  const { sarId, accessId, action, note, idempotencyKey } = raw as Record<string, unknown>;
  if (typeof sarId !== "string" || typeof accessId !== "string" || typeof action !== "string" || typeof idempotencyKey !== "string") return null;
  return { sarId, accessId, action, idempotencyKey, ...(typeof note === "string" && { note }) };
}

function toChallenge(row: ChallengeRow): StepUpChallenge {
  return {
    id: row.id as StepUpChallengeId,
    launchId: row.launch_id as LaunchId | null,
    triageAction: triageActionOf(row.triage_action),
    approver: {
      platform: row.approver_platform as ChatPlatform,
      tenantId: row.approver_tenant_id,
      chatUserId: row.approver_chat_user_id,
      oktaUserId: row.approver_okta_user_id as OktaUserId,
    },
    state: row.state,
    nonce: row.nonce,
    codeVerifier: row.code_verifier,
    acrValues: row.acr_values,
    createdAt: toDate(row.created_at),
    expiresAt: toDate(row.expires_at),
    consumedAt: toDateOrNull(row.consumed_at),
  };
}

export type StepUpMethods = Pick<
  GovernanceStore,
  "createStepUpChallenge" | "getStepUpChallenge" | "getStepUpChallengeByState" | "consumeStepUpChallenge" | "purgeStepUpChallenges"
>;

/** Ids and states come from URLs: only well-formed ones reach SQL. */
const ID = /^[0-9a-f]{64}$/;
const STATE = /^[A-Za-z0-9_-]{16,128}$/;

export function stepUpMethods({ db, clock }: StoreContext): StepUpMethods {
  const one = async (where: string, value: string): Promise<StepUpChallenge | null> => {
    const { rows } = await db.query<ChallengeRow>(`SELECT * FROM step_up_challenges WHERE ${where} = $1`, [value]);
    return rows[0] === undefined ? null : toChallenge(rows[0]);
  };
  return {
    createStepUpChallenge: async (input) => {
      const triageAction = input.triageAction ?? null;
      if (!ID.test(input.id) || !STATE.test(input.state) || (input.launchId !== null && !isUuid(input.launchId))) throw new RangeError("malformed step-up challenge id, state or launch id");
      if ((input.launchId === null) === (triageAction === null)) throw new RangeError("a step-up challenge is for a launch or for an item action, exactly one");
      const { rows } = await db.query<ChallengeRow>(
        `INSERT INTO step_up_challenges (id, launch_id, approver_okta_user_id, approver_platform, approver_tenant_id,
                                         approver_chat_user_id, state, nonce, code_verifier, acr_values, created_at, expires_at, triage_action)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb)
         RETURNING *`,
        [
          input.id,
          input.launchId,
          input.approver.oktaUserId,
          input.approver.platform,
          input.approver.tenantId,
          input.approver.chatUserId,
          input.state,
          input.nonce,
          input.codeVerifier,
          input.acrValues,
          clock.now(),
          input.expiresAt,
          triageAction === null ? null : jsonParam(triageAction),
        ],
      );
      return toChallenge(rows[0]!);
    },
    getStepUpChallenge: async (id) => (ID.test(id) ? one("id", id) : null),
    getStepUpChallengeByState: async (state) => (STATE.test(state) ? one("state", state) : null),
    consumeStepUpChallenge: async (id, options = {}) => {
      if (!ID.test(id)) return false;
      const now = options.now ?? clock.now();
      const { rows } = await db.query(
        "UPDATE step_up_challenges SET consumed_at = $2 WHERE id = $1 AND consumed_at IS NULL AND expires_at > $2 RETURNING id",
        [id, now],
      );
      return rows.length === 1;
    },
    purgeStepUpChallenges: async (before) => {
      const { rows } = await db.query("DELETE FROM step_up_challenges WHERE expires_at < $1 RETURNING id", [before]);
      return rows.length;
    },
  };
}
