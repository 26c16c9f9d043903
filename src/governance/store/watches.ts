/**
 * The watches aggregate: SARs and access requests whose status changes are
 * posted to a conversation.
 */
import type { ConversationKey } from "../actor.js";
import type { OktaUserId } from "../okta/types.js";

export type WatchKind = "sar" | "request";

/** A watch id (uuid). */
export type WatchId = string & { readonly __brand: "WatchId" };

export interface WatchRecord {
  id: WatchId;
  kind: WatchKind;
  /** The SAR id or access request id being watched. */
  oktaId: string;
  conversation: ConversationKey;
  lastStatus: string | null;
  lastCheckedAt: Date | null;
  nextCheckAt: Date;
  active: boolean;
  createdBy: OktaUserId | null;
  createdAt: Date;
}

export interface NewWatch {
  kind: WatchKind;
  oktaId: string;
  conversation: ConversationKey;
  createdBy: OktaUserId | null;
  /** Status already known when the watch starts, so it is not announced again. */
  lastStatus?: string | null;
  /** Defaults to now. */
  nextCheckAt?: Date;
}

export interface WatchStore {
  /**
   * Adds a watch, idempotently per (kind, id, conversation). `created` is
   * false when an active one existed (it is returned unchanged); a
   * deactivated one is reactivated and counts as created.
   */
  addWatch(input: NewWatch): Promise<{ watch: WatchRecord; created: boolean }>;
  getWatch(id: WatchId): Promise<WatchRecord | null>;
  /** Active watches due at `now`, soonest first. */
  listDueWatches(query: { now?: Date; limit: number }): Promise<WatchRecord[]>;
  /**
   * Like listDueWatches, but pushes each returned watch's next check to
   * `now + leaseMs` in the same statement, so two pollers never take the same watch.
   */
  claimDueWatches(query: { now?: Date; limit: number; leaseMs: number }): Promise<WatchRecord[]>;
  /** Every active watch of a kind, so a poller can batch its Okta calls. */
  listActiveWatches(kind: WatchKind): Promise<WatchRecord[]>;
  /** Stores the status seen and when to look next; null when the watch does not exist. */
  recordWatchCheck(id: WatchId, check: { status: string | null; nextCheckAt: Date; checkedAt?: Date }): Promise<WatchRecord | null>;
  /** True when an active watch was deactivated. */
  deactivateWatch(id: WatchId): Promise<boolean>;
  /** Deactivates every active watch on an Okta object (e.g. a CLOSED SAR); returns how many. */
  deactivateWatchesFor(kind: WatchKind, oktaId: string): Promise<number>;
}
