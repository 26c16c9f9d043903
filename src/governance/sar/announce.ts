/**
 * Posting launch events into their conversation. A post the chat platform
 * refuses never undoes the outcome it reports: it is queued and posted
 * again later, rebuilt from the launch as it stands then. Neither the first
 * post nor a later one calls Okta: a success shows the SAR as Okta's create
 * answer (202) gave it, which the queued job keeps.
 */
import type { GovernanceEvent } from "../notifier.js";
import type { SarId, SarStatus, SecurityAccessReview } from "../okta/types.js";
import type { SarView } from "../replies.js";
import type { LaunchId, LaunchRecord } from "../store.js";
import type { LaunchDeps } from "./deps.js";
import { peopleOfLaunch, viewOfLaunch } from "./people.js";
import { SAR_NOTIFY_QUEUE, type NotifyJobData, type SarSnapshot } from "./queues.js";
import { launchThread, toSarView } from "./views.js";

type LaunchEvent = Extract<GovernanceEvent, { type: NotifyJobData["event"] }>;

/** How long "the thread was told this launch's SAR was created" is remembered. */
const TOLD_TTL_MS = 30 * 86_400_000;
const toldKey = (launchId: string): string => `sar.launch.told:${launchId}`;

/** Whether the thread was already told this launch's SAR was created (so a backstop or redelivery stays quiet). */
export async function toldLaunched(deps: LaunchDeps, launchId: string): Promise<boolean> {
  return (await deps.store.getCached(toldKey(launchId))) !== undefined;
}

async function markTold(deps: LaunchDeps, launch: LaunchRecord, event: LaunchEvent): Promise<void> {
  if (event.type !== "launch-succeeded") return;
  try {
    await deps.store.putCached(toldKey(launch.id), true, { ttlMs: TOLD_TTL_MS });
  } catch (err) {
    // At worst the backstop posts the success a second time.
    deps.logger.warn({ err, launchId: launch.id }, "could not remember that a launch's success was posted");
  }
}

/** The view of a launch's SAR, with the people the launch knows. */
export async function sarViewOf(deps: LaunchDeps, launch: LaunchRecord, sar: SecurityAccessReview): Promise<SarView> {
  const url = deps.reviewUrl?.(sar.id);
  return toSarView(sar, {
    people: await peopleOfLaunch(deps.store, launch.id),
    principalId: launch.target.oktaUserId,
    launchReference: launch.reference,
    ...(url !== undefined && { url }),
  });
}

/**
 * The SAR a launch created, from what the success message showed (or, for
 * jobs without it, the launch's own record): the launch's target and
 * reviewers are the ones it sent.
 */
function sarOfLaunch(launch: LaunchRecord, sarId: SarId, snapshot: SarSnapshot | undefined): SecurityAccessReview {
  return {
    id: sarId,
    name: snapshot?.name ?? launch.sarName,
    status: (snapshot?.status ?? launch.sarStatus ?? "PENDING") as SarStatus,
    endTime: snapshot?.endTime ?? launch.sarEndTime.toISOString(),
    ...(snapshot?.created !== undefined && { created: snapshot.created }),
    principalId: launch.target.oktaUserId,
    reviewerSettings: { type: "USER", userSettings: { includedUserIds: [...launch.reviewerIds] } },
  };
}

function jobDataFor(launch: LaunchRecord, event: LaunchEvent): NotifyJobData {
  const data: NotifyJobData = { launchId: launch.id, event: event.type };
  if (event.type === "launch-succeeded") {
    const { id, name, status, endTime, created } = event.sar;
    data.sar = { id, name, status, endTime, ...(created !== undefined && { created }) };
  }
  if (event.type === "launch-failed" && event.hint !== undefined) data.hint = event.hint;
  if (event.type === "launch-delayed") {
    data.reason = event.reason;
    if (event.retryAt !== undefined) data.retryAt = event.retryAt.toISOString();
  }
  return data;
}

/** Posts `event`; when the platform refuses, queues it for another try and returns normally. */
export async function announce(deps: LaunchDeps, launch: LaunchRecord, event: LaunchEvent): Promise<void> {
  try {
    await deps.notifier.notify(launchThread(launch), event);
    await markTold(deps, launch, event);
    return;
  } catch (err) {
    deps.logger.warn({ err, launchId: launch.id, event: event.type }, "chat refused a launch event; it will be posted again");
  }
  try {
    await deps.jobs.send(SAR_NOTIFY_QUEUE, jobDataFor(launch, event));
  } catch (err) {
    deps.logger.error({ err, launchId: launch.id, event: event.type }, "could not queue a refused launch event; it is lost");
  }
}

/** Posts a queued event again; throws (so the job retries) when the platform still refuses. */
export async function redeliver(deps: LaunchDeps, data: NotifyJobData): Promise<void> {
  const launch = await deps.store.getLaunch(data.launchId as LaunchId);
  if (launch === null) return;
  const view = await viewOfLaunch(deps.store, launch);
  let event: LaunchEvent;
  switch (data.event) {
    case "launch-updated":
      event = { type: "launch-updated", launch: view };
      break;
    case "launch-succeeded": {
      if (launch.sarId === null || (await toldLaunched(deps, launch.id))) return;
      const snapshot = data.sar?.id === launch.sarId ? data.sar : undefined;
      event = { type: "launch-succeeded", launch: view, sar: await sarViewOf(deps, launch, sarOfLaunch(launch, launch.sarId, snapshot)) };
      break;
    }
    case "launch-failed":
      if (launch.failure === null) return;
      event = { type: "launch-failed", launch: view, ...launch.failure, ...(data.hint !== undefined && { hint: data.hint }) };
      break;
    case "launch-delayed":
      // Only worth saying while the launch still waits.
      if (launch.state !== "APPROVED" && launch.state !== "LAUNCHING") return;
      event = {
        type: "launch-delayed",
        launch: view,
        reason: data.reason ?? "Okta is busy; the review will be created as soon as it can.",
        ...(data.retryAt !== undefined && { retryAt: new Date(data.retryAt) }),
      };
      break;
  }
  await deps.notifier.notify(launchThread(launch), event);
  await markTold(deps, launch, event);
}
