/**
 * One poll round over every due watch (PRODUCT.md 4.1 step 5, 4.2, 8).
 * Okta calls are bounded per round, not per watch: one filtered list
 * (`lastUpdated gt`) per kind, paged, plus counts for a SAR that just turned
 * ACTIVE. Watches are claimed with a lease first, so two pollers (two
 * replicas, or a slow round and the next) never post the same change.
 * Every call is `background`: a person's command keeps the budget, and a
 * 429 backs the poller off until the window resets. When people's calls
 * wait for a bucket (a burst of launches), the poller does not queue up
 * behind them: it defers that kind's watches and stays away until the
 * window it would have waited for.
 */
import type { Logger } from "pino";
import type { GovernanceEvent, Notifier } from "../notifier.js";
import { OktaError, OktaRateLimited } from "../okta/errors.js";
import type { RateLimitWait } from "../ports.js";
import type { AccessRequest, SecurityAccessReview } from "../okta/types.js";
import type { CallOptions, Clock, OktaGovernance } from "../ports.js";
import type { PeopleLookup } from "../requests/people.js";
import { sarViewWithCounts } from "../requests/sar-status.js";
import { peopleOf, toRequestView } from "../requests/views.js";
import type { GovernanceStore, WatchKind, WatchRecord } from "../store.js";
import type { TriageRoundReport, TriageWatch } from "../triage/watch.js";
import { requestsChangedSince, sarsChangedSince, type Changes } from "./changes.js";
import { RateLimitBackoff } from "./rate-limit-backoff.js";
import { isFinalRequest, isFinalSar, requestState, statusOf } from "./watch-state.js";

export interface PollerOptions {
  okta: OktaGovernance;
  store: GovernanceStore;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
  people: PeopleLookup;
  intervalMs: number;
  /** Watches taken per round (default 1000); the rest wait for the next round. */
  maxWatches?: number;
  /** Pages of changes read per kind and round (default 5). */
  maxPages?: number;
  /** Items per page (default 200, Okta's maximum). */
  pageSize?: number;
  /** How far back each round looks beyond the last one, for clock skew between Okta and the bot (default 2 min). */
  overlapMs?: number;
  /**
   * How long a round holds the watches it claimed (default one interval).
   * A round that outlives its lease stops posting: another poller may hold them by then.
   */
  leaseMs?: number;
  /** Triage cards (PRODUCT 4.4): the launch thread's card, and the reviews with cards followed until they close. */
  triage?: TriageWatch;
  /** Reviews with cards read per round (default 25), least recently checked first. */
  maxTriage?: number;
}

export interface PollReport {
  claimed: number;
  notified: number;
  deactivated: number;
  /** Kinds left for a later round, and why. */
  skipped: { kind: WatchKind; reason: "rate-limited" | "okta-error" | "lease-expired" | "deferred" }[];
  /** Okta list pages read. */
  listCalls: number;
  /** Launch threads given their triage card this round. */
  triageCards?: number;
  /** Status changes not posted as a line because another message says them (a closed review's triage closing). */
  saidElsewhere?: number;
  /** The round over reviews with triage cards, when triage is on. */
  triage?: TriageRoundReport;
}

interface KindPoller<T extends { id: string }> {
  kind: WatchKind;
  /** The Okta client's rate-limit bucket the lists spend. */
  bucket: string;
  changedSince(since: Date, call: CallOptions): Promise<Changes<T>>;
  state(item: T): string;
  isFinal(item: T): boolean;
  event(item: T, previousStatus: string | null, call: CallOptions): Promise<GovernanceEvent>;
  /** After a change was posted to `watch`'s conversation. */
  posted?(watch: WatchRecord, item: T, round: Round): Promise<void>;
  /** True when another message says this change in `watch`'s conversation, so the status line is not posted (the change is still recorded). */
  saidElsewhere?(watch: WatchRecord, item: T): Promise<boolean>;
}

/** One round: when it started, its Okta call options (background, ending with the lease) and its report. */
interface Round {
  started: Date;
  call: CallOptions & { signal: AbortSignal };
  report: PollReport;
}

/**
 * The check time to record when unread pages may hold changes: the next
 * round must start where the changes read end (`readUpTo`, the second of
 * the last change read). That time is Okta's own, so the skew allowance
 * the next round subtracts is added back. Without an order by time, the
 * checks stay where they were.
 */
function resumePoint(found: Pick<Changes<{ id: string }>, "readUpTo">, oldest: number, overlapMs: number): Date {
  return found.readUpTo === undefined ? new Date(oldest) : new Date(found.readUpTo.getTime() + overlapMs);
}

/** Builds the poll round; each call runs one round and reports what it did. */
export function createPoller(options: PollerOptions): () => Promise<PollReport> {
  const { okta, store, notifier, clock, logger, people, intervalMs } = options;
  const maxWatches = options.maxWatches ?? 1000;
  const paging = { maxPages: options.maxPages ?? 5, pageSize: options.pageSize ?? 200 };
  const overlapMs = options.overlapMs ?? 120_000;
  const leaseMs = options.leaseMs ?? intervalMs;
  const backoff = new RateLimitBackoff(clock, intervalMs);
  const { triage } = options;
  const maxTriage = options.maxTriage ?? 25;

  const requests: KindPoller<AccessRequest> = {
    kind: "request",
    bucket: "governance-requests",
    changedSince: (since, call) => requestsChangedSince(okta, since, { ...paging, call }),
    state: requestState,
    isFinal: isFinalRequest,
    event: async (request, previousStatus, call) => {
      const known = await people(peopleOf(request), call);
      return { type: "request-status-changed", request: toRequestView(request, known), previousStatus };
    },
  };
  const sars: KindPoller<SecurityAccessReview> = {
    kind: "sar",
    bucket: "governance-sar",
    changedSince: (since, call) => sarsChangedSince(okta, since, { ...paging, call }),
    state: (sar) => sar.status,
    isFinal: isFinalSar,
    event: async (sar, previousStatus, call) => ({
      type: "sar-status-changed",
      sar: await sarViewWithCounts(okta, sar, call, logger),
      previousStatus,
    }),
    // The launch thread's triage card gets the closing with its summary (PRODUCT 4.4): no "ACTIVE → CLOSED" line beside it.
    saidElsewhere: async (watch, sar) => triage !== undefined && sar.status === "CLOSED" && (await triage.postsClosing(watch, sar)),
    posted: async (watch, sar, round) => {
      if (triage === undefined || sar.status !== "ACTIVE") return;
      try {
        if (await triage.reviewActive(watch, sar)) round.report.triageCards = (round.report.triageCards ?? 0) + 1;
      } catch (err) {
        if (err instanceof OktaRateLimited) backoff.hit(sars.bucket, err.retryAfterMs);
        const fields = err instanceof OktaError ? err.toLog() : { err };
        logger.warn({ ...fields, sarId: sar.id, watchId: watch.id }, "could not post the triage card in the launch thread; /sar review shows it");
      }
    },
  };

  /**
   * The round's call options for one kind, and whether a call of it came to wait behind people's
   * calls: that call is aborted at once, so the poller defers rather than queue up.
   */
  function yieldingCall(round: Round): { call: CallOptions; deferredMs: () => number | undefined } {
    const yielded = new AbortController();
    let deferredMs: number | undefined;
    const onRateLimitWait = (wait: RateLimitWait): void => {
      if (wait.behindInteractive !== true || deferredMs !== undefined) return;
      deferredMs = wait.waitMs;
      yielded.abort(new Error(`watch poll deferred: people's calls wait for ${wait.bucket}`));
    };
    const call: CallOptions = { ...round.call, signal: AbortSignal.any([round.call.signal, yielded.signal]), onRateLimitWait };
    return { call, deferredMs: () => deferredMs };
  }

  const leaseOver = (round: Round): boolean => round.call.signal.aborted || clock.now().getTime() - round.started.getTime() >= leaseMs;

  async function pollKind<T extends { id: string }>(kp: KindPoller<T>, watches: WatchRecord[], round: Round): Promise<void> {
    const { report } = round;
    const skip = (reason: PollReport["skipped"][number]["reason"]) => report.skipped.push({ kind: kp.kind, reason });
    if (backoff.active(kp.bucket)) {
      skip("rate-limited");
      return;
    }
    const { call, deferredMs } = yieldingCall(round);
    /** After a deferral: the kind's remaining watches stay leased and come due after the lease, with nothing lost. */
    const deferred = (): boolean => {
      const waitMs = deferredMs();
      if (waitMs === undefined) return false;
      backoff.hit(kp.bucket, waitMs);
      skip("deferred");
      logger.debug({ kind: kp.kind, bucket: kp.bucket, waitMs }, "watch poll deferred: people's calls go first");
      return true;
    };
    // Each watch has seen every change up to its last check; the oldest check bounds the list.
    const oldest = Math.min(...watches.map((w) => (w.lastCheckedAt ?? w.createdAt).getTime()));
    let found: Changes<T>;
    try {
      found = await kp.changedSince(new Date(oldest - overlapMs), call);
    } catch (err) {
      if (deferred()) return;
      if (round.call.signal.aborted) {
        skip("lease-expired");
        return;
      }
      if (!(err instanceof OktaError)) throw err;
      if (err instanceof OktaRateLimited) backoff.hit(kp.bucket, err.retryAfterMs);
      skip(err instanceof OktaRateLimited ? "rate-limited" : "okta-error");
      // The watches stay leased: they come due again after the lease, with nothing lost.
      logger.warn({ ...err.toLog(), kind: kp.kind, watches: watches.length }, "watch poll skipped this round");
      return;
    }
    report.listCalls += found.calls;
    if (found.truncated) logger.warn({ kind: kp.kind, pages: found.calls }, "more changes than one poll reads; the rest wait for the next round");
    if (found.secondOverflowed === true) {
      logger.warn({ kind: kp.kind, pages: found.calls, skippedTo: found.readUpTo }, "more changes within one second than one poll reads; later changes of that second may not be posted");
    }
    const checkedAt = found.truncated ? resumePoint(found, oldest, overlapMs) : round.started;
    const nextCheckAt = new Date(round.started.getTime() + Math.floor(intervalMs / 2));
    // Threads watching the same object get the same event, built (and its counts fetched) once.
    const events = new Map<string, Promise<GovernanceEvent>>();
    const eventFor = (item: T, previous: string | null): Promise<GovernanceEvent> => {
      const key = `${item.id}\u0000${previous ?? ""}`;
      let event = events.get(key);
      if (event === undefined) events.set(key, (event = kp.event(item, previous, call)));
      return event;
    };
    for (const watch of watches) {
      if (leaseOver(round)) {
        logger.warn({ kind: kp.kind }, "watch poll outlived its lease; the rest of its watches go to the next round");
        skip("lease-expired");
        return;
      }
      const item = found.byId.get(watch.oktaId);
      const state = item === undefined ? watch.lastStatus : kp.state(item);
      if (item !== undefined && state !== watch.lastStatus) {
        try {
          if (await kp.saidElsewhere?.(watch, item)) {
            report.saidElsewhere = (report.saidElsewhere ?? 0) + 1;
          } else {
            await notifier.notify(watch.conversation, await eventFor(item, statusOf(watch.lastStatus)));
            report.notified += 1;
          }
        } catch (err) {
          if (deferred()) return;
          // Left leased and unrecorded, so the next round after the lease posts it again.
          logger.warn({ err, watchId: watch.id, kind: kp.kind, oktaId: watch.oktaId }, "could not post a status change; will retry");
          continue;
        }
        await kp.posted?.(watch, item, round);
        if (kp.isFinal(item) && (await store.deactivateWatch(watch.id))) report.deactivated += 1;
      }
      await store.recordWatchCheck(watch.id, { status: state, nextCheckAt, checkedAt });
    }
  }

  return async () => {
    const started = clock.now();
    // Okta waits (rate-limit windows, retries) end with the lease, in real time.
    const round: Round = {
      started,
      call: { priority: "background", signal: AbortSignal.timeout(leaseMs) },
      report: { claimed: 0, notified: 0, deactivated: 0, skipped: [], listCalls: 0 },
    };
    const claimed = await store.claimDueWatches({ now: started, limit: maxWatches, leaseMs });
    round.report.claimed = claimed.length;
    const requestWatches = claimed.filter((w) => w.kind === "request");
    const sarWatches = claimed.filter((w) => w.kind === "sar");
    if (requestWatches.length > 0) await pollKind(requests, requestWatches, round);
    if (sarWatches.length > 0) await pollKind(sars, sarWatches, round);
    if (triage !== undefined) {
      const followed = await triage.followRound({
        maxReviews: maxTriage,
        leaseOver: () => leaseOver(round),
        backedOff: () => backoff.active(sars.bucket),
        rateLimited: (retryAfterMs) => backoff.hit(sars.bucket, retryAfterMs),
      });
      if (followed !== undefined) round.report.triage = followed;
    }
    if (round.report.claimed > 0 || (round.report.triage?.checked ?? 0) > 0) logger.debug({ ...round.report }, "watch poll round");
    return round.report;
  };
}
