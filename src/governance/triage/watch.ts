/**
 * The watch's part in triage (PRODUCT.md 4.4, "always current"): the launch
 * thread gets its card once the review is ACTIVE, and every review with a
 * card is followed until it closes. A change made elsewhere (the Admin
 * Console, the End-User Dashboard) updates each card in place; the closing
 * is posted once in the launch thread with its summary, and the card turns
 * read-only. Two replicas make one post: the launch card behind
 * `claimTriagePosting`, each change behind `recordTriageSeen`.
 */
import type { Logger } from "pino";
import { conversationKeyString, type ConversationKey } from "../actor.js";
import type { GovernanceEvent, Notifier } from "../notifier.js";
import { OktaError, OktaNotFound, OktaRateLimited } from "../okta/errors.js";
import type { SecurityAccessReview } from "../okta/types.js";
import type { Clock } from "../ports.js";
import { launchThread } from "../sar/views.js";
import type { FollowedTriage, GovernanceStore, WatchRecord } from "../store.js";
import { triageFingerprint } from "./fingerprint.js";
import type { TriageCardRef, TriageClosingSummary, TriageView, TriageViews } from "./types.js";

export { triageFingerprint };

export interface TriageWatchOptions {
  store: GovernanceStore;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
  /** The triage service, when composed (read at each use). */
  views: () => TriageViews | undefined;
}

/** What one round over the followed reviews did. */
export interface TriageRoundReport {
  /** Reviews read from Okta. */
  checked: number;
  /** Reviews found changed (and recorded by this replica). */
  changed: number;
  /** Card updates and closing summaries posted. */
  notified: number;
  /** Reviews no longer followed after this round (closed, failed or gone). */
  ended: number;
  /** Why the round stopped before the end of its list, if it did. */
  stopped?: "rate-limited" | "lease-expired";
}

/** Limits of one round, owned by the poller. */
export interface TriageRoundLimits {
  maxReviews: number;
  /** True once the poller should make no more Okta calls (its lease is over). */
  leaseOver: () => boolean;
  /** True while Okta's governance budget is backed off. */
  backedOff: () => boolean;
  /** Okta said 429: back off for `retryAfterMs`. */
  rateLimited: (retryAfterMs: number) => void;
}

export interface TriageWatch {
  /**
   * A SAR watch saw the review turn ACTIVE: when the watch is the launch's
   * own (its conversation is the launch thread), the thread gets the card,
   * once across replicas. True when this call posted it.
   */
  reviewActive(watch: WatchRecord, sar: SecurityAccessReview): Promise<boolean>;
  /** Reads the reviews with cards, least recently checked first, and posts what changed. */
  followRound(limits: TriageRoundLimits): Promise<TriageRoundReport | undefined>;
  /**
   * True when the closing of `sar` will be posted in `watch`'s conversation with its summary: the
   * conversation holds the review's launch card (the first card recorded), which is followed until it
   * closes. The watch's own status line would then say the same thing twice.
   */
  postsClosing(watch: WatchRecord, sar: SecurityAccessReview): Promise<boolean>;
}

const MAX_ID = 512;

/**
 * Records the chat message showing a review's shared card (`attachTriageCard`), so the watch
 * follows the review and updates the card in place. Ids come from the platform; a malformed one
 * is refused with a clear error and nothing is stored.
 */
export async function attachTriageCard(store: GovernanceStore, ref: TriageCardRef, conversation: ConversationKey): Promise<void> {
  const usable = (id: unknown): boolean => typeof id === "string" && id.trim() !== "" && id.length <= MAX_ID;
  if (!usable(ref.sarId) || !usable(ref.messageId)) {
    throw new Error(`a triage card needs a SAR id and a message id of 1 to ${MAX_ID} characters`);
  }
  await store.putTriageCard({ sarId: ref.sarId, conversation, messageId: ref.messageId });
}

/** A launched SAR's name ends with its launch reference (`buildSarName`). */
function referenceOf(sar: Pick<SecurityAccessReview, "name">): string | undefined {
  const last = sar.name.trim().split(/\s+/).pop();
  return last === undefined || last === "" ? undefined : last;
}

const FINAL = new Set(["CLOSED", "ERROR"]);

export function createTriageWatch(options: TriageWatchOptions): TriageWatch {
  const { store, notifier, clock, logger } = options;

  async function isLaunchWatch(watch: WatchRecord, sar: SecurityAccessReview): Promise<boolean> {
    const reference = referenceOf(sar);
    if (reference === undefined) return false;
    const launch = await store.getLaunchByReference(reference);
    return launch !== null && launch.sarId === sar.id && conversationKeyString(launchThread(launch)) === conversationKeyString(watch.conversation);
  }

  /** Posts one event; a refusal is logged and the rest go on (the change is recorded already). */
  async function post(conversation: ConversationKey, event: GovernanceEvent, sarId: string): Promise<boolean> {
    try {
      await notifier.notify(conversation, event);
      return true;
    } catch (err) {
      logger.warn({ err, sarId, event: event.type }, "could not post a triage card change");
      return false;
    }
  }

  /** Logs a failed read; true when the round must stop (rate limit). */
  function readFailed(err: unknown, sarId: string, limits: TriageRoundLimits): boolean {
    if (err instanceof OktaRateLimited) {
      limits.rateLimited(err.retryAfterMs);
      logger.warn({ ...err.toLog(), sarId }, "triage watch rate-limited; the rest waits for a later round");
      return true;
    }
    if (err instanceof OktaError) logger.warn({ ...err.toLog(), sarId }, "could not read a followed review; will try again");
    else logger.error({ err, sarId }, "could not read a followed review; will try again");
    return false;
  }

  async function followOne(views: TriageViews, followed: FollowedTriage, limits: TriageRoundLimits, report: TriageRoundReport): Promise<"stop" | "next"> {
    const { sarId } = followed;
    let view: TriageView;
    let summary: TriageClosingSummary | undefined;
    try {
      view = await views.sharedView(sarId, { fresh: true });
      report.checked += 1;
      // Read before anything is recorded: if the summary cannot be read, the next round tries again.
      if (view.sar.status === "CLOSED") summary = await views.closingSummary(sarId);
    } catch (err) {
      if (err instanceof OktaNotFound) {
        // The review is gone from Okta: nothing will change any more.
        await store.recordTriageSeen(sarId, "gone", true, clock.now());
        report.ended += 1;
        logger.warn({ ...err.toLog(), sarId }, "a followed review is gone from Okta; its cards stay as they are");
        return "next";
      }
      return readFailed(err, sarId, limits) ? "stop" : "next";
    }
    const fingerprint = triageFingerprint(view);
    const final = FINAL.has(view.sar.status);
    // The first look only records what the card was posted with, unless the review has ended since:
    // a card left with buttons on a closed review would invite clicks Okta refuses.
    // An unchanged review only counts as checked.
    if ((followed.fingerprint === null && !final) || followed.fingerprint === fingerprint) {
      await store.recordTriageSeen(sarId, fingerprint, final, clock.now());
      return "next";
    }
    if (!(await store.recordTriageSeen(sarId, fingerprint, final, clock.now()))) return "next";
    report.changed += 1;
    if (final) report.ended += 1;
    views.invalidate(sarId);
    const cards = await store.listTriageCards(sarId);
    for (const card of cards) {
      if (await post(card.conversation, { type: "triage-updated", triage: view, messageId: card.messageId }, sarId)) report.notified += 1;
    }
    const launchCard = cards[0];
    if (summary !== undefined && launchCard !== undefined) {
      if (await post(launchCard.conversation, { type: "review-closed", triage: view, summary }, sarId)) report.notified += 1;
    }
    return "next";
  }

  return {
    async postsClosing(watch, sar) {
      if (options.views() === undefined) return false;
      const [launchCard] = await store.listTriageCards(sar.id);
      return launchCard !== undefined && conversationKeyString(launchCard.conversation) === conversationKeyString(watch.conversation);
    },

    async reviewActive(watch, sar) {
      const views = options.views();
      if (views === undefined || !(await isLaunchWatch(watch, sar))) return false;
      // Read before claiming: a failed read leaves the claim for a later look.
      const triage = await views.sharedView(sar.id, { fresh: true });
      if (!(await store.claimTriagePosting(sar.id))) return false;
      await notifier.notify(watch.conversation, { type: "triage-card", triage });
      return true;
    },

    async followRound(limits) {
      const views = options.views();
      if (views === undefined) return undefined;
      const report: TriageRoundReport = { checked: 0, changed: 0, notified: 0, ended: 0 };
      const followed = await store.listFollowedTriage(limits.maxReviews);
      for (const review of followed) {
        if (limits.leaseOver()) report.stopped = "lease-expired";
        else if (limits.backedOff()) report.stopped = "rate-limited";
        if (report.stopped !== undefined) break;
        if ((await followOne(views, review, limits, report)) === "stop") {
          report.stopped = "rate-limited";
          break;
        }
      }
      return report;
    },
  };
}
