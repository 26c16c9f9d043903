// What the launch job does with each answer Okta can give: a SAR, a refusal
// no retry can fix (FAILED, explained), a rate limit or outage (kept,
// retried, the requester told once), an unknown outcome (searched for by
// reference before anything is sent again). One SAR per launch, always.
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createOktaClient, OktaOutcomeUnknown, OktaUnavailable } from "../../../src/adapters/okta/index.js";
import type { OktaGovernance } from "../../../src/governance/ports.js";
import { BOT_SCOPES } from "../../../src/sandbox/index.js";
import { DEMO_USERS } from "../../support/core-harness.js";
import {
  createLaunchBench,
  interceptCreate,
  launchOf,
  NO_APPROVAL_POLICY,
  sarsWithReference,
  stored,
  submit,
  validForm,
  type CreateHook,
  type LaunchBench,
} from "./launch-bench.js";

const { erin } = DEMO_USERS;
const MANAGE = "okta.governance.securityAccessReviews.admin.manage";

let bench: LaunchBench;
let hook: CreateHook | undefined;
/** The bot's service app asking for every scope but the one that creates reviews. */
let withoutManageScope: OktaGovernance;

beforeAll(async () => {
  bench = await createLaunchBench({
    policy: NO_APPROVAL_POLICY,
    jobs: true,
    // Rate limits surface at once, and waits for a window are not slept out on the manual clock.
    okta: { retry: { rateLimitRetries: 0, minDelayMs: 1, maxDelayMs: 5, jitterMs: 0 }, sleep: async () => undefined },
    wrapOkta: async (okta, h) => {
      withoutManageScope = createOktaClient({
        orgUrl: new URL(h.sandbox.url),
        auth: {
          kind: "privateKeyJwt",
          clientId: h.sandbox.clientId,
          privateKey: JSON.stringify(h.sandbox.privateJwk),
          keyId: h.sandbox.keyId,
          scopes: BOT_SCOPES.filter((scope) => scope !== MANAGE),
          dpop: false,
        },
        logger: pino({ level: "silent" }),
        clock: h.clock,
        retry: "never",
      });
      // Its token is fetched now, with the shared manual clock caught up to the wall time its assertion is signed with.
      h.clock.set(new Date(Math.max(Date.now() + 2_000, h.clock.now().getTime())));
      await withoutManageScope.getUser(DEMO_USERS.alice.id);
      return interceptCreate(okta, () => hook);
    },
  });
});
afterAll(async () => {
  await bench?.close();
});
afterEach(() => {
  hook = undefined;
  bench.h.sandbox.faults.clear();
});

/** Submits a launch that needs no approval; its job is queued but runs only when the test says. */
async function approvedLaunch() {
  const reply = await submit(bench, bench.h.actorFor("alice"), validForm());
  expect(reply.type).toBe("launch-queued");
  return launchOf(reply);
}

const createCalls = () => bench.h.oktaCalls({ operationId: "createSecurityAccessReview" });
const eventsFor = <T extends "launch-delayed" | "launch-failed" | "launch-succeeded">(type: T, launchId: string) =>
  bench.h.notifier.eventsOfType(type).filter((e) => "launch" in e && e.launch.id === launchId);

describe("the launch job", () => {
  it("fails for good when the bot's app lacks the scope, with a hint naming the scope to grant", async () => {
    hook = (input, opts) => withoutManageScope.createSecurityAccessReview(input, opts);
    const launch = await approvedLaunch();
    expect(await bench.service.runLaunch(launch.id)).toBe("failed");
    const record = await stored(bench, launch);
    expect(record).toMatchObject({ state: "FAILED", failure: { code: "okta_forbidden", message: expect.stringContaining(MANAGE) } });
    const [failed] = eventsFor("launch-failed", launch.id);
    expect(failed).toMatchObject({ code: "okta_forbidden", hint: expect.stringMatching(new RegExp(`Grant ${MANAGE}`)) });
    expect((await bench.h.store.queryAudit({ launchId: launch.id as never })).map((e) => [e.action, e.outcome])).toContainEqual([
      "sar.launch.failed",
      "failed",
    ]);
    expect(await bench.service.runLaunch(launch.id)).toBe("skipped");
    expect(sarsWithReference(bench, launch.reference)).toEqual([]);
  });

  it("fails with Okta's reason when Okta refuses the review (a reviewer suspended since the form)", async () => {
    const launch = await approvedLaunch();
    bench.h.sandbox.org.setUserStatus(erin.id, "SUSPENDED");
    try {
      expect(await bench.service.runLaunch(launch.id)).toBe("failed");
    } finally {
      bench.h.sandbox.org.setUserStatus(erin.id, "ACTIVE");
    }
    expect(await stored(bench, launch)).toMatchObject({
      state: "FAILED",
      failure: { code: "okta_bad_request", message: expect.stringContaining("not an active user") },
    });
  });

  it("keeps a rate-limited launch, tells the requester once, and creates one SAR when the limit resets", async () => {
    const launch = await approvedLaunch();
    bench.h.sandbox.faults.rateLimitStorm(new Date(bench.h.clock.now().getTime() + 3_600_000), { operationId: "createSecurityAccessReview" });
    expect(await bench.service.runLaunch(launch.id)).toBe("retrying");
    expect(await bench.service.runLaunch(launch.id)).toBe("retrying");
    expect(await stored(bench, launch)).toMatchObject({ state: "APPROVED", attempts: 2 });
    const delayed = eventsFor("launch-delayed", launch.id);
    expect(delayed).toHaveLength(1);
    expect(delayed[0]!.reason).toMatch(/rate limit/);

    bench.h.sandbox.faults.clear();
    expect(await bench.service.runLaunch(launch.id)).toBe("launched");
    expect(sarsWithReference(bench, launch.reference)).toHaveLength(1);
    expect(eventsFor("launch-delayed", launch.id)).toHaveLength(1);
    expect(eventsFor("launch-succeeded", launch.id)).toHaveLength(1);
  });

  it("hands a launch back after a 503 on the create once a search shows nothing landed, then creates one SAR", async () => {
    const launch = await approvedLaunch();
    bench.h.sandbox.faults.errorRate(1, { status: 503, operationId: "createSecurityAccessReview" });
    expect(await bench.service.runLaunch(launch.id)).toBe("retrying");
    expect(await stored(bench, launch)).toMatchObject({ state: "APPROVED" });
    expect(eventsFor("launch-delayed", launch.id)).toHaveLength(1);

    bench.h.sandbox.faults.clear();
    expect(await bench.service.runLaunch(launch.id)).toBe("launched");
    expect(sarsWithReference(bench, launch.reference)).toHaveLength(1);
  });

  it("adopts the SAR of a create whose answer was lost, without sending it again", async () => {
    const launch = await approvedLaunch();
    const before = createCalls();
    hook = async (input, opts, real) => {
      await real(input, opts);
      throw new OktaOutcomeUnknown("createSecurityAccessReview: sent, but the answer was lost", { operation: "createSecurityAccessReview" });
    };
    expect(await bench.service.runLaunch(launch.id)).toBe("adopted");
    const sars = sarsWithReference(bench, launch.reference);
    expect(sars).toHaveLength(1);
    expect(createCalls()).toBe(before + 1);
    expect(await stored(bench, launch)).toMatchObject({ state: "LAUNCHED", sarId: sars[0]!.id });
    expect(eventsFor("launch-succeeded", launch.id)).toHaveLength(1);
  });

  it("looks for an earlier attempt's SAR before sending again, and adopts one that landed late", async () => {
    const launch = await approvedLaunch();
    const before = createCalls();
    // The first attempt's request reaches Okta although the client reported it as never sent.
    hook = async (input, opts, real) => {
      hook = undefined;
      await real(input, opts);
      throw new OktaUnavailable("createSecurityAccessReview: network error (ECONNREFUSED)", { operation: "createSecurityAccessReview" });
    };
    expect(await bench.service.runLaunch(launch.id)).toBe("retrying");
    expect(await bench.service.runLaunch(launch.id)).toBe("adopted");
    expect(createCalls()).toBe(before + 1);
    expect(sarsWithReference(bench, launch.reference)).toHaveLength(1);
    expect(await stored(bench, launch)).toMatchObject({ state: "LAUNCHED", attempts: 2 });
  });

  it("sends the chosen duration counted from the launch, ending at least that many days after Okta's now", async () => {
    const launch = await approvedLaunch();
    bench.h.clock.advance(20 * 60_000);
    expect(await bench.service.runLaunch(launch.id)).toBe("launched");
    const [sar] = sarsWithReference(bench, launch.reference);
    const days = (Date.parse(sar!.endTime) - bench.h.clock.now().getTime()) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(7);
    expect(days).toBeLessThan(7.1);
  });
});
