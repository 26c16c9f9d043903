// The triage forms: within Slack's view limits, carrying the review, item and
// card through private_metadata, which is read back only as written.
import { describe, expect, it } from "vitest";
import { decodeTriageMetadata, encodeTriageMetadata, type TriageMetadata } from "../../../src/adapters/slack/views/metadata.js";
import { commentModal, detailsModal, extendModal, readTriageReviewers, reviewActionModal, reviewersModal, revokeModal } from "../../../src/adapters/slack/views/triage-modals.js";
import { renderTriageDetails } from "../../../src/adapters/slack/render/render-triage.js";
import { viewLimitProblems } from "../../../src/fakes/slack-web-api.js";
import { sampleTriageDetails, sampleTriageItem, TRIAGE_HOSTILE } from "../../support/triage-views.js";

const meta: TriageMetadata = { channelId: "C0INCIDENT", threadTs: "1700000001.000001", cardTs: "1700000002.000002", sarId: "sar00000000000000001", accessId: "aim0000000000000001", action: "REVOKE_ACCESS", itemName: TRIAGE_HOSTILE.repeat(10) };

describe("triage forms", () => {
  it("every form stays within Slack's view limits and shows hostile text escaped", () => {
    const details = { ...sampleTriageDetails(), item: sampleTriageItem({ name: TRIAGE_HOSTILE }), subAccesses: Array.from({ length: 50 }, (_, i) => ({ id: `s${i}`, name: `${TRIAGE_HOSTILE} ${"x".repeat(300)}`, type: "ENTITLEMENT", supportedActions: [] })), truncated: true };
    const views = [
      revokeModal(meta),
      reviewActionModal({ ...meta, action: "CLOSE_REVIEW" }),
      reviewActionModal({ ...meta, action: "RESTORE_ALL_ACCESS" }),
      extendModal(meta),
      reviewersModal(meta),
      commentModal(meta),
      detailsModal(renderTriageDetails(details)),
    ];
    for (const view of views) {
      expect(viewLimitProblems(view)).toEqual([]);
      const shown = JSON.stringify(view.blocks);
      expect(shown).not.toContain("<!channel>");
      expect(shown).not.toContain("<@U0BOB>");
    }
    expect(JSON.stringify(revokeModal(meta).blocks)).toContain("&lt;!channel&gt;");
  });

  it("the metadata round-trips, and a forged one is refused", () => {
    const back = decodeTriageMetadata(encodeTriageMetadata(meta));
    expect(back).toEqual({ ...meta, itemName: meta.itemName?.slice(0, 200) });
    for (const forged of [
      JSON.stringify({ c: "C0INCIDENT", s: "../x" }),
      JSON.stringify({ c: "C0INCIDENT", s: "sar1", a: "DELETE_USER" }),
      JSON.stringify({ c: "C0INCIDENT", s: "sar1", i: "a b" }),
      JSON.stringify({ s: "sar1" }),
      "not json",
    ]) {
      expect(decodeTriageMetadata(forged)).toBeNull();
    }
  });

  it("reads the reviewers picked and typed, without duplicates or non-user ids", () => {
    const view = {
      state: {
        values: {
          reviewer_users: { value: { selected_users: ["U0FRANK", "U0FRANK", "<!channel>"] } },
          reviewer_names: { value: { value: " grace@example.com, frank.reviewer ; grace@example.com " } },
        },
      },
    };
    expect(readTriageReviewers(view)).toEqual({ userIds: ["U0FRANK"], names: ["grace@example.com", "frank.reviewer"] });
  });
});
