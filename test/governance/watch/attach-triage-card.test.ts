// The adapters record the message showing a review's shared card through
// the core's attachTriageCard; from then on the watch follows the review.
// Malformed ids are refused with a clear error and store nothing.
import { describe, expect, it } from "vitest";
import type { ConversationKey } from "../../../src/governance/actor.js";
import { attachTriageCard } from "../../../src/governance/triage/watch.js";
import { createManualClock, testStoreForFile } from "../../support/core-harness.js";

const clock = createManualClock("2031-01-01T09:00:00.000Z");
const store = testStoreForFile({ clock });
const thread: ConversationKey = { platform: "slack", tenantId: "T_DEMO", conversationId: "C_INCIDENT", threadId: "1700000000.000100" };

describe("attachTriageCard", () => {
  it("records the card, once, and the review is followed from then on", async () => {
    await attachTriageCard(store(), { sarId: "sar-attached", messageId: "1700000000.000200" }, thread);
    await attachTriageCard(store(), { sarId: "sar-attached", messageId: "1700000000.000200" }, thread);
    expect(await store().listTriageCards("sar-attached")).toEqual([
      { sarId: "sar-attached", conversation: thread, messageId: "1700000000.000200", createdAt: clock.now() },
    ]);
    expect(await store().listFollowedTriage(100)).toContainEqual({ sarId: "sar-attached", fingerprint: null, lastCheckedAt: null });
  }, 60_000);

  it("refuses an empty or oversized id and stores nothing", async () => {
    for (const ref of [
      { sarId: "sar-bad", messageId: "" },
      { sarId: "sar-bad", messageId: "x".repeat(513) },
      { sarId: "  ", messageId: "1700000000.000300" },
    ]) {
      await expect(attachTriageCard(store(), ref, thread)).rejects.toThrow("a triage card needs a SAR id and a message id of 1 to 512 characters");
    }
    expect(await store().listTriageCards("sar-bad")).toEqual([]);
    expect(await store().listTriageCards("  ")).toEqual([]);
  }, 60_000);
});
