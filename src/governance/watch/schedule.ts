/**
 * The poll's place in the job queue: one queue, a cron schedule (pg-boss
 * sends one job per tick across every replica), at most one poll waiting
 * and one running.
 */
export const WATCH_POLL_QUEUE = "watch-poll";

/** The cron expression for polling every `intervalMs` (whole minutes: cron has no seconds). */
export function pollCron(intervalMs: number): string {
  if (!Number.isFinite(intervalMs) || intervalMs < 60_000) {
    throw new Error(`The watch poll interval must be at least one minute (got ${String(intervalMs)} ms)`);
  }
  const minutes = Math.round(intervalMs / 60_000);
  if (minutes < 60) return minutes === 1 ? "* * * * *" : `*/${minutes} * * * *`;
  const hours = Math.min(Math.round(minutes / 60), 24);
  return hours >= 24 ? "0 0 * * *" : hours === 1 ? "0 * * * *" : `0 */${hours} * * *`;
}
