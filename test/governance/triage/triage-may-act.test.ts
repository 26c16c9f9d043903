// `triageMayAct`: asked when a triage button that acts is clicked, before a
// form opens. It answers with the refusal the person would get (no role, the
// person under review) and refuses a button whose review is not the one the
// clicked card shows; null lets the click go on. It never acts.
import { beforeEach, describe, expect, it } from "vitest";
import type { TriageMayActInput } from "../../../src/governance/triage/types.js";
import { coreHarnessForFile } from "../../support/core-harness.js";
import { activeReview, triageBench } from "./support.js";

const harness = coreHarnessForFile({ sarActivationDelayMs: 1_000 });

describe("triageMayAct", () => {
  beforeEach(async () => harness().reset());

  it("lets an approver and an assigned reviewer act, and refuses someone without the role and the principal", async () => {
    const h = harness();
    const bench = triageBench(h);
    const sarId = activeReview(h);
    const ask = (who: "alice" | "bob" | "dan" | "erin" | "frank", kind: TriageMayActInput["kind"]) => bench.core.triageMayAct(h.actorFor(who), { sarId, kind });
    expect(await ask("bob", "item")).toBeNull();
    expect(await ask("bob", "review")).toBeNull();
    expect(await ask("erin", "item")).toBeNull();
    expect(await ask("alice", "item")).toMatchObject({ type: "error", code: "not_allowed", message: expect.stringContaining("approver role") });
    expect(await ask("frank", "review")).toMatchObject({ type: "error", code: "not_allowed" });
    expect(await ask("dan", "item")).toMatchObject({ type: "error", code: "principal_cannot_act" });
    expect(await ask("dan", "update")).toMatchObject({ type: "error", code: "principal_cannot_act" });
    expect(bench.gateway.calls.filter((c) => c.startsWith("execute"))).toEqual([]);
    const denied = await h.store.queryAudit({ sarId: sarId as never });
    expect(denied.filter((e) => e.outcome === "denied").map((e) => e.action)).toEqual(expect.arrayContaining(["sar.remediate", "sar.close"]));
  });

  it("refuses a button naming a review that the clicked card does not show, even to someone who may act", async () => {
    const h = harness();
    const bench = triageBench(h);
    const sarId = activeReview(h);
    const other = activeReview(h);
    bench.cards.push({ sarId, conversation: h.conversation(), messageId: "1700000000.000100", createdAt: h.clock.now() });
    expect(await bench.core.triageMayAct(h.actorFor("bob"), { sarId, kind: "item", cardMessageId: "1700000000.000100" })).toBeNull();
    const tampered = await bench.core.triageMayAct(h.actorFor("bob"), { sarId: other, kind: "item", cardMessageId: "1700000000.000100" });
    expect(tampered).toMatchObject({ type: "error", code: "validation_failed", message: expect.stringContaining("not the review on this card") });
  });

  it("refuses malformed input with a clear message", async () => {
    const h = harness();
    const bench = triageBench(h);
    const sarId = activeReview(h);
    expect(await bench.core.triageMayAct(h.actorFor("bob"), { sarId: "not-a-sar", kind: "item" })).toMatchObject({ type: "error", code: "validation_failed" });
    expect(await bench.core.triageMayAct(h.actorFor("bob"), { sarId, kind: "delete" as never })).toMatchObject({ type: "error", code: "validation_failed" });
  });
});
