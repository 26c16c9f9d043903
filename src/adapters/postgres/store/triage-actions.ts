/**
 * Triage actions (migration 004): one row per click, claimed with one
 * INSERT ... ON CONFLICT DO NOTHING against the idempotency key and the
 * partial unique index of actions under way, so neither a duplicate
 * delivery nor a concurrent click on another replica gets through.
 */
import type { ChatPlatform } from "../../../governance/actor.js";
import type { OktaUserId } from "../../../governance/okta/types.js";
import type { GovernanceStore, JsonValue, LaunchId } from "../../../governance/store.js";
import type { TriageActionActor, TriageActionRecord, TriageActionState } from "../../../governance/store/triage-actions.js";
import { jsonParam, toDate, toDateOrNull, type StoreContext } from "./context.js";

interface TriageActionRow {
  id: string;
  sar_id: string;
  access_id: string | null;
  action: string;
  idempotency_key: string;
  state: string;
  actor: unknown;
  note: string | null;
  outcome: unknown;
  created_at: unknown;
  finished_at: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const parsed = (value: unknown): unknown => (typeof value === "string" ? (JSON.parse(value) as unknown) : value);

function actorOf(value: unknown): TriageActionActor {
  const raw = parsed(value);
  const obj = isObject(raw) ? raw : {};
  const str = (key: string) => (typeof obj[key] === "string" ? obj[key] : "");
  return {
    platform: str("platform") as ChatPlatform,
    tenantId: str("tenantId"),
    chatUserId: str("chatUserId"),
    oktaUserId: str("oktaUserId") as OktaUserId,
    login: str("login"),
    ...(typeof obj.displayName === "string" && { displayName: obj.displayName }),
  };
}

function toRecord(row: TriageActionRow): TriageActionRecord {
  const outcome = parsed(row.outcome);
  return {
    id: row.id,
    sarId: row.sar_id,
    accessId: row.access_id,
    action: row.action,
    idempotencyKey: row.idempotency_key,
    state: row.state as TriageActionState,
    actor: actorOf(row.actor),
    note: row.note,
    outcome: isObject(outcome) ? (outcome as { [key: string]: JsonValue }) : null,
    createdAt: toDate(row.created_at),
    finishedAt: toDateOrNull(row.finished_at),
  };
}

export type TriageActionMethods = Pick<
  GovernanceStore,
  "beginTriageAction" | "finishTriageAction" | "getTriageActionByKey" | "listTriageActions" | "findLaunchIdBySar"
>;

export function triageActionMethods({ db, clock, ids }: StoreContext): TriageActionMethods {
  const byKey = async (key: string): Promise<TriageActionRecord | null> => {
    const { rows } = await db.query<TriageActionRow>("SELECT * FROM triage_actions WHERE idempotency_key = $1", [key]);
    return rows[0] === undefined ? null : toRecord(rows[0]);
  };
  const underWay = async (sarId: string, accessId: string | null, action: string): Promise<TriageActionRecord | null> => {
    const { rows } = await db.query<TriageActionRow>(
      `SELECT * FROM triage_actions
        WHERE sar_id = $1 AND COALESCE(access_id, '') = $2 AND action = $3 AND state IN ('pending', 'unknown')`,
      [sarId, accessId ?? "", action],
    );
    return rows[0] === undefined ? null : toRecord(rows[0]);
  };

  return {
    beginTriageAction: async (input) => {
      // The row that blocked the insert may finish in between; a second look settles it.
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const { rows } = await db.query<TriageActionRow>(
          `INSERT INTO triage_actions (id, sar_id, access_id, action, idempotency_key, state, actor, note, created_at)
           VALUES ($1, $2, $3, $4, $5, 'pending', $6::jsonb, $7, $8)
           ON CONFLICT DO NOTHING
           RETURNING *`,
          [ids.uuid(), input.sarId, input.accessId, input.action, input.idempotencyKey, jsonParam(input.actor), input.note, clock.now()],
        );
        if (rows[0] !== undefined) return { kind: "started", record: toRecord(rows[0]) };
        const first = await byKey(input.idempotencyKey);
        if (first !== null) return { kind: "duplicate", record: first };
        const busy = await underWay(input.sarId, input.accessId, input.action);
        if (busy !== null) return { kind: "busy", record: busy };
      }
      throw new Error("could not record the triage action: it conflicted with a row that is gone");
    },
    finishTriageAction: async (id, state, outcome, at) => {
      const { rows } = await db.query(
        `UPDATE triage_actions SET state = $2, outcome = $3::jsonb, finished_at = $4
          WHERE id = $1 AND state IN ('pending', 'unknown') RETURNING id`,
        [id, state, jsonParam(outcome), state === "unknown" ? null : (at ?? clock.now())],
      );
      return rows.length === 1;
    },
    getTriageActionByKey: byKey,
    listTriageActions: async (sarId, options = {}) => {
      const states = options.states ?? ["pending", "done", "failed", "unknown"];
      const { rows } = await db.query<TriageActionRow>(
        "SELECT * FROM triage_actions WHERE sar_id = $1 AND state = ANY($2::text[]) ORDER BY created_at, id",
        [sarId, [...states]],
      );
      return rows.map(toRecord);
    },
    findLaunchIdBySar: async (sarId) => {
      const { rows } = await db.query<{ id: string }>("SELECT id FROM launches WHERE sar_id = $1", [sarId]);
      return rows[0] === undefined ? null : (rows[0].id as LaunchId);
    },
  };
}
