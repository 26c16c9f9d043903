/**
 * Background upkeep of launches: approvals that ran out of time expire, and
 * launches a crashed worker left behind are taken over.
 */
import type { LaunchDeps } from "./deps.js";
import { announce } from "./announce.js";
import { auditLaunchEvent } from "./launch-outcomes.js";
import type { LaunchRunner } from "./launch-runner.js";
import { viewOfLaunch } from "./people.js";

/** Launches handled per run; the next run takes the rest. */
const BATCH = 100;

/** PENDING_APPROVAL -> EXPIRED for every launch whose approval window has passed; returns how many. */
export async function expireDueLaunches(deps: LaunchDeps): Promise<number> {
  const due = await deps.store.listExpiredLaunches({ limit: BATCH });
  let expired = 0;
  for (const launch of due) {
    const done = await deps.store.transitionLaunch(launch.id, { from: ["PENDING_APPROVAL"], to: "EXPIRED" });
    // Null: a decision or another replica got there first.
    if (done === null) continue;
    expired += 1;
    await auditLaunchEvent(deps, done, { action: "sar.launch.expired", outcome: "expired" });
    await announce(deps, done, { type: "launch-updated", launch: await viewOfLaunch(deps.store, done) });
  }
  return expired;
}

/**
 * Re-queues launches stalled in APPROVED, and settles those stalled in
 * LAUNCHING first (adopting their SAR, or handing them back when none
 * landed). Returns how many launch jobs were queued.
 */
export async function sweepStalledLaunches(deps: LaunchDeps, runner: LaunchRunner): Promise<number> {
  const stalled = await deps.store.listStalledLaunches({ olderThanMs: deps.timings.stallAfterMs, limit: BATCH });
  let queued = 0;
  for (const launch of stalled) {
    try {
      if (launch.state === "LAUNCHING" && (await runner.recover(launch)) !== "handed-back") continue;
      if ((await runner.enqueue(launch.id)) !== null) queued += 1;
    } catch (err) {
      // One bad launch must not stop the sweep of the others.
      deps.logger.error({ err, launchId: launch.id }, "could not take over a stalled launch");
    }
  }
  if (stalled.length > 0) deps.logger.info({ stalled: stalled.length, queued }, "swept stalled launches");
  return queued;
}
