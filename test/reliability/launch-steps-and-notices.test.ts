// The launch pipeline's seams that the process tests rely on, at core level
// (PGlite, the sandbox over HTTP, launches run by hand): the step hook sees
// every step of a launch in order and cannot break it by throwing; a wait
// for a rate-limit reset of 5 s or more is told to the requester once,
// naming the rate limit and the retry time, while a shorter one is not.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { OktaGovernance } from "../../src/governance/ports.js";
import { createLaunchService, type LaunchService } from "../../src/governance/sar/index.js";
import { RATE_LIMIT_NOTICE_AFTER_MS } from "../../src/governance/sar/launch-outcomes.js";
import type { LaunchStep } from "../../src/governance/sar/launch-steps.js";
import { createCoreHarness, type CoreHarness } from "../support/core-harness.js";
import { FAST_TIMINGS, interceptCreate, launchOf, NO_APPROVAL_POLICY, validForm, type CreateHook } from "../governance/sar/launch-bench.js";

let h: CoreHarness;
let service: LaunchService;
let hook: CreateHook | undefined;
const steps: { step: LaunchStep; launchId: string }[] = [];
let throwAt: LaunchStep | undefined;

beforeAll(async () => {
  h = await createCoreHarness({ policy: NO_APPROVAL_POLICY, jobs: true });
  const okta: OktaGovernance = interceptCreate(h.okta, () => hook);
  service = createLaunchService({
    store: h.store,
    okta,
    identity: h.identity,
    policy: h.policy,
    jobs: h.jobs,
    notifier: h.notifier,
    audit: h.audit,
    clock: h.clock,
    logger: h.logger,
    timings: FAST_TIMINGS,
    onStep: (step, launchId) => {
      steps.push({ step, launchId });
      if (step === throwAt) throw new Error(`hook failure at ${step}`);
    },
  });
  // Queues only: jobs run when the test calls runLaunch.
  for (const queue of ["sar-launch", "sar-expire", "sar-sweep", "sar-notify"]) await h.jobs.createQueue(queue);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

afterEach(() => {
  hook = undefined;
  throwAt = undefined;
});

async function queuedLaunch() {
  const reply = await service.submit(h.actorFor("alice"), { values: validForm(), conversation: h.conversation({ threadId: "1700000000.000200" }) });
  expect(reply.type).toBe("launch-queued");
  return launchOf(reply);
}

const delayedFor = (launchId: string) => h.notifier.eventsOfType("launch-delayed").filter((e) => e.launch.id === launchId);

/** A create that first reports the given rate-limit waits, as the Okta client does before sleeping them out. */
const waitingCreate =
  (...waits: number[]): CreateHook =>
  async (input, opts, real) => {
    for (const waitMs of waits) opts?.onRateLimitWait?.({ bucket: "governance-sar", waitMs });
    return real(input, opts);
  };

describe("launch steps", () => {
  it("passes every step of a first attempt in order, and a throwing hook changes nothing", async () => {
    throwAt = "before-post";
    const launch = await queuedLaunch();
    expect(await service.runLaunch(launch.id)).toBe("launched");
    expect(steps.filter((s) => s.launchId === launch.id).map((s) => s.step)).toEqual(["approval-committed", "job-claimed", "before-post", "post-answered", "recorded", "told"]);
    expect(h.notifier.eventsOfType("launch-succeeded").filter((e) => e.launch.id === launch.id)).toHaveLength(1);
  });
});

describe("rate-limit notices", () => {
  it(`tells the requester once when a launch waits ${RATE_LIMIT_NOTICE_AFTER_MS} ms or more for a reset, with the retry time`, async () => {
    const launch = await queuedLaunch();
    const before = h.clock.now().getTime();
    hook = waitingCreate(12_000, 7_000);
    expect(await service.runLaunch(launch.id)).toBe("launched");
    await expect.poll(() => delayedFor(launch.id).length).toBe(1);
    const [note] = delayedFor(launch.id);
    expect(note!.reason).toMatch(/rate limit/);
    expect(note!.reason).not.toMatch(/not answering/);
    expect(note!.retryAt?.getTime()).toBe(before + 12_000);
  });

  it("stays silent for a wait shorter than that", async () => {
    const launch = await queuedLaunch();
    hook = waitingCreate(RATE_LIMIT_NOTICE_AFTER_MS - 1);
    expect(await service.runLaunch(launch.id)).toBe("launched");
    expect(h.notifier.eventsOfType("launch-succeeded").filter((e) => e.launch.id === launch.id)).toHaveLength(1);
    expect(delayedFor(launch.id)).toEqual([]);
  });
});
