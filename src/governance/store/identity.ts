/**
 * The identity aggregate: admin-made links from chat users to Okta users,
 * and the short-lived cache of Okta lookups.
 */
import type { ChatPlatform } from "../actor.js";
import type { OktaUserId } from "../okta/types.js";
import type { JsonValue } from "./json.js";
import type { MappedChatUser } from "./launches.js";

/** Identifies a chat user on one platform workspace/tenant. */
export interface ChatUserKey {
  platform: ChatPlatform;
  tenantId: string;
  chatUserId: string;
}

export interface IdentityLink extends ChatUserKey {
  oktaUserId: OktaUserId;
  oktaLogin: string;
  /** The admin who made the link. */
  linkedBy: MappedChatUser;
  linkedAt: Date;
}

export type NewIdentityLink = Omit<IdentityLink, "linkedAt">;

export interface IdentityStore {
  getIdentityLink(key: ChatUserKey): Promise<IdentityLink | null>;
  upsertIdentityLink(link: NewIdentityLink): Promise<IdentityLink>;
  /** True when a link was removed. */
  deleteIdentityLink(key: ChatUserKey): Promise<boolean>;

  /** The cached value, or undefined when absent or expired. */
  getCached(key: string): Promise<JsonValue | undefined>;
  /** The cached value with the time it expires at (judged by the store's clock), or undefined when absent or expired. */
  getCachedEntry(key: string): Promise<{ value: JsonValue; expiresAt: Date } | undefined>;
  putCached(key: string, value: JsonValue, options: { ttlMs: number }): Promise<void>;
  deleteCached(key: string): Promise<void>;
  /** Deletes expired entries; returns how many. */
  purgeExpiredCache(now?: Date): Promise<number>;
}
