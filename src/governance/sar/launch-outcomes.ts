/**
 * How a launch ends or waits: recorded as LAUNCHED (a SAR created or
 * adopted), FAILED for good, or delayed while Okta is busy or down. Only
 * the caller whose conditional transition succeeded announces the outcome.
 */
import { auditActor } from "../audit/index.js";
import { OktaBadRequest, OktaError, OktaForbidden, OktaNotFound, OktaRateLimited, OktaUnauthorized } from "../okta/index.js";
import type { SecurityAccessReview } from "../okta/types.js";
import type { AuditOutcome, LaunchFailure, LaunchRecord, NewAuditEntry } from "../store.js";
import { announce, sarViewOf } from "./announce.js";
import type { LaunchDeps } from "./deps.js";
import { oktaSentence } from "../error-reply.js";
import { passStep } from "./launch-steps.js";
import { viewOfLaunch } from "./people.js";
import { SAR_NOTIFY_QUEUE } from "./queues.js";
import { launchThread } from "./views.js";

/** How long "the requester was told about the delay" is remembered (once per launch). */
const DELAY_NOTICE_TTL_MS = 30 * 86_400_000;

/** The correlation id of background work on a launch, in logs, audit and Okta calls. */
export function launchCorrelationId(launch: Pick<LaunchRecord, "reference">): string {
  return `launch-${launch.reference}`;
}

/** Records a background event of a launch in the audit trail, in the requester's name. */
export async function auditLaunchEvent(
  deps: LaunchDeps,
  launch: LaunchRecord,
  entry: { action: string; outcome: AuditOutcome; reason?: string | null; details?: NewAuditEntry["details"] },
): Promise<void> {
  const { requester } = launch;
  await deps.audit.record({
    actor: auditActor({ platform: requester.platform, tenantId: requester.tenantId, userId: requester.chatUserId }, requester.oktaUserId),
    action: entry.action,
    target: { oktaUserId: launch.target.oktaUserId, sarId: launch.sarId },
    outcome: entry.outcome,
    reason: entry.reason ?? null,
    launchId: launch.id,
    correlationId: launchCorrelationId(launch),
    details: { reference: launch.reference, attempts: launch.attempts, ...entry.details },
  });
}

/** The SAR's own end time, when Okta gave a readable one. */
function endTimeOf(sar: SecurityAccessReview): { sarEndTime?: Date } {
  const end = new Date(sar.endTime);
  return Number.isNaN(end.getTime()) ? {} : { sarEndTime: end };
}

/**
 * LAUNCHING -> LAUNCHED with the SAR and its watch, then the audit entry
 * and the success message. False when the launch was no longer LAUNCHING.
 */
export async function recordLaunched(
  deps: LaunchDeps,
  launch: LaunchRecord,
  sar: SecurityAccessReview,
  how: "created" | "adopted",
): Promise<boolean> {
  // Queued before the commit, so a worker that dies between recording and telling still gets the thread told.
  const backstop = queueToldBackstop(deps, launch);
  // One transaction: a launch is never LAUNCHED without the watch that reports its SAR's progress.
  const done = await deps.store.transaction(async (tx) => {
    const launched = await tx.transitionLaunch(launch.id, {
      from: ["LAUNCHING"],
      to: "LAUNCHED",
      // The card shows the end of the review Okta holds, not the one estimated when the form was sent.
      set: { sarId: sar.id, sarStatus: sar.status, failure: null, ...endTimeOf(sar) },
    });
    if (launched !== null) {
      await tx.addWatch({
        kind: "sar",
        oktaId: sar.id,
        conversation: launchThread(launched),
        createdBy: launched.requester.oktaUserId,
        lastStatus: sar.status,
      });
    }
    return launched;
  });
  await backstop;
  if (done === null) {
    deps.logger.warn({ launchId: launch.id, sarId: sar.id, how }, "launch was no longer LAUNCHING when its SAR was recorded");
    return false;
  }
  await passStep(deps, "recorded", done.id);
  deps.logger.info({ launchId: done.id, reference: done.reference, sarId: sar.id, how, attempts: done.attempts }, "SAR launched");
  await auditLaunchEvent(deps, done, { action: "sar.launch.launched", outcome: "succeeded", details: { how } });
  await announce(deps, done, { type: "launch-succeeded", launch: await viewOfLaunch(deps.store, done), sar: await sarViewOf(deps, done, sar) });
  await passStep(deps, "told", done.id);
  return true;
}

/**
 * A "launch-succeeded" post due once a live worker would long have told the
 * thread (the stall time); it stays quiet when the thread was told, or when
 * the launch was not recorded as LAUNCHED.
 */
async function queueToldBackstop(deps: LaunchDeps, launch: LaunchRecord): Promise<void> {
  try {
    await deps.jobs.send(
      SAR_NOTIFY_QUEUE,
      { launchId: launch.id, event: "launch-succeeded" },
      { startAfter: new Date(deps.wallClock.now().getTime() + deps.timings.stallAfterMs) },
    );
  } catch (err) {
    deps.logger.warn({ err, launchId: launch.id }, "could not queue the backstop of a launch's success message");
  }
}

export interface LaunchFailureReport extends LaunchFailure {
  hint?: string;
}

/** Okta refusals no retry can fix: a bad request, a missing scope, bad credentials, a vanished user. */
export function isPermanentOktaError(err: unknown): err is OktaError {
  return err instanceof OktaBadRequest || err instanceof OktaForbidden || err instanceof OktaUnauthorized || err instanceof OktaNotFound;
}

/** The failure a person reads: what happened and (in `hint`) what to do. */
export function describeFailure(err: OktaError): LaunchFailureReport {
  let message: string;
  if (err instanceof OktaBadRequest) {
    const causes = err.causes.length > 0 ? err.causes.join("; ") : "the request did not meet its rules";
    message = `Okta refused to create the review: ${causes}.`;
  } else if (err instanceof OktaForbidden) {
    message = err.missingScope
      ? `Okta refused: the bot's service app lacks the scope ${err.missingScope}.`
      : "Okta refused the bot's service app permission to create the review.";
  } else if (err instanceof OktaNotFound) {
    message = "Okta no longer knows the user under review or one of the reviewers.";
  } else {
    message = oktaSentence(err);
  }
  return { code: err.code, message, hint: err.hint };
}

/** LAUNCHING -> FAILED with a reason a person can act on. False when someone else settled it first. */
export async function recordFailed(deps: LaunchDeps, launch: LaunchRecord, failure: LaunchFailureReport, cause?: unknown): Promise<boolean> {
  const failed = await deps.store.transitionLaunch(launch.id, {
    from: ["LAUNCHING"],
    to: "FAILED",
    set: { failure: { code: failure.code, message: failure.message } },
  });
  if (failed === null) return false;
  const oktaFields = cause instanceof OktaError ? cause.toLog() : {};
  deps.logger.warn({ launchId: failed.id, reference: failed.reference, failure: failure.code, okta: oktaFields }, "launch failed");
  await auditLaunchEvent(deps, failed, { action: "sar.launch.failed", outcome: "failed", reason: failure.message, details: { code: failure.code } });
  await announce(deps, failed, {
    type: "launch-failed",
    launch: await viewOfLaunch(deps.store, failed),
    code: failure.code,
    message: failure.message,
    ...(failure.hint !== undefined && { hint: failure.hint }),
  });
  return true;
}

/** A rate-limit wait at least this long is worth telling the requester about. */
export const RATE_LIMIT_NOTICE_AFTER_MS = 5_000;
const RATE_LIMITED = "Okta's API rate limit is used up for now; the review will be created when it resets.";
const NOT_ANSWERING = "Okta is not answering right now; the review will be created as soon as it is back.";

/** Why a launch waits, in plain words: a rate limit, or Okta not answering. */
export function delayReason(err: unknown): string {
  return err instanceof OktaRateLimited ? RATE_LIMITED : NOT_ANSWERING;
}

/**
 * The `onRateLimitWait` of a launch's Okta calls: when the client is about
 * to wait for a rate-limit reset longer than a few seconds, the requester
 * is told (once per launch) that the rate limit holds the launch and when
 * it is tried again.
 */
export function noticeRateLimitWait(deps: LaunchDeps, launch: LaunchRecord): (wait: { bucket: string; waitMs: number }) => void {
  return ({ bucket, waitMs }) => {
    if (waitMs < RATE_LIMIT_NOTICE_AFTER_MS) return;
    deps.logger.info({ launchId: launch.id, bucket, waitMs }, "launch waits for an Okta rate-limit reset");
    const retryAt = new Date(deps.clock.now().getTime() + waitMs);
    notifyDelayedOnce(deps, launch, RATE_LIMITED, retryAt).catch((err: unknown) => {
      deps.logger.warn({ err, launchId: launch.id }, "could not tell the requester about a rate-limit wait");
    });
  };
}

/** Tells the requester the launch waits on Okta, once per launch however often it is retried. */
export async function notifyDelayedOnce(deps: LaunchDeps, launch: LaunchRecord, reason: string, retryAt?: Date): Promise<void> {
  const first = await deps.store.claimInbound(`sar.launch.delayed:${launch.id}`, { ttlMs: DELAY_NOTICE_TTL_MS });
  if (!first) return;
  await announce(deps, launch, {
    type: "launch-delayed",
    launch: await viewOfLaunch(deps.store, launch),
    reason,
    ...(retryAt !== undefined && { retryAt }),
  });
}
