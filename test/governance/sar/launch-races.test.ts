// Ten eligible approvers clicking Approve on one launch at the same moment:
// the launch moves once (after exactly minApprovals decisions), the others
// are told it was already approved, and Okta gets exactly one SAR. On
// PGlite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../../src/governance/actor.js";
import { DEMO_GROUPS } from "../../support/core-harness.js";
import { describeWithPostgres, probePostgres } from "../../support/databases.js";
import {
  createLaunchBench,
  launchOf,
  policyVariant,
  sarsWithReference,
  submit,
  validForm,
  waitForState,
  type LaunchBench,
} from "./launch-bench.js";

const probe = await probePostgres();

function raceSuite(database: "pglite" | "postgres", minApprovals: number): void {
  let bench: LaunchBench;
  const approvers: Actor[] = [];

  beforeAll(async () => {
    const policy = policyVariant((yaml) => yaml.replace("minApprovals: 1", `minApprovals: ${minApprovals}`));
    bench = await createLaunchBench({ database, jobs: true, workers: true, policy });
    for (let i = 0; i < 10; i++) {
      const login = `lead${i}@example.com`;
      const user = bench.h.sandbox.org.addUser({ login });
      bench.h.sandbox.org.addToGroup(user.id, DEMO_GROUPS.securityLeads.id);
      const actor: Actor = { platform: "slack", tenantId: "T_DEMO", userId: `U_LEAD${i}`, correlationId: `race-${i}`, lookupEmail: async () => login };
      // Mapped ahead, so the clicks race on the launch row rather than on Okta lookups.
      await bench.h.identity.resolveActor(actor);
      approvers.push(actor);
    }
  });
  afterAll(async () => {
    await bench?.close();
  });

  it(`ten approvals at once record ${minApprovals} decision(s), approve once and create one SAR`, async () => {
    const { h, service } = bench;
    const card = launchOf(await submit(bench, h.actorFor("alice"), validForm()));
    const replies = await Promise.all(approvers.map((actor) => service.decide(actor, { launchId: card.id, decision: "approve" })));
    const recorded = replies.filter((r) => r.type === "decision-recorded");
    expect(recorded).toHaveLength(minApprovals);
    expect(recorded.filter((r) => r.outcome === "approved")).toHaveLength(1);
    for (const other of replies.filter((r) => r.type !== "decision-recorded")) {
      expect(other).toMatchObject({ type: "error", code: "conflict", message: expect.stringMatching(/already approved/) });
    }
    expect(await h.store.listDecisions(card.id as never)).toHaveLength(minApprovals);
    await waitForState(bench, card.id, "LAUNCHED");
    expect(sarsWithReference(bench, card.reference)).toHaveLength(1);
    expect(h.notifier.eventsOfType("launch-updated").filter((e) => e.launch.id === card.id)).toHaveLength(minApprovals);
  });
}

describe("concurrent approvals on PGlite", () => raceSuite("pglite", 1));
describe("concurrent approvals on PGlite, two required", () => raceSuite("pglite", 2));
describeWithPostgres(probe, "concurrent approvals on PostgreSQL", () => raceSuite("postgres", 1));
describeWithPostgres(probe, "concurrent approvals on PostgreSQL, two required", () => raceSuite("postgres", 2));
