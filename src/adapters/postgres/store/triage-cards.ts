/**
 * Triage cards: the messages showing a review's shared card, the launch
 * thread's one-time posting claim, and what the watch last saw of each
 * review it follows. Every "only once" is one conditional statement, so two
 * replicas racing get one winner.
 */
import type { TriageCardRecord, TriageCardStore } from "../../../governance/store.js";
import { conversationFromColumns, conversationParams, toDate, toDateOrNull, type StoreContext } from "./context.js";

interface CardRow {
  sar_id: string;
  conversation_platform: string;
  conversation_tenant_id: string;
  conversation_id: string;
  conversation_thread_id: string;
  message_id: string;
  created_at: unknown;
}

interface FollowRow {
  sar_id: string;
  fingerprint: string | null;
  last_checked_at: unknown;
}

function toCard(row: CardRow): TriageCardRecord {
  return {
    sarId: row.sar_id,
    conversation: conversationFromColumns(row.conversation_platform, row.conversation_tenant_id, row.conversation_id, row.conversation_thread_id),
    messageId: row.message_id,
    createdAt: toDate(row.created_at),
  };
}

/** The triage-card half of the store over one session. */
export function triageCardMethods({ db, clock }: StoreContext): TriageCardStore {
  return {
    putTriageCard: async ({ sarId, conversation, messageId }) => {
      const now = clock.now();
      await db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO triage_cards (sar_id, conversation_platform, conversation_tenant_id, conversation_id,
                                     conversation_thread_id, message_id, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT DO NOTHING`,
          [sarId, ...conversationParams(conversation), messageId, now],
        );
        // A review already seen CLOSED stays unfollowed: it no longer changes.
        await tx.query("INSERT INTO triage_follows (sar_id, created_at) VALUES ($1, $2) ON CONFLICT (sar_id) DO NOTHING", [sarId, now]);
      });
    },

    listTriageCards: async (sarId) => {
      const { rows } = await db.query<CardRow>(
        "SELECT * FROM triage_cards WHERE sar_id = $1 ORDER BY created_at, message_id",
        [sarId],
      );
      return rows.map(toCard);
    },

    claimTriagePosting: async (sarId) => {
      const { rowCount } = await db.query(
        "INSERT INTO triage_postings (sar_id, claimed_at) VALUES ($1, $2) ON CONFLICT (sar_id) DO NOTHING",
        [sarId, clock.now()],
      );
      return rowCount === 1;
    },

    listFollowedTriage: async (limit) => {
      const { rows } = await db.query<FollowRow>(
        `SELECT sar_id, fingerprint, last_checked_at FROM triage_follows WHERE NOT closed
         ORDER BY last_checked_at NULLS FIRST, created_at, sar_id LIMIT $1`,
        [limit],
      );
      return rows.map((row) => ({ sarId: row.sar_id, fingerprint: row.fingerprint, lastCheckedAt: toDateOrNull(row.last_checked_at) }));
    },

    recordTriageSeen: async (sarId, fingerprint, closed, at) => {
      // A concurrent second writer waits on the row, then finds the fingerprint already stored: only one wins.
      const { rowCount } = await db.query(
        `UPDATE triage_follows SET fingerprint = $2, closed = closed OR $3, last_checked_at = $4
         WHERE sar_id = $1 AND fingerprint IS DISTINCT FROM $2`,
        [sarId, fingerprint, closed, at],
      );
      if (rowCount > 0) return true;
      // Nothing new: the look still counts, so the least recently checked go first next time.
      await db.query("UPDATE triage_follows SET closed = closed OR $2, last_checked_at = $3 WHERE sar_id = $1", [sarId, closed, at]);
      return false;
    },
  };
}
