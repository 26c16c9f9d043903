/**
 * The launch workflow's job queues and what their jobs carry.
 */
import type { QueueOptions } from "../jobs.js";

/** Sends a SAR to Okta for one approved launch (`singletonKey`: the launch id). */
export const SAR_LAUNCH_QUEUE = "sar-launch";
/** Expires launches whose approval window has passed (cron). */
export const SAR_EXPIRE_QUEUE = "sar-expire";
/** Takes over launches a crashed worker left APPROVED or LAUNCHING (cron). */
export const SAR_SWEEP_QUEUE = "sar-sweep";
/** Posts a launch event again after the chat platform refused it. */
export const SAR_NOTIFY_QUEUE = "sar-notify";

export interface LaunchJobData {
  launchId: string;
  /**
   * Set when an attempt could not tell whether its SAR landed and left the
   * launch LAUNCHING at this version: the job may resolve it at once
   * instead of waiting for the launch to look stalled.
   */
  resumeVersion?: number;
}

/**
 * `short`: one waiting job per launch, but a new one may start while a dead
 * worker's job still counts as active; the conditional state transitions
 * decide who works.
 */
export const QUEUE_OPTIONS: Readonly<Record<string, QueueOptions>> = {
  [SAR_LAUNCH_QUEUE]: { policy: "short", retryLimit: 20, retryDelaySeconds: 5, retryBackoff: true, expireInSeconds: 300 },
  [SAR_EXPIRE_QUEUE]: { policy: "short", retryLimit: 2, retryDelaySeconds: 10, expireInSeconds: 120 },
  [SAR_SWEEP_QUEUE]: { policy: "short", retryLimit: 2, retryDelaySeconds: 10, expireInSeconds: 600 },
  [SAR_NOTIFY_QUEUE]: { policy: "standard", retryLimit: 10, retryDelaySeconds: 5, retryBackoff: true, expireInSeconds: 120 },
};

/**
 * What a success message shows of the SAR, as Okta's create answer gave it:
 * kept in the job so posting again needs no Okta call (the people come from
 * the launch).
 */
export interface SarSnapshot {
  id: string;
  name: string;
  status: string;
  endTime: string;
  created?: string;
}

/** A launch event to post again; rebuilt from the launch as it stands then. */
export interface NotifyJobData {
  launchId: string;
  event: "launch-updated" | "launch-succeeded" | "launch-failed" | "launch-delayed";
  /** launch-failed: what to do about it (not kept with the launch). */
  hint?: string;
  /** launch-delayed: why, and when the next try is due (ISO). */
  reason?: string;
  retryAt?: string;
  /** launch-succeeded: the SAR as created (jobs queued before this field rebuild it from the launch). */
  sar?: SarSnapshot;
}

const NOTIFY_EVENTS: readonly string[] = ["launch-updated", "launch-succeeded", "launch-failed", "launch-delayed"];

/** Reads a notify job's data. */
export function parseNotifyJobData(data: unknown): NotifyJobData | null {
  if (typeof data !== "object" || data === null) return null;
  const { launchId, event, hint, reason, retryAt, sar } = data as Record<string, unknown>;
  if (typeof launchId !== "string" || typeof event !== "string" || !NOTIFY_EVENTS.includes(event)) return null;
  const out: NotifyJobData = { launchId, event: event as NotifyJobData["event"] };
  if (typeof hint === "string") out.hint = hint;
  if (typeof reason === "string") out.reason = reason;
  if (typeof retryAt === "string") out.retryAt = retryAt;
  const snapshot = parseSarSnapshot(sar);
  if (snapshot !== undefined) out.sar = snapshot;
  return out;
}

/** A stored SAR snapshot; undefined when absent or unreadable (the launch's own record stands in). */
function parseSarSnapshot(value: unknown): SarSnapshot | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { id, name, status, endTime, created } = value as Record<string, unknown>;
  if (typeof id !== "string" || id === "" || typeof name !== "string" || typeof status !== "string" || typeof endTime !== "string") return undefined;
  return { id, name, status, endTime, ...(typeof created === "string" && { created }) };
}

/** Reads a launch job's data, which comes back from the database as plain JSON. */
export function parseLaunchJobData(data: unknown): LaunchJobData | null {
  if (typeof data !== "object" || data === null) return null;
  const { launchId, resumeVersion } = data as Record<string, unknown>;
  if (typeof launchId !== "string" || launchId === "") return null;
  if (resumeVersion !== undefined && !(typeof resumeVersion === "number" && Number.isInteger(resumeVersion))) return null;
  return resumeVersion === undefined ? { launchId } : { launchId, resumeVersion };
}
