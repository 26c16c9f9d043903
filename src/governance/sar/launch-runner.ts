/**
 * The launch job: sends one approved launch to Okta, exactly once.
 *
 * A launch is LAUNCHING only while a SAR may be on its way. It goes back
 * to APPROVED (for a retry) only when nothing can have landed: Okta refused
 * before processing (429, connection refused), or a search for the
 * launch's reference found no SAR. Every move is a conditional UPDATE, and
 * a hand-back after a search also requires the version seen before it, so
 * two workers never both decide to send.
 */
import { OktaRateLimited, OktaUnavailable } from "../okta/index.js";
import type { SecurityAccessReview } from "../okta/types.js";
import type { LaunchId, LaunchRecord } from "../store.js";
import type { LaunchDeps } from "./deps.js";
import {
  delayReason,
  describeFailure,
  isPermanentOktaError,
  launchCorrelationId,
  noticeRateLimitWait,
  notifyDelayedOnce,
  recordFailed,
  recordLaunched,
} from "./launch-outcomes.js";
import { passStep } from "./launch-steps.js";
import { SAR_LAUNCH_QUEUE, type LaunchJobData } from "./queues.js";

export type LaunchRunResult =
  /** A SAR was created and recorded. */
  | "launched"
  /** A SAR an earlier attempt created was found and recorded. */
  | "adopted"
  | "failed"
  /** Handed back to APPROVED; a later job retries. */
  | "retrying"
  /** Still LAUNCHING: whether a SAR landed is not known yet; a later job looks again. */
  | "unresolved"
  /** Nothing to do here (another worker has it, or it is settled). */
  | "skipped";

type RecoverResult = "adopted" | "handed-back" | "unresolved" | "failed" | "skipped";

const DAY_MS = 86_400_000;
/** Okta checks "at least N days" on its own clock a moment after ours: never end a hair short. */
const END_TIME_MARGIN_MS = 15 * 60_000;

export interface LaunchRunner {
  /** Runs one launch job. */
  run(data: LaunchJobData): Promise<LaunchRunResult>;
  /** Settles a LAUNCHING launch nobody is working on: adopts its SAR, or hands it back if none landed. */
  recover(launch: LaunchRecord): Promise<RecoverResult>;
  /** Queues a launch job (one waiting per launch); null when one was already waiting. */
  enqueue(launchId: LaunchId, options?: { delayMs?: number; resumeVersion?: number }): Promise<string | null>;
}

/** The launch job's logic over the injected store, Okta gateway and queue. */
export function createLaunchRunner(deps: LaunchDeps): LaunchRunner {
  const { store, okta, logger, timings } = deps;

  const stalled = (launch: LaunchRecord): boolean => deps.clock.now().getTime() - launch.updatedAt.getTime() > timings.stallAfterMs;

  const backoffMs = (attempts: number): number => Math.min(timings.retryMaxMs, timings.retryBaseMs * 2 ** Math.max(0, Math.min(attempts - 1, 20)));

  const retryDelayMs = (attempts: number, err: unknown): number =>
    err instanceof OktaRateLimited ? Math.min(timings.retryMaxMs, Math.max(err.retryAfterMs, timings.retryBaseMs)) : backoffMs(attempts);

  async function enqueue(launchId: LaunchId, options: { delayMs?: number; resumeVersion?: number } = {}): Promise<string | null> {
    const { delayMs = 0, resumeVersion } = options;
    const data: LaunchJobData = resumeVersion === undefined ? { launchId } : { launchId, resumeVersion };
    // A resume job gets its own key, so a plain job already waiting cannot swallow it.
    const singletonKey = resumeVersion === undefined ? launchId : `${launchId}@${resumeVersion}`;
    const startAfter = delayMs > 0 ? new Date(deps.wallClock.now().getTime() + delayMs) : undefined;
    return deps.jobs.send(SAR_LAUNCH_QUEUE, data, { singletonKey, ...(startAfter !== undefined && { startAfter }) });
  }

  /** The SAR carrying this launch's reference, if one landed (the earliest, should there be several). */
  async function findLanded(launch: LaunchRecord): Promise<SecurityAccessReview | undefined> {
    await passStep(deps, "before-search", launch.id);
    const found = await okta.findSecurityAccessReviewsByNameContaining(launch.reference, {
      correlationId: launchCorrelationId(launch),
      signal: AbortSignal.timeout(timings.attemptTimeoutMs),
      priority: "interactive",
      onRateLimitWait: noticeRateLimitWait(deps, launch),
    });
    const ours = found.filter((sar) => sar.name === launch.sarName || sar.name.endsWith(` ${launch.reference}`));
    if (ours.length > 1) {
      logger.error({ launchId: launch.id, sarIds: ours.map((s) => s.id) }, "more than one SAR carries a launch reference; adopting the earliest");
    }
    return ours.sort((a, b) => (a.created ?? "").localeCompare(b.created ?? ""))[0];
  }

  /** When the search itself failed: a refusal ends the launch; anything else is looked at again later. */
  async function searchFailed(launch: LaunchRecord, err: unknown): Promise<RecoverResult> {
    if (isPermanentOktaError(err)) {
      const failure = describeFailure(err);
      failure.message = `${failure.message} The bot could not check whether the review "${launch.sarName}" was created; look for it in Okta before launching again.`;
      return (await recordFailed(deps, launch, failure, err)) ? "failed" : "skipped";
    }
    const delayMs = backoffMs(launch.attempts);
    logger.info({ launchId: launch.id, err: errorFields(err), delayMs }, "could not check whether a SAR landed; looking again later");
    await enqueue(launch.id, { delayMs, resumeVersion: launch.version });
    await notifyDelayedOnce(deps, launch, delayReason(err), new Date(deps.clock.now().getTime() + delayMs));
    return "unresolved";
  }

  async function recover(launch: LaunchRecord): Promise<RecoverResult> {
    let landed: SecurityAccessReview | undefined;
    try {
      landed = await findLanded(launch);
    } catch (err) {
      return searchFailed(launch, err);
    }
    if (landed !== undefined) return (await recordLaunched(deps, launch, landed, "adopted")) ? "adopted" : "skipped";
    const back = await store.transitionLaunch(launch.id, { from: ["LAUNCHING"], to: "APPROVED", expectedVersion: launch.version });
    return back === null ? "skipped" : "handed-back";
  }

  /** Back to APPROVED (nothing landed) and a job later; the requester hears of the delay once. */
  async function retryLater(claimed: LaunchRecord, err: unknown): Promise<LaunchRunResult> {
    const back = await store.transitionLaunch(claimed.id, { from: ["LAUNCHING"], to: "APPROVED", expectedVersion: claimed.version });
    if (back === null) return "skipped";
    const delayMs = retryDelayMs(claimed.attempts, err);
    logger.info({ launchId: claimed.id, attempts: claimed.attempts, err: errorFields(err), delayMs }, "launch handed back for a retry");
    await enqueue(claimed.id, { delayMs });
    await notifyDelayedOnce(deps, back, delayReason(err), new Date(deps.clock.now().getTime() + delayMs));
    return "retrying";
  }

  async function afterFailedCreate(claimed: LaunchRecord, err: unknown): Promise<LaunchRunResult> {
    if (isPermanentOktaError(err)) return (await recordFailed(deps, claimed, describeFailure(err), err)) ? "failed" : "skipped";
    // The client turns every maybe-processed write into OktaOutcomeUnknown, so these never landed.
    if (err instanceof OktaRateLimited || err instanceof OktaUnavailable) return retryLater(claimed, err);
    // Timeout or 5xx after sending, an unreadable answer, our own deadline: look before sending again.
    logger.info({ launchId: claimed.id, err: errorFields(err) }, "launch outcome unknown; searching for its reference");
    const recovered = await recover(claimed);
    if (recovered !== "handed-back") return recovered;
    const delayMs = backoffMs(claimed.attempts);
    await enqueue(claimed.id, { delayMs });
    const back = await store.getLaunch(claimed.id);
    if (back !== null) await notifyDelayedOnce(deps, back, delayReason(err), new Date(deps.clock.now().getTime() + delayMs));
    return "retrying";
  }

  /** The SAR request for a launch: the chosen duration counts from now, when the review really starts. */
  function sarInput(launch: LaunchRecord) {
    const days = Math.max(1, Math.round((launch.sarEndTime.getTime() - launch.createdAt.getTime()) / DAY_MS));
    const endTime = new Date(deps.clock.now().getTime() + days * DAY_MS + END_TIME_MARGIN_MS).toISOString();
    return { principalId: launch.target.oktaUserId, name: launch.sarName, endTime, reviewerIds: launch.reviewerIds };
  }

  async function attempt(launchId: LaunchId): Promise<LaunchRunResult> {
    const claimed = await store.transitionLaunch(launchId, { from: ["APPROVED"], to: "LAUNCHING" });
    if (claimed === null) return "skipped";
    await passStep(deps, "job-claimed", claimed.id);
    if (claimed.attempts > 1) {
      // An earlier attempt may have landed after its hand-back was decided.
      let landed: SecurityAccessReview | undefined;
      try {
        landed = await findLanded(claimed);
      } catch (err) {
        if (isPermanentOktaError(err)) return (await recordFailed(deps, claimed, describeFailure(err), err)) ? "failed" : "skipped";
        return retryLater(claimed, err);
      }
      if (landed !== undefined) return (await recordLaunched(deps, claimed, landed, "adopted")) ? "adopted" : "skipped";
    }
    let sar: SecurityAccessReview;
    await passStep(deps, "before-post", claimed.id);
    try {
      sar = await okta.createSecurityAccessReview(sarInput(claimed), {
        correlationId: launchCorrelationId(claimed),
        signal: AbortSignal.timeout(timings.attemptTimeoutMs),
        priority: "interactive",
        onRateLimitWait: noticeRateLimitWait(deps, claimed),
      });
    } catch (err) {
      return afterFailedCreate(claimed, err);
    }
    await passStep(deps, "post-answered", claimed.id);
    // A failure to record from here on leaves the launch LAUNCHING; the sweeper finds and adopts the SAR.
    return (await recordLaunched(deps, claimed, sar, "created")) ? "launched" : "skipped";
  }

  async function run(data: LaunchJobData): Promise<LaunchRunResult> {
    const launch = await store.getLaunch(data.launchId as LaunchId);
    if (launch === null) {
      logger.warn({ launchId: data.launchId }, "launch job for an unknown launch");
      return "skipped";
    }
    if (launch.state === "LAUNCHING") {
      // Someone else's live attempt, unless it was handed to this job or has stalled.
      if (data.resumeVersion !== launch.version && !stalled(launch)) return "skipped";
      const recovered = await recover(launch);
      if (recovered !== "handed-back") return recovered;
    } else if (launch.state !== "APPROVED") {
      return "skipped";
    }
    return attempt(launch.id);
  }

  return { run, recover, enqueue };
}

/** Log fields of any error; Okta errors give only their safe fields. */
function errorFields(err: unknown): Record<string, unknown> {
  if (typeof err === "object" && err !== null && "toLog" in err && typeof err.toLog === "function") return err.toLog() as Record<string, unknown>;
  return { message: err instanceof Error ? err.message : String(err), name: err instanceof Error ? err.name : undefined };
}
