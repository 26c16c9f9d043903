// Teams' link to a stored message in the audit export: the documented
// message deep link, built from the stored ids alone.
import { describe, expect, it } from "vitest";
import { teamsPermalink } from "../../../src/adapters/teams/permalink.js";

describe("teamsPermalink", () => {
  it("builds the Teams message deep link from a channel thread's conversation id", () => {
    const link = teamsPermalink({ platform: "teams", tenantId: "tenant-1", conversationId: "19:abc@thread.tacv2;messageid=111", threadId: null, messageId: "222" });
    const url = new URL(link ?? "");
    expect(url.origin + url.pathname).toBe(`https://teams.microsoft.com/l/message/${encodeURIComponent("19:abc@thread.tacv2")}/222`);
    expect(url.searchParams.get("tenantId")).toBe("tenant-1");
    expect(url.searchParams.get("parentMessageId")).toBe("111");
  });

  it("gives no link without a message or a conversation", () => {
    expect(teamsPermalink({ platform: "teams", tenantId: "t", conversationId: "19:abc@thread.tacv2", threadId: null, messageId: null })).toBeNull();
    expect(teamsPermalink({ platform: "teams", tenantId: "t", conversationId: "", threadId: null, messageId: "222" })).toBeNull();
  });
});
