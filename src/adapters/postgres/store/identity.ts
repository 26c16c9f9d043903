/**
 * Identity links (an admin's explicit chat user -> Okta user mapping) and
 * the identity cache (JSON values with an expiry judged by the store clock).
 */
import type { ChatPlatform } from "../../../governance/actor.js";
import type { OktaUserId } from "../../../governance/okta/types.js";
import type { GovernanceStore, IdentityLink, JsonValue } from "../../../governance/store.js";
import { jsonParam, toDate, type StoreContext } from "./context.js";

interface LinkRow {
  platform: string;
  tenant_id: string;
  chat_user_id: string;
  okta_user_id: string;
  okta_login: string;
  linked_by_platform: string;
  linked_by_tenant_id: string;
  linked_by_chat_user_id: string;
  linked_by_okta_user_id: string;
  linked_at: unknown;
}

function toLink(row: LinkRow): IdentityLink {
  return {
    platform: row.platform as ChatPlatform,
    tenantId: row.tenant_id,
    chatUserId: row.chat_user_id,
    oktaUserId: row.okta_user_id as OktaUserId,
    oktaLogin: row.okta_login,
    linkedBy: {
      platform: row.linked_by_platform as ChatPlatform,
      tenantId: row.linked_by_tenant_id,
      chatUserId: row.linked_by_chat_user_id,
      oktaUserId: row.linked_by_okta_user_id as OktaUserId,
    },
    linkedAt: toDate(row.linked_at),
  };
}

export type IdentityMethods = Pick<
  GovernanceStore,
  "getIdentityLink" | "upsertIdentityLink" | "deleteIdentityLink" | "getCached" | "getCachedEntry" | "putCached" | "deleteCached" | "purgeExpiredCache"
>;

/** Identity links and cache over one session. */
export function identityMethods({ db, clock }: StoreContext): IdentityMethods {
  return {
    getIdentityLink: async ({ platform, tenantId, chatUserId }) => {
      const { rows } = await db.query<LinkRow>(
        "SELECT * FROM identity_links WHERE platform = $1 AND tenant_id = $2 AND chat_user_id = $3",
        [platform, tenantId, chatUserId],
      );
      return rows[0] === undefined ? null : toLink(rows[0]);
    },

    upsertIdentityLink: async (link) => {
      const { rows } = await db.query<LinkRow>(
        `INSERT INTO identity_links (platform, tenant_id, chat_user_id, okta_user_id, okta_login, linked_by_platform,
                                     linked_by_tenant_id, linked_by_chat_user_id, linked_by_okta_user_id, linked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (platform, tenant_id, chat_user_id) DO UPDATE SET
           okta_user_id = EXCLUDED.okta_user_id, okta_login = EXCLUDED.okta_login,
           linked_by_platform = EXCLUDED.linked_by_platform, linked_by_tenant_id = EXCLUDED.linked_by_tenant_id,
           linked_by_chat_user_id = EXCLUDED.linked_by_chat_user_id,
           linked_by_okta_user_id = EXCLUDED.linked_by_okta_user_id, linked_at = EXCLUDED.linked_at
         RETURNING *`,
        [
          link.platform,
          link.tenantId,
          link.chatUserId,
          link.oktaUserId,
          link.oktaLogin,
          link.linkedBy.platform,
          link.linkedBy.tenantId,
          link.linkedBy.chatUserId,
          link.linkedBy.oktaUserId,
          clock.now(),
        ],
      );
      return toLink(rows[0]!);
    },

    deleteIdentityLink: async ({ platform, tenantId, chatUserId }) => {
      const { rowCount } = await db.query(
        "DELETE FROM identity_links WHERE platform = $1 AND tenant_id = $2 AND chat_user_id = $3",
        [platform, tenantId, chatUserId],
      );
      return rowCount > 0;
    },

    getCached: async (key) => {
      const { rows } = await db.query<{ value: JsonValue }>(
        "SELECT value FROM identity_cache WHERE key = $1 AND expires_at > $2",
        [key, clock.now()],
      );
      return rows[0]?.value;
    },

    getCachedEntry: async (key) => {
      const { rows } = await db.query<{ value: JsonValue; expires_at: unknown }>(
        "SELECT value, expires_at FROM identity_cache WHERE key = $1 AND expires_at > $2",
        [key, clock.now()],
      );
      const row = rows[0];
      return row === undefined ? undefined : { value: row.value, expiresAt: toDate(row.expires_at) };
    },

    putCached: async (key, value, { ttlMs }) => {
      await db.query(
        `INSERT INTO identity_cache (key, value, expires_at) VALUES ($1, $2::text::jsonb, $3)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`,
        [key, jsonParam(value), new Date(clock.now().getTime() + ttlMs)],
      );
    },

    deleteCached: async (key) => {
      await db.query("DELETE FROM identity_cache WHERE key = $1", [key]);
    },

    purgeExpiredCache: async (now = clock.now()) => {
      const { rowCount } = await db.query("DELETE FROM identity_cache WHERE expires_at <= $1", [now]);
      return rowCount;
    },
  };
}
