// Okta down in the middle of a launch: a 503 outage window, then requests
// that hang past the client's timeout. The approved launch is kept, the
// requester hears of the delay once, and once Okta answers again exactly
// one SAR is created.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OktaError } from "../../../src/adapters/okta/index.js";
import { createLaunchBench, interceptCreate, launchOf, sarsWithReference, submit, validForm, waitForState, type LaunchBench } from "./launch-bench.js";

let bench: LaunchBench;
/** The error codes of failed SAR POSTs, in order. */
const createFailures: string[] = [];

beforeAll(async () => {
  bench = await createLaunchBench({
    jobs: true,
    workers: true,
    okta: { timeoutMs: 400, retry: { minDelayMs: 1, maxDelayMs: 5, jitterMs: 0 } },
    wrapOkta: (okta) =>
      interceptCreate(okta, () => async (input, opts, real) => {
        try {
          return await real(input, opts);
        } catch (err) {
          createFailures.push(err instanceof OktaError ? err.code : String(err));
          throw err;
        }
      }),
  });
});
afterAll(async () => {
  await bench?.close();
});

async function until(condition: () => boolean, what: string): Promise<void> {
  const giveUpAt = Date.now() + 25_000;
  while (!condition()) {
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("a launch during an Okta outage", () => {
  it("is kept through 503s and hangs, announced as delayed once, and creates one SAR when Okta is back", async () => {
    const { h, service } = bench;
    const card = launchOf(await submit(bench, h.actorFor("alice"), validForm()));
    h.sandbox.faults.outage(new Date(h.clock.now().getTime() + 3_600_000), { bucket: "governance-sar" });
    expect(await service.decide(h.actorFor("bob"), { launchId: card.id, decision: "approve" })).toMatchObject({ outcome: "approved" });

    const delayed = await h.notifier.waitFor((n) => n.event.type === "launch-delayed" && n.event.launch.id === card.id);
    expect(delayed.event).toMatchObject({ reason: expect.stringMatching(/not answering/) });
    await until(() => createFailures.length >= 1, "the POST to fail during the outage");
    expect(createFailures[0]).toBe("okta_outcome_unknown");

    // Okta now takes the POST but never answers it in time.
    h.sandbox.faults.clear();
    h.sandbox.faults.hang({ operationId: "createSecurityAccessReview" });
    const seen = createFailures.length;
    await until(() => createFailures.length >= seen + 2, "two POSTs to time out");
    expect(sarsWithReference(bench, card.reference)).toEqual([]);

    h.sandbox.faults.clear();
    const launched = await waitForState(bench, card.id, "LAUNCHED");
    const sars = sarsWithReference(bench, card.reference);
    expect(sars).toHaveLength(1);
    expect(launched.sarId).toBe(sars[0]!.id);
    await h.notifier.waitFor((n) => n.event.type === "launch-succeeded" && n.event.launch.id === card.id);
    expect(h.notifier.eventsOfType("launch-delayed").filter((e) => e.launch.id === card.id)).toHaveLength(1);
  });
});
