// The sweeper takes over launches nobody is working on any more: an
// approval whose job was never queued, and a launch left LAUNCHING by a
// worker that died. It leaves live work alone, and never hands a launch
// back for a retry without first finding out that no SAR landed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { JobQueue } from "../../../src/governance/jobs.js";
import { SAR_LAUNCH_QUEUE } from "../../../src/governance/sar/index.js";
import {
  createLaunchBench,
  FAST_TIMINGS,
  interceptCreate,
  launchOf,
  sarsWithReference,
  stored,
  submit,
  validForm,
  waitForState,
  type CreateHook,
  type LaunchBench,
} from "./launch-bench.js";

const STALL_MS = FAST_TIMINGS.stallAfterMs ?? 120_000;

let bench: LaunchBench;
let loseNextLaunchSend = false;
let hook: CreateHook | undefined;

function losingJobs(jobs: JobQueue): JobQueue {
  return {
    start: () => jobs.start(),
    createQueue: (name, options) => jobs.createQueue(name, options),
    send: async (queue, data, options) => {
      if (loseNextLaunchSend && queue === SAR_LAUNCH_QUEUE) {
        loseNextLaunchSend = false;
        throw new Error("connection to the database lost");
      }
      return jobs.send(queue, data, options);
    },
    work: (queue, options, handler) => jobs.work(queue, options, handler),
    schedule: (queue, cron, data) => jobs.schedule(queue, cron, data),
    stop: (options) => jobs.stop(options),
  };
}

beforeAll(async () => {
  // SSWS: these tests move the shared clock past stall thresholds, beyond a token's lifetime.
  bench = await createLaunchBench({
    jobs: true,
    workers: true,
    oktaAuth: "ssws",
    wrapJobs: losingJobs,
    wrapOkta: (okta) => interceptCreate(okta, () => hook),
  });
});
afterAll(async () => {
  await bench?.close();
});
afterEach(() => {
  hook = undefined;
  loseNextLaunchSend = false;
  bench.h.sandbox.faults.clear();
});

async function approved() {
  const { h, service } = bench;
  const card = launchOf(await submit(bench, h.actorFor("alice"), validForm()));
  expect(await service.decide(h.actorFor("bob"), { launchId: card.id, decision: "approve" })).toMatchObject({ outcome: "approved" });
  return card;
}

describe("the sweeper", () => {
  it("launches an approval whose job was lost, once it looks stalled", async () => {
    const { h, service } = bench;
    loseNextLaunchSend = true;
    const card = await approved();
    expect(await stored(bench, card)).toMatchObject({ state: "APPROVED", attempts: 0 });
    expect(await service.sweep()).toBe(0);
    h.clock.advance(STALL_MS + 1_000);
    expect(await service.sweep()).toBeGreaterThanOrEqual(1);
    await waitForState(bench, card.id, "LAUNCHED");
    expect(sarsWithReference(bench, card.reference)).toHaveLength(1);
  });

  it("leaves a LAUNCHING launch alone while it does not look stalled", async () => {
    const { service } = bench;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let sending = false;
    hook = async (input, opts, real) => {
      sending = true;
      await held;
      return real(input, opts);
    };
    const card = await approved();
    while (!sending) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await service.sweep()).toBe(0);
    expect(await stored(bench, card)).toMatchObject({ state: "LAUNCHING", attempts: 1 });
    release();
    await waitForState(bench, card.id, "LAUNCHED");
    expect(sarsWithReference(bench, card.reference)).toHaveLength(1);
  });

  it("keeps a dead worker's launch LAUNCHING while Okta cannot be searched, and completes it once it can", async () => {
    const { h, service } = bench;
    loseNextLaunchSend = true;
    const card = await approved();
    // What a worker that died after claiming the launch leaves behind.
    await h.store.transitionLaunch(card.id as never, { from: ["APPROVED"], to: "LAUNCHING" });
    h.sandbox.faults.outage(new Date(h.clock.now().getTime() + 3_600_000), { bucket: "governance-sar" });
    h.clock.advance(STALL_MS + 1_000);
    await service.sweep();
    expect(await stored(bench, card)).toMatchObject({ state: "LAUNCHING", attempts: 1 });
    await h.notifier.waitFor((n) => n.event.type === "launch-delayed" && n.event.launch.id === card.id);
    expect(sarsWithReference(bench, card.reference)).toEqual([]);

    h.sandbox.faults.clear();
    await waitForState(bench, card.id, "LAUNCHED");
    expect(sarsWithReference(bench, card.reference)).toHaveLength(1);
  });
});
