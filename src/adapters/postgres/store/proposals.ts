/**
 * Proposals (Okta risk events proposing a review): one open row per Okta
 * user. Opening and folding take a transaction-scoped advisory lock on the
 * user, so two replicas receiving events for one user never open two.
 */
import type { ChatPlatform } from "../../../governance/actor.js";
import type { OktaUserId } from "../../../governance/okta/types.js";
import type { ProposalEvent, ProposalId, ProposalRecord } from "../../../governance/proposals/proposal-types.js";
import type { GovernanceStore } from "../../../governance/store.js";
import { isUuid, jsonParam, toDate, type StoreContext } from "./context.js";

interface ProposalRow {
  id: string;
  okta_user_id: string;
  user_login: string;
  user_display_name: string | null;
  opened_at: unknown;
  window_ends_at: unknown;
  last_seen_at: unknown;
  event_count: number;
  first_event: ProposalEvent;
  last_event: ProposalEvent;
  event_types: string[];
  messages: Partial<Record<ChatPlatform, string>>;
  version: number;
  updated_at: unknown;
}

function toProposal(row: ProposalRow): ProposalRecord {
  return {
    id: row.id as ProposalId,
    oktaUserId: row.okta_user_id as OktaUserId,
    login: row.user_login,
    displayName: row.user_display_name,
    openedAt: toDate(row.opened_at),
    windowEndsAt: toDate(row.window_ends_at),
    lastSeenAt: toDate(row.last_seen_at),
    eventCount: row.event_count,
    firstEvent: row.first_event,
    lastEvent: row.last_event,
    eventTypes: row.event_types,
    messages: row.messages,
    version: row.version,
    updatedAt: toDate(row.updated_at),
  };
}

export type ProposalMethods = Pick<GovernanceStore, "recordProposalEvent" | "getProposal" | "setProposalMessage">;

// Advisory-lock class for proposals ("oig" + 2); the object is a hash of the Okta user id.
const LOCK_CLASS = 0x6f6968;

/** The proposal half of the store over one session. */
export function proposalMethods({ db, clock, ids }: StoreContext): ProposalMethods {
  return {
    recordProposalEvent: (input) =>
      db.transaction(async (tx) => {
        const now = input.now ?? clock.now();
        const published = new Date(input.event.published);
        const seen = Number.isNaN(published.getTime()) ? now : published;
        await tx.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [LOCK_CLASS, input.oktaUserId]);
        const updated = await tx.query<ProposalRow>(
          `UPDATE proposals SET
             event_count = event_count + 1,
             last_event = CASE WHEN $3 >= last_seen_at THEN $2::text::jsonb ELSE last_event END,
             last_seen_at = GREATEST(last_seen_at, $3),
             event_types = CASE WHEN event_types ? $4 THEN event_types ELSE event_types || jsonb_build_array($4::text) END,
             user_login = $5, user_display_name = COALESCE($6, user_display_name),
             version = version + 1, updated_at = $7
           WHERE id = (SELECT id FROM proposals WHERE okta_user_id = $1 AND window_ends_at > $7 ORDER BY opened_at DESC LIMIT 1)
           RETURNING *`,
          [input.oktaUserId, jsonParam(input.event), seen, input.event.eventType, input.login, input.displayName, now],
        );
        const folded = updated.rows[0];
        if (folded !== undefined) return { proposal: toProposal(folded), created: false };
        const inserted = await tx.query<ProposalRow>(
          `INSERT INTO proposals (id, okta_user_id, user_login, user_display_name, opened_at, window_ends_at, last_seen_at,
                                  first_event, last_event, event_types, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $8::text::jsonb, jsonb_build_array($9::text), $5)
           RETURNING *`,
          [ids.uuid(), input.oktaUserId, input.login, input.displayName, now, new Date(now.getTime() + input.windowMs), seen, jsonParam(input.event), input.event.eventType],
        );
        return { proposal: toProposal(inserted.rows[0]!), created: true };
      }),

    getProposal: async (id) => {
      if (!isUuid(id)) return null;
      const { rows } = await db.query<ProposalRow>("SELECT * FROM proposals WHERE id = $1", [id]);
      return rows[0] === undefined ? null : toProposal(rows[0]);
    },

    setProposalMessage: async (id, platform, messageId) => {
      if (!isUuid(id)) return null;
      const { rows } = await db.query<ProposalRow>(
        `UPDATE proposals SET messages = messages || jsonb_build_object($2::text, $3::text), updated_at = $4
         WHERE id = $1 RETURNING *`,
        [id, platform, messageId, clock.now()],
      );
      return rows[0] === undefined ? null : toProposal(rows[0]);
    },
  };
}
