// Slack's link to a stored message in the audit export: the archive format
// `chat.getPermalink` answers with, built from the stored ids alone.
import { describe, expect, it } from "vitest";
import { slackPermalink } from "../../../src/adapters/slack/permalink.js";

describe("slackPermalink", () => {
  const base = { platform: "slack" as const, tenantId: "T0DEMO", conversationId: "C0INCIDENT" };

  it("builds Slack's archive link, with the thread for a reply", () => {
    expect(slackPermalink({ ...base, threadId: null, messageId: "1700000001.000200" })).toBe("https://slack.com/archives/C0INCIDENT/p1700000001000200");
    expect(slackPermalink({ ...base, threadId: "1700000000.000100", messageId: "1700000005.000500" })).toBe(
      "https://slack.com/archives/C0INCIDENT/p1700000005000500?thread_ts=1700000000.000100&cid=C0INCIDENT",
    );
    expect(slackPermalink({ ...base, threadId: "1700000000.000100", messageId: "1700000001.000200" }, "https://acme.slack.com/")).toBe(
      "https://acme.slack.com/archives/C0INCIDENT/p1700000001000200?thread_ts=1700000000.000100&cid=C0INCIDENT",
    );
  });

  it("gives no link when the ids are not Slack's", () => {
    expect(slackPermalink({ ...base, threadId: null, messageId: null })).toBeNull();
    expect(slackPermalink({ ...base, threadId: null, messageId: "not-a-ts" })).toBeNull();
    expect(slackPermalink({ ...base, conversationId: "c0/../x", threadId: null, messageId: "1700000001.000200" })).toBeNull();
  });
});
