/**
 * The SAR launch workflow (PRODUCT.md 4.1) as one service: the form, the
 * submit, approvals, cancel and status for adapters, and the background
 * jobs (launch, expiry, sweep) that make each approved launch create
 * exactly one SAR.
 */
import type { Actor } from "../actor.js";
import type { Reply } from "../replies.js";
import { redeliver } from "./announce.js";
import { cancelLaunch } from "./cancel-launch.js";
import { decideLaunch, type DecideLaunchInput } from "./decide-launch.js";
import { resolveDeps, type LaunchServiceOptions } from "./deps.js";
import { errorReply, errorReplyFor } from "../error-reply.js";
import { findLaunch } from "./find-launch.js";
import { initialFormValues, type LaunchFormPrefill } from "./launch-form.js";
import { createLaunchRunner, type LaunchRunResult } from "./launch-runner.js";
import { expireDueLaunches, sweepStalledLaunches } from "./maintenance.js";
import { viewOfLaunch } from "./people.js";
import {
  parseLaunchJobData,
  parseNotifyJobData,
  QUEUE_OPTIONS,
  SAR_EXPIRE_QUEUE,
  SAR_LAUNCH_QUEUE,
  SAR_NOTIFY_QUEUE,
  SAR_SWEEP_QUEUE,
} from "./queues.js";
import { submitLaunch, type SubmitLaunchInput } from "./submit-launch.js";

/** Launch jobs one replica runs at once. */
const LAUNCH_WORKERS = 4;

export interface LaunchService {
  /** The launch form with the policy's defaults, for a caller allowed to launch (cheap: call it right after the ack). */
  openForm(actor: Actor, prefill?: LaunchFormPrefill): Promise<Reply>;
  /** Checks and stores a submitted form: an approval card, a queued launch, or the form again with errors. */
  submit(actor: Actor, input: SubmitLaunchInput): Promise<Reply>;
  /** An approver's approve or deny. */
  decide(actor: Actor, input: DecideLaunchInput): Promise<Reply>;
  /** Withdraws a launch that waits for approval. */
  cancel(actor: Actor, launchId: string): Promise<Reply>;
  /** A launch's status, by id or reference. */
  getLaunch(actor: Actor, idOrReference: string): Promise<Reply>;
  /** Remembers the chat message that shows a launch (its approval card), so later events can update it; false for an unknown launch. */
  attachLaunchMessage(launchId: string, messageId: string): Promise<boolean>;
  /** Creates the queues, registers the workers and schedules expiry and sweep. The queue itself must be started. */
  start(): Promise<void>;
  /** Runs one launch job now (what the worker does). */
  runLaunch(launchId: string): Promise<LaunchRunResult>;
  /** Expires launches whose approval window passed; returns how many. */
  expireDue(): Promise<number>;
  /** Takes over launches a crashed worker left; returns how many jobs were queued. */
  sweep(): Promise<number>;
}

/** Builds the launch service over injected dependencies. */
export function createLaunchService(options: LaunchServiceOptions): LaunchService {
  const deps = resolveDeps(options);
  const runner = createLaunchRunner(deps);
  const { store, identity, jobs, timings, logger } = deps;

  return {
    async openForm(actor, prefill = {}) {
      try {
        // No target yet: the form may change it. The check at submit names the user under review.
        await identity.authorize(actor, "sar.launch", { correlationId: actor.correlationId, details: { stage: "form" } });
      } catch (err) {
        return errorReplyFor(err);
      }
      return { type: "launch-form", values: initialFormValues(deps.policy, prefill) };
    },

    submit: (actor, input) => submitLaunch(deps, runner, actor, input),
    decide: (actor, input) => decideLaunch(deps, runner, actor, input),
    cancel: (actor, launchId) => cancelLaunch(deps, actor, launchId),

    async getLaunch(actor, idOrReference) {
      try {
        await identity.authorize(actor, "sar.read", { correlationId: actor.correlationId });
      } catch (err) {
        return errorReplyFor(err);
      }
      const launch = await findLaunch(store, idOrReference);
      if (launch === null) return errorReply("not_found", "There is no launch with that id or reference.");
      return { type: "launch-status", launch: await viewOfLaunch(store, launch) };
    },

    async attachLaunchMessage(launchId, messageId) {
      if (typeof messageId !== "string" || messageId === "" || messageId.length > 512) return false;
      const launch = await findLaunch(store, launchId);
      if (launch === null) return false;
      return (await store.updateLaunch(launch.id, { approvalMessageId: messageId })) !== null;
    },

    async start() {
      for (const queue of [SAR_LAUNCH_QUEUE, SAR_EXPIRE_QUEUE, SAR_SWEEP_QUEUE, SAR_NOTIFY_QUEUE]) {
        await jobs.createQueue(queue, QUEUE_OPTIONS[queue]);
      }
      const polling = { pollingIntervalSeconds: timings.pollingIntervalSeconds };
      const runLaunchJob = async (job: { id: string; data: object }): Promise<void> => {
        const data = parseLaunchJobData(job.data);
        if (data === null) {
          logger.error({ jobId: job.id }, "launch job without a readable launch id; dropped");
          return;
        }
        const result = await runner.run(data);
        logger.debug({ jobId: job.id, launchId: data.launchId, result }, "launch job done");
      };
      // Several one-job workers rather than one worker taking batches: a launch held by Okta's rate limit
      // must not keep the launches approved after it from reaching the Okta client, where they wait their
      // turn and their requesters are told of the wait too.
      for (let i = 0; i < LAUNCH_WORKERS; i++) await jobs.work<object>(SAR_LAUNCH_QUEUE, { ...polling, batchSize: 1 }, runLaunchJob);
      await jobs.work<object>(SAR_EXPIRE_QUEUE, polling, async () => {
        await expireDueLaunches(deps);
      });
      await jobs.work<object>(SAR_SWEEP_QUEUE, polling, async () => {
        await sweepStalledLaunches(deps, runner);
      });
      await jobs.work<object>(SAR_NOTIFY_QUEUE, polling, async (job) => {
        const data = parseNotifyJobData(job.data);
        if (data === null) {
          logger.error({ jobId: job.id }, "notify job without readable data; dropped");
          return;
        }
        await redeliver(deps, data);
      });
      await jobs.schedule(SAR_EXPIRE_QUEUE, timings.expireCron);
      await jobs.schedule(SAR_SWEEP_QUEUE, timings.sweepCron);
    },

    runLaunch: (launchId) => runner.run({ launchId }),
    expireDue: () => expireDueLaunches(deps),
    sweep: () => sweepStalledLaunches(deps, runner),
  };
}
