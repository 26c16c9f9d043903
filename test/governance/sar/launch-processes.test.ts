// Two bot processes on one PostgreSQL database, and a worker killed in the
// middle of a launch: each approved launch still creates exactly one SAR.
// The second process is a real child process (fixtures/launch-process.ts)
// with its own pool, pg-boss and Okta client; the sandbox runs here.
import { afterEach, expect, it } from "vitest";
import type { Reply } from "../../../src/governance/replies.js";
import { DEMO_USERS } from "../../support/core-harness.js";
import { describeWithPostgres, probePostgres } from "../../support/databases.js";
import { startFixture, type FixtureProcess } from "./fixture-process.js";
import {
  createLaunchBench,
  FAST_TIMINGS,
  launchOf,
  sarsWithReference,
  stored,
  submit,
  validForm,
  waitForState,
  type LaunchBench,
} from "./launch-bench.js";

const probe = await probePostgres();
const STALL_MS = FAST_TIMINGS.stallAfterMs ?? 120_000;

describeWithPostgres(probe, "launch processes on one PostgreSQL database", () => {
  let bench: LaunchBench | undefined;
  let fixture: FixtureProcess | undefined;

  /** A fresh bench per test: wall time for the sandbox (a child process cannot share a manual clock); the core here keeps one for stall detection. */
  async function open(): Promise<LaunchBench> {
    bench = await createLaunchBench({ database: "postgres", jobs: true, sandboxClock: "system" });
    return bench;
  }
  afterEach(async () => {
    await fixture?.stop();
    fixture = undefined;
    await bench?.close();
    bench = undefined;
  });

  it("two processes approving the same launch at once create one SAR", async () => {
    const b = await open();
    const { h, service } = b;
    await service.start();
    const card = launchOf(await submit(b, h.actorFor("alice"), validForm()));
    fixture = await startFixture(h, "approve", {
      FIXTURE_LAUNCH_ID: card.id,
      FIXTURE_APPROVER: JSON.stringify({ platform: "slack", tenantId: "T_DEMO", userId: "U_CAROL", email: DEMO_USERS.carol.email }),
    });
    const bob = h.actorFor("bob");
    await h.identity.resolveActor(bob);
    await fixture.waitFor((m) => m.event === "ready");
    fixture.send("go");
    const [mine, theirs] = await Promise.all([
      service.decide(bob, { launchId: card.id, decision: "approve" }),
      fixture.waitFor((m) => m.event === "reply").then((m) => m.reply as Reply),
    ]);
    const outcomes = [mine, theirs].map((r) => (r.type === "decision-recorded" ? r.outcome : r.type === "error" ? r.code : r.type)).sort();
    expect(outcomes).toEqual(["approved", "conflict"]);
    expect(await h.store.listDecisions(card.id as never)).toHaveLength(1);
    await waitForState(b, card.id, "LAUNCHED");
    expect(await fixture.exited).toEqual({ code: 0, signal: null });
    expect(sarsWithReference(b, card.reference)).toHaveLength(1);
  }, 60_000);

  for (const { mode, when, landed } of [
    { mode: "crash-before-create", when: "between claiming the launch and the Okta call", landed: 0 },
    { mode: "crash-after-create", when: "after Okta created the SAR but before it was recorded", landed: 1 },
  ]) {
    it(`a worker killed ${when} leaves a launch the sweeper completes with exactly one SAR`, async () => {
      // This process's workers are not started yet, so the launch job goes to the child.
      const b = await open();
      const { h, service } = b;
      const card = launchOf(await submit(b, h.actorFor("alice"), validForm()));
      fixture = await startFixture(h, mode);
      await fixture.waitFor((m) => m.event === "ready");
      expect(await service.decide(h.actorFor("bob"), { launchId: card.id, decision: "approve" })).toMatchObject({ outcome: "approved" });
      expect(await fixture.exited).toEqual({ code: null, signal: "SIGKILL" });
      expect(await stored(b, card)).toMatchObject({ state: "LAUNCHING", attempts: 1 });
      expect(sarsWithReference(b, card.reference)).toHaveLength(landed);

      // Restarted here: nothing is taken over until the launch looks stalled, then the sweeper completes it.
      await service.start();
      expect(await service.sweep()).toBe(0);
      expect(await stored(b, card)).toMatchObject({ state: "LAUNCHING" });
      h.clock.advance(STALL_MS + 60_000);
      await service.sweep();
      const launched = await waitForState(b, card.id, "LAUNCHED");
      const sars = sarsWithReference(b, card.reference);
      expect(sars).toHaveLength(1);
      expect(launched.sarId).toBe(sars[0]!.id);
      expect(h.oktaCalls({ operationId: "createSecurityAccessReview" })).toBe(1);
    }, 60_000);
  }
});
