/**
 * Idempotency claims: the first sight of a key (an inbound chat event, a
 * click, an Okta event, a one-time ticket) within its time to live.
 */

export interface InboundClaimStore {
  /**
   * True only for the first claim of `key` (an inbound event id, a button
   * click) within its time to live; an expired claim can be taken again.
   */
  claimInbound(key: string, options: { ttlMs: number; now?: Date }): Promise<boolean>;
  /** Deletes expired claims; returns how many. */
  purgeExpiredInbound(now?: Date): Promise<number>;
}
