/**
 * What the launch workflow is built from (every dependency injected), and
 * the timings it runs on with their defaults.
 */
import type { Logger } from "pino";
import type { AuditRecorder } from "../audit/index.js";
import type { IdentityResolver } from "../identity/types.js";
import type { JobQueue } from "../jobs.js";
import type { Notifier } from "../notifier.js";
import type { SarId } from "../okta/types.js";
import type { Policy } from "../policy/index.js";
import { systemClock, type Clock, type OktaGovernance } from "../ports.js";
import type { GovernanceStore } from "../store.js";
import type { LaunchStepHook } from "./launch-steps.js";

export interface LaunchTimings {
  /**
   * An APPROVED or LAUNCHING launch untouched this long is a crashed
   * worker's: the sweeper takes it over. Must exceed two attempt timeouts.
   */
  stallAfterMs: number;
  /** Bound on one launch attempt's Okta calls, so a live attempt never looks stalled. */
  attemptTimeoutMs: number;
  /** First delay before retrying a launch Okta did not take (doubled per attempt). */
  retryBaseMs: number;
  /** Longest delay between launch retries. */
  retryMaxMs: number;
  /** How long a submit's idempotency key is remembered. */
  idempotencyTtlMs: number;
  /** How often workers poll their queues. */
  pollingIntervalSeconds: number;
  /** Cron of the approval expiry and of the stalled-launch sweep. */
  expireCron: string;
  sweepCron: string;
}

export const DEFAULT_TIMINGS: LaunchTimings = {
  stallAfterMs: 120_000,
  attemptTimeoutMs: 45_000,
  retryBaseMs: 5_000,
  retryMaxMs: 300_000,
  idempotencyTtlMs: 24 * 3_600_000,
  pollingIntervalSeconds: 2,
  expireCron: "* * * * *",
  sweepCron: "* * * * *",
};

export interface LaunchServiceOptions {
  store: GovernanceStore;
  okta: OktaGovernance;
  identity: IdentityResolver;
  policy: Policy;
  jobs: JobQueue;
  notifier: Notifier;
  audit: AuditRecorder;
  /** The core's clock: approval expiry, stall detection, SAR end times. */
  clock: Clock;
  logger: Logger;
  /**
   * The clock job delays are computed with. pg-boss compares `startAfter`
   * with the database's time, so this is the wall clock even when `clock` is
   * a test's manual one.
   */
  wallClock?: Clock;
  /** Where a person opens a review in the Okta console; none unless the deployment knows it. */
  reviewUrl?: (sarId: SarId) => string | undefined;
  timings?: Partial<LaunchTimings>;
  /** Called at each step of a launch (see launch-steps.ts); for tests that crash a process there. */
  onStep?: LaunchStepHook;
}

/** The options with every default filled in, shared by the workflow's parts. */
export interface LaunchDeps extends Omit<LaunchServiceOptions, "wallClock" | "timings" | "logger"> {
  wallClock: Clock;
  timings: LaunchTimings;
  logger: Logger;
}

/** Fills in defaults and checks the timings make sense together. */
export function resolveDeps(options: LaunchServiceOptions): LaunchDeps {
  const timings = { ...DEFAULT_TIMINGS, ...options.timings };
  if (timings.stallAfterMs <= 2 * timings.attemptTimeoutMs) {
    throw new Error("launch timings: stallAfterMs must exceed twice attemptTimeoutMs, or a live launch could be taken over");
  }
  return {
    ...options,
    wallClock: options.wallClock ?? systemClock,
    timings,
    logger: options.logger.child({ component: "sar-launch" }),
  };
}
