/**
 * The triage cards aggregate: which chat messages show a review's shared
 * triage card (so actions and the watch update them in place), whether the
 * launch thread already got its card, and what the watch last saw of the
 * review (a fingerprint of its status and items) until it closes.
 */
import type { ConversationKey } from "../actor.js";

export interface TriageCardRecord {
  sarId: string;
  conversation: ConversationKey;
  /** The chat message showing the card (Slack `ts`, Teams activity id). */
  messageId: string;
  createdAt: Date;
}

/** A review with at least one card that the watch still follows (not known CLOSED). */
export interface FollowedTriage {
  sarId: string;
  /** What the watch saw last (`null` before its first look). */
  fingerprint: string | null;
  lastCheckedAt: Date | null;
}

export interface TriageCardStore {
  /** Records a card message; idempotent per (sarId, conversation, messageId). The review is followed from then on. */
  putTriageCard(card: { sarId: string; conversation: ConversationKey; messageId: string }): Promise<void>;
  /** Every card message of a review, oldest first. */
  listTriageCards(sarId: string): Promise<TriageCardRecord[]>;
  /**
   * True only for the first caller per review: the launch thread gets its
   * card once, whichever replica saw the review become ACTIVE first.
   */
  claimTriagePosting(sarId: string): Promise<boolean>;
  /** Reviews the watch still follows, least recently checked first. */
  listFollowedTriage(limit: number): Promise<FollowedTriage[]>;
  /**
   * Stores what the watch saw; `closed` stops following the review. Returns
   * false when another replica already recorded `fingerprint` (it posts, this one does not).
   */
  recordTriageSeen(sarId: string, fingerprint: string, closed: boolean, at: Date): Promise<boolean>;
}
