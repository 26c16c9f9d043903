/**
 * Conversation references (what Teams needs to post into a thread later,
 * from any replica) and inbound idempotency claims.
 */
import type { ConversationReferenceStore, InboundClaimStore, JsonValue } from "../../../governance/store.js";
import { conversationParams, jsonParam, type StoreContext } from "./context.js";

export type ConversationMethods = ConversationReferenceStore & InboundClaimStore;

/** Conversation references and inbound claims over one session. */
export function conversationMethods({ db, clock }: StoreContext): ConversationMethods {
  return {
    putConversationReference: async (key, reference) => {
      await db.query(
        `INSERT INTO conversation_references (platform, tenant_id, conversation_id, thread_id, reference, updated_at)
         VALUES ($1, $2, $3, $4, $5::text::jsonb, $6)
         ON CONFLICT (platform, tenant_id, conversation_id, thread_id)
         DO UPDATE SET reference = EXCLUDED.reference, updated_at = EXCLUDED.updated_at`,
        [...conversationParams(key), jsonParam(reference), clock.now()],
      );
    },

    getConversationReference: async (key) => {
      const { rows } = await db.query<{ reference: JsonValue }>(
        `SELECT reference FROM conversation_references
         WHERE platform = $1 AND tenant_id = $2 AND conversation_id = $3 AND thread_id = $4`,
        conversationParams(key),
      );
      return rows[0]?.reference ?? null;
    },

    claimInbound: async (key, { ttlMs, now = clock.now() }) => {
      // One statement: a concurrent second claim waits on the key's row and then finds it taken.
      const { rows } = await db.query(
        `INSERT INTO inbound_claims (key, claimed_at, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET claimed_at = EXCLUDED.claimed_at, expires_at = EXCLUDED.expires_at
         WHERE inbound_claims.expires_at <= EXCLUDED.claimed_at
         RETURNING key`,
        [key, now, new Date(now.getTime() + ttlMs)],
      );
      return rows.length === 1;
    },

    purgeExpiredInbound: async (now = clock.now()) => {
      const { rowCount } = await db.query("DELETE FROM inbound_claims WHERE expires_at <= $1", [now]);
      return rowCount;
    },
  };
}
