/**
 * What every part of the PostgreSQL store shares: the session (pool or one
 * transaction), the clock and the id generators; plus column conversions.
 */
import type { ChatPlatform, ConversationKey } from "../../../governance/actor.js";
import type { Clock } from "../../../governance/ports.js";
import type { SqlSession } from "../sql.js";
import type { StoreIds } from "./ids.js";

export interface StoreContext {
  db: SqlSession;
  clock: Clock;
  ids: StoreIds;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids arrive from button values and job payloads; a malformed one must read as "not found", not as an SQL error. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === "string" || typeof value === "number") return new Date(value);
  throw new TypeError(`expected a timestamp, got ${typeof value}`);
}

export function toDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}

/** JSON parameters go through text so neither driver re-encodes a string. */
export function jsonParam(value: unknown): string {
  return JSON.stringify(value);
}

/** Column values of a conversation key; no thread is stored as '' so the key stays comparable with =. */
export function conversationParams(key: ConversationKey): [string, string, string, string] {
  return [key.platform, key.tenantId, key.conversationId, key.threadId ?? ""];
}

export function conversationFromColumns(platform: string, tenantId: string, conversationId: string, threadId: string): ConversationKey {
  const key: ConversationKey = { platform: platform as ChatPlatform, tenantId, conversationId };
  if (threadId !== "") key.threadId = threadId;
  return key;
}
