/**
 * The launch service on the core harness (sandbox over HTTP, real Okta
 * client, migrated store, optional pg-boss), with fast timings and helpers
 * the launch tests share.
 */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { Actor } from "../../../src/governance/actor.js";
import type { Reply, LaunchFormValues, LaunchView } from "../../../src/governance/replies.js";
import {
  createLaunchService,
  SAR_EXPIRE_QUEUE,
  SAR_LAUNCH_QUEUE,
  SAR_NOTIFY_QUEUE,
  SAR_SWEEP_QUEUE,
  type LaunchService,
  type LaunchTimings,
} from "../../../src/governance/sar/index.js";
import type { CreateSarInput, SecurityAccessReview } from "../../../src/governance/okta/types.js";
import type { JobQueue } from "../../../src/governance/jobs.js";
import type { CallOptions, OktaGovernance } from "../../../src/governance/ports.js";
import type { LaunchId, LaunchRecord } from "../../../src/governance/store.js";
import { createCoreHarness, DEMO_USERS, type CoreHarness, type CoreHarnessOptions } from "../../support/core-harness.js";

/** Timings for tests: quick polling and retries; stall detection stays on the manual clock. */
export const FAST_TIMINGS: Partial<LaunchTimings> = {
  pollingIntervalSeconds: 0.5,
  retryBaseMs: 100,
  retryMaxMs: 500,
  attemptTimeoutMs: 10_000,
  stallAfterMs: 120_000,
};

const QUEUES = [SAR_LAUNCH_QUEUE, SAR_EXPIRE_QUEUE, SAR_SWEEP_QUEUE, SAR_NOTIFY_QUEUE];

export interface LaunchBench {
  h: CoreHarness;
  service: LaunchService;
  close(): Promise<void>;
}

export interface LaunchBenchOptions extends CoreHarnessOptions {
  /** Start the service's workers (needs `jobs: true`). */
  workers?: boolean;
  timings?: Partial<LaunchTimings>;
  /** Wraps the job queue (to lose a send, as a crash between commit and send would). */
  wrapJobs?: (jobs: JobQueue) => JobQueue;
  /** Wraps or replaces the harness's Okta client (to intercept calls, or to use another service app). */
  wrapOkta?: (okta: OktaGovernance, h: CoreHarness) => OktaGovernance | Promise<OktaGovernance>;
}

/** The repo's policy.yaml with `edit` applied to its text. */
export function policyVariant(edit: (yaml: string) => string): string {
  return edit(readFileSync(new URL("../../../policy.yaml", import.meta.url), "utf8"));
}

/** Starts the harness and the launch service on it. */
export async function createLaunchBench(options: LaunchBenchOptions = {}): Promise<LaunchBench> {
  const h = await createCoreHarness(options);
  try {
    const service = createLaunchService({
      store: h.store,
      okta: options.wrapOkta ? await options.wrapOkta(h.okta, h) : h.okta,
      identity: h.identity,
      policy: h.policy,
      jobs: (options.wrapJobs ?? ((jobs: JobQueue) => jobs))(options.jobs === true ? h.jobs : noJobs),
      notifier: h.notifier,
      audit: h.audit,
      clock: h.clock,
      logger: h.logger,
      timings: { ...FAST_TIMINGS, ...options.timings },
    });
    if (options.workers === true) await service.start();
    // Without workers, jobs are queued but only run when a test calls the service itself.
    else if (options.jobs === true) for (const queue of QUEUES) await h.jobs.createQueue(queue);
    return { h, service, close: () => h.close() };
  } catch (err) {
    await h.close();
    throw err;
  }
}

/** A job queue for benches without pg-boss: sending fails loudly, as a missing queue would. */
const noJobs: JobQueue = {
  start: async () => undefined,
  createQueue: async () => undefined,
  send: async () => {
    throw new Error("this bench has no job queue");
  },
  work: async () => {
    throw new Error("this bench has no job queue");
  },
  schedule: async () => undefined,
  stop: async () => undefined,
};

export type CreateHook = (
  input: CreateSarInput,
  opts: CallOptions | undefined,
  real: OktaGovernance["createSecurityAccessReview"],
) => Promise<SecurityAccessReview>;

/** `okta` with its createSecurityAccessReview routed through `hook()` whenever it returns one. */
export function interceptCreate(okta: OktaGovernance, hook: () => CreateHook | undefined): OktaGovernance {
  const real: OktaGovernance["createSecurityAccessReview"] = (input, opts) => okta.createSecurityAccessReview(input, opts);
  return new Proxy(okta, {
    get(target, prop, receiver) {
      if (prop === "createSecurityAccessReview") {
        return (input: CreateSarInput, opts?: CallOptions) => hook()?.(input, opts, real) ?? real(input, opts);
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** A policy whose launches need no approval. */
export const NO_APPROVAL_POLICY = policyVariant((yaml) => yaml.replace("required: true", "required: false"));

/** A complete, valid form for a review of dan by erin and frank. */
export function validForm(over: Partial<LaunchFormValues> = {}): LaunchFormValues {
  return {
    target: DEMO_USERS.dan.login,
    reviewers: [DEMO_USERS.erin.login, DEMO_USERS.frank.login],
    durationDays: 7,
    reason: "suspicious OAuth grant",
    incidentRef: "INC-4711",
    ...over,
  };
}

/** Submits `values` as `actor` in the harness's incident channel. */
export function submit(bench: LaunchBench, actor: Actor, values: LaunchFormValues, idempotencyKey?: string): Promise<Reply> {
  return bench.service.submit(actor, {
    values,
    conversation: bench.h.conversation({ threadId: "1700000000.000100" }),
    ...(idempotencyKey !== undefined && { idempotencyKey }),
  });
}

/** The launch a reply carries, failing the test when it carries none. */
export function launchOf(reply: Reply): LaunchView {
  if (!("launch" in reply)) throw new Error(`expected a reply with a launch, got ${JSON.stringify(reply)}`);
  return reply.launch;
}

/** The stored launch of a view. */
export async function stored(bench: LaunchBench, view: LaunchView): Promise<LaunchRecord> {
  const launch = await bench.h.store.getLaunch(view.id as LaunchId);
  if (launch === null) throw new Error(`launch ${view.id} is not stored`);
  return launch;
}

/** The sandbox's SARs carrying a launch reference. */
export function sarsWithReference(bench: LaunchBench, reference: string) {
  return bench.h.sandbox.org.listSars().filter((sar) => sar.name.includes(reference));
}

/** Polls until the launch is in `state` (generous limit: only a hang fails). */
export async function waitForState(bench: LaunchBench, id: string, state: LaunchRecord["state"]): Promise<LaunchRecord> {
  const giveUpAt = Date.now() + 25_000;
  for (;;) {
    const launch = await bench.h.store.getLaunch(id as LaunchId);
    if (launch?.state === state) return launch;
    if (Date.now() > giveUpAt) throw new Error(`launch ${id} never reached ${state}; it is ${launch?.state ?? "missing"}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Expects an error reply with `code`, returning it. */
export function expectError(reply: Reply, code: string): Extract<Reply, { type: "error" }> {
  expect(reply).toMatchObject({ type: "error", code });
  return reply as Extract<Reply, { type: "error" }>;
}
