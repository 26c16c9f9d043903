/**
 * `/sar watch <id>` and the poll behind it: a watch remembers the status
 * seen when it started (so that status is not announced as a change), and
 * a scheduled job posts later changes into the conversation.
 */
import type { Logger } from "pino";
import type { Actor, ConversationKey } from "../actor.js";
import type { IdentityResolver } from "../identity/types.js";
import type { JobQueue } from "../jobs.js";
import type { Notifier } from "../notifier.js";
import type { Clock, OktaGovernance } from "../ports.js";
import type { Reply } from "../replies.js";
import { interactive } from "../requests/call-options.js";
import { errorReplyFor } from "../error-reply.js";
import { parseOktaObjectId, type OktaObjectRef } from "../requests/ids.js";
import { createPeopleLookup, type PeopleLookup } from "../requests/people.js";
import type { GovernanceStore } from "../store.js";
import { createTriageWatch } from "../triage/watch.js";
import type { TriageViews } from "../triage/types.js";
import { createPoller, type PollerOptions, type PollReport } from "./poller.js";
import { pollCron, WATCH_POLL_QUEUE } from "./schedule.js";
import { isFinalRequest, isFinalSar, requestState } from "./watch-state.js";

export interface WatchServiceOptions {
  okta: OktaGovernance;
  /** Role checks (`sar.read` / `request.read`) for starting a watch. */
  identity: IdentityResolver;
  store: GovernanceStore;
  notifier: Notifier;
  jobs: JobQueue;
  clock: Clock;
  logger: Logger;
  /** How often watches are polled: whole minutes, at least one. */
  intervalMs: number;
  people?: PeopleLookup;
  /** Tuning of the poll round; see `PollerOptions`. */
  poll?: Pick<PollerOptions, "maxWatches" | "maxPages" | "pageSize" | "overlapMs" | "maxTriage">;
  /** The triage service's views, read at each round (absent: no triage cards are posted or followed). */
  triageViews?: () => TriageViews | undefined;
}

export interface WatchService {
  /** Starts watching a SAR or request for `conversation` (`watch-started`); idempotent. */
  watch(actor: Actor, id: string, conversation: ConversationKey): Promise<Reply>;
  /** Runs one poll round now (the scheduled job calls this). */
  pollOnce(): Promise<PollReport>;
  /** Creates the poll queue, its cron schedule and this replica's worker. */
  start(): Promise<void>;
}

interface Current {
  status: string;
  state: string;
  final: boolean;
}

/** Builds the watch commands and the poller; throws at once on an interval cron cannot express. */
export function createWatchService(options: WatchServiceOptions): WatchService {
  const { okta, identity, store, jobs, clock, logger, intervalMs } = options;
  const cron = pollCron(intervalMs);
  const people = options.people ?? createPeopleLookup({ okta, store, logger });
  const triageViews = options.triageViews;
  const triage = triageViews === undefined ? undefined : createTriageWatch({ store, notifier: options.notifier, clock, logger, views: triageViews });
  const poll = createPoller({ ...options.poll, okta, store, notifier: options.notifier, clock, logger, people, intervalMs, ...(triage !== undefined && { triage }) });

  async function current(ref: OktaObjectRef, actor: Actor): Promise<Current> {
    if (ref.kind === "sar") {
      const sar = await okta.getSecurityAccessReview(ref.id, interactive(actor));
      return { status: sar.status, state: sar.status, final: isFinalSar(sar) };
    }
    const request = await okta.getRequest(ref.id, interactive(actor));
    return { status: request.status, state: requestState(request), final: isFinalRequest(request) };
  }

  return {
    async watch(actor, rawId, conversation) {
      let notFound: string | undefined;
      try {
        const ref = parseOktaObjectId(rawId);
        const what = ref.kind === "sar" ? "security access review" : "access request";
        notFound = `No ${what} ${ref.id} in Okta.`;
        const { user } = await identity.authorize(actor, ref.kind === "sar" ? "sar.read" : "request.read");
        const seenAt = clock.now();
        const now = await current(ref, actor);
        if (now.final) {
          return { type: "text", text: `The ${what} ${ref.id} is already ${now.status}; it will not change any more, so there is nothing to watch.` };
        }
        const { watch, created } = await store.addWatch({ kind: ref.kind, oktaId: ref.id, conversation, createdBy: user.id, lastStatus: now.state });
        // A reactivated watch keeps its old check time; the status just read is as of now.
        if (created) await store.recordWatchCheck(watch.id, { status: now.state, nextCheckAt: watch.nextCheckAt, checkedAt: seenAt });
        return { type: "watch-started", kind: ref.kind, id: ref.id, alreadyWatching: !created, currentStatus: now.status };
      } catch (err) {
        return errorReplyFor(err, { logger, correlationId: actor.correlationId, ...(notFound && { notFound }) });
      }
    },

    pollOnce: poll,

    async start() {
      // Stately: one poll waiting and one running at most, so a slow round never piles up ticks.
      await jobs.createQueue(WATCH_POLL_QUEUE, { policy: "stately", retryLimit: 0, expireInSeconds: Math.max(60, Math.ceil((intervalMs * 2) / 1000)) });
      await jobs.work(WATCH_POLL_QUEUE, { batchSize: 1 }, async () => {
        await poll();
      });
      await jobs.schedule(WATCH_POLL_QUEUE, cron);
    },
  };
}
