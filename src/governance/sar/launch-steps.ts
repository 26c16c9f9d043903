/**
 * The named steps of the launch pipeline, from the committed approval to
 * the thread being told, and the optional hook called at each. Tests use it
 * to kill a process at any step (crash anywhere); production leaves it
 * unset. A hook that throws is logged and never changes what the pipeline
 * does.
 */
import type { Logger } from "pino";
import type { LaunchId } from "../store.js";

export const LAUNCH_STEPS = [
  /** The launch is APPROVED in the database; its job is not queued yet. */
  "approval-committed",
  /** A worker moved the launch to LAUNCHING (this attempt owns it). */
  "job-claimed",
  /** About to search Okta for a SAR an earlier attempt may have landed. */
  "before-search",
  /** About to send the SAR POST. */
  "before-post",
  /** Okta answered the POST with a SAR; nothing is recorded yet. */
  "post-answered",
  /** LAUNCHED with the SAR id is committed; the thread is not told yet. */
  "recorded",
  /** The thread was told the SAR was created. */
  "told",
] as const;

export type LaunchStep = (typeof LAUNCH_STEPS)[number];

/** Called as the pipeline passes each step of one launch. */
export type LaunchStepHook = (step: LaunchStep, launchId: LaunchId) => void | Promise<void>;

export function isLaunchStep(value: string): value is LaunchStep {
  return (LAUNCH_STEPS as readonly string[]).includes(value);
}

/** Runs the hook, if any, for `step`; its failures are logged, never thrown. */
export async function passStep(deps: { onStep?: LaunchStepHook; logger: Logger }, step: LaunchStep, launchId: LaunchId): Promise<void> {
  if (deps.onStep === undefined) return;
  try {
    await deps.onStep(step, launchId);
  } catch (err) {
    deps.logger.warn({ err, step, launchId }, "launch step hook failed");
  }
}
