// The adapters record the message showing a review's shared card through
// the core; from then on the watch follows the review. Malformed ids are
// refused with a clear error and store nothing.
import { describe, expect, it } from "vitest";
import { createGovernanceCore } from "../../../src/governance/create-core.js";
import { coreHarnessForFile } from "../../support/core-harness.js";

const harness = coreHarnessForFile({ jobs: true });

function coreOf() {
  const h = harness();
  return createGovernanceCore({
    store: h.store,
    okta: h.okta,
    policy: h.policy,
    jobs: h.jobs,
    notifier: h.notifier,
    clock: h.clock,
    logger: h.logger,
    identity: { cacheTtlMs: 60_000, matchAttribute: "profile.email" },
  });
}

describe("attachTriageCard", () => {
  it("records the card, once, and the review is followed from then on", async () => {
    const h = harness();
    const core = coreOf();
    const thread = h.conversation({ threadId: "1700000000.000100" });
    await core.attachTriageCard({ sarId: "sar-attached", messageId: "1700000000.000200" }, thread);
    await core.attachTriageCard({ sarId: "sar-attached", messageId: "1700000000.000200" }, thread);
    expect(await h.store.listTriageCards("sar-attached")).toEqual([
      { sarId: "sar-attached", conversation: thread, messageId: "1700000000.000200", createdAt: h.clock.now() },
    ]);
    expect(await h.store.listFollowedTriage(100)).toContainEqual({ sarId: "sar-attached", fingerprint: null, lastCheckedAt: null });
  }, 60_000);

  it("refuses an empty or oversized id and stores nothing", async () => {
    const h = harness();
    const core = coreOf();
    const thread = h.conversation();
    for (const ref of [
      { sarId: "sar-bad", messageId: "" },
      { sarId: "sar-bad", messageId: "x".repeat(513) },
      { sarId: "  ", messageId: "1700000000.000300" },
    ]) {
      await expect(core.attachTriageCard(ref, thread)).rejects.toThrow("a triage card needs a SAR id and a message id of 1 to 512 characters");
    }
    expect(await h.store.listTriageCards("sar-bad")).toEqual([]);
    expect(await h.store.listTriageCards("  ")).toEqual([]);
  }, 60_000);
});
