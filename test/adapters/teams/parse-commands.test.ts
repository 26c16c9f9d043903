// Reading Teams message text: mentions from `entities`, the bot's own
// mention removed, commands and their arguments, hostile text kept inert.
import { describe, expect, it } from "vitest";
import { parseCommand } from "../../../src/adapters/teams/parse/command.js";
import { readMessageText } from "../../../src/adapters/teams/parse/message-text.js";
import { prefillFromMessage } from "../../../src/adapters/teams/parse/message-prefill.js";
import { readFormSubmission } from "../../../src/adapters/teams/parse/form-submission.js";

const BOT_ID = "28:oig-bot";
const botMention = { type: "mention", text: "<at>oig-chatops</at>", mentioned: { id: BOT_ID, name: "oig-chatops" } };
const danMention = { type: "mention", text: "<at>Dan Target</at>", mentioned: { id: "29:dan", name: "Dan Target" } };

function command(text: string, entities: unknown[] = [botMention]) {
  return parseCommand(readMessageText({ text, entities, botId: BOT_ID }));
}

describe("Teams message text", () => {
  it("removes the bot's own mention and keeps other mentions as users", () => {
    const read = readMessageText({ text: "<at>oig-chatops</at> sar <at>Dan Target</at> stolen token", entities: [botMention, danMention], botId: BOT_ID });
    expect(read.mentions).toEqual([{ id: "29:dan", name: "Dan Target" }]);
    expect(read.text).not.toContain("oig-chatops");
    expect(command("<at>oig-chatops</at> sar <at>Dan Target</at> stolen token", [botMention, danMention])).toEqual({
      kind: "launch",
      target: { text: "@Dan Target", mention: { id: "29:dan", name: "Dan Target" } },
      reason: "stolen token",
    });
  });

  it("ignores mention entities whose text is not in the message, and malformed entities", () => {
    const read = readMessageText({
      text: "<at>oig-chatops</at> status req00000000000000001",
      entities: [botMention, danMention, null, 7, { type: "mention", text: "<at>x</at>" }, { type: "mention", mentioned: { id: 5 } }],
      botId: BOT_ID,
    });
    expect(read.mentions).toEqual([]);
    expect(parseCommand(read)).toEqual({ kind: "status", id: "req00000000000000001" });
  });

  it("cannot be fooled by typed placeholder characters into a mention", () => {
    const read = readMessageText({ text: "<at>oig-chatops</at> link \uE0000\uE001 dan@example.com", entities: [botMention], botId: BOT_ID });
    expect(read.mentions).toEqual([]);
    expect(parseCommand(read)).toMatchObject({ kind: "usage" });
  });

  it("decodes HTML entities and drops formatting tags, keeping user text literal", () => {
    const cmd = command("<at>oig-chatops</at> sar dan@example.com <b>oops</b> &lt;!channel&gt; [click](https://evil) &amp; \"quotes\"");
    expect(cmd).toEqual({ kind: "launch", target: { text: "dan@example.com", name: { kind: "email", email: "dan@example.com" } }, reason: 'oops <!channel> [click](https://evil) & "quotes"' });
  });

  it("finds an incident reference in a launch reason", () => {
    expect(command("<at>oig-chatops</at> sar dan@example.com suspicious OAuth grant INC-4711")).toMatchObject({ incidentRef: "INC-4711" });
  });

  it("accepts the Slack-style `sar` prefix before a subcommand", () => {
    expect(command("<at>oig-chatops</at> sar status sar00000000000000001")).toEqual({ kind: "status", id: "sar00000000000000001" });
    expect(command("<at>oig-chatops</at> SAR whoami")).toEqual({ kind: "whoami" });
  });

  it("reads requests with a status and a mentioned user in either order of presence", () => {
    expect(command("<at>oig-chatops</at> requests PENDING <at>Dan Target</at>", [botMention, danMention])).toEqual({
      kind: "requests",
      status: "PENDING",
      user: { text: "@Dan Target", mention: { id: "29:dan", name: "Dan Target" } },
    });
    expect(command("<at>oig-chatops</at> requests dan@example.com")).toEqual({ kind: "requests", user: { text: "dan@example.com", name: { kind: "email", email: "dan@example.com" } } });
    expect(command("<at>oig-chatops</at> requests")).toEqual({ kind: "requests" });
    expect(command("<at>oig-chatops</at> requests a b c")).toMatchObject({ kind: "usage" });
  });

  it("keeps a request message's text whole, mentions shown by name", () => {
    expect(command("<at>oig-chatops</at> message req00000000000000001 please check with <at>Dan Target</at> today", [botMention, danMention])).toEqual({
      kind: "message",
      requestId: "req00000000000000001",
      text: "please check with @Dan Target today",
    });
    expect(command("<at>oig-chatops</at> message req00000000000000001")).toMatchObject({ kind: "usage" });
  });

  it("needs a mention to link and at most one target to audit", () => {
    expect(command("<at>oig-chatops</at> link <at>Dan Target</at> dan.target@example.com", [botMention, danMention])).toEqual({
      kind: "link",
      user: { id: "29:dan", name: "Dan Target" },
      oktaLogin: "dan.target@example.com",
    });
    expect(command("<at>oig-chatops</at> link dan dan.target@example.com")).toMatchObject({ kind: "usage" });
    expect(command("<at>oig-chatops</at> audit sar00000000000000001")).toEqual({ kind: "audit", target: { text: "sar00000000000000001" } });
    expect(command("<at>oig-chatops</at> audit")).toEqual({ kind: "audit" });
  });

  it("answers an empty mention with help and names an unknown word", () => {
    expect(command("<at>oig-chatops</at>")).toEqual({ kind: "help" });
    expect(command("<at>oig-chatops</at> launchit now")).toEqual({ kind: "unknown", word: "launchit" });
  });

  it("never throws on hostile or huge input", () => {
    const inputs: unknown[] = ["", "<".repeat(50_000), "&#x110000; &#0; &#xD800;", "\u0000\u0007 status", { text: 1 }, null, "<at>".repeat(1000)];
    for (const text of inputs) {
      expect(() => parseCommand(readMessageText({ text, entities: [{ type: "mention", text: "<at>", mentioned: { id: BOT_ID } }], botId: BOT_ID }))).not.toThrow();
    }
  });
});

describe("launch form prefill from a message", () => {
  it("takes the target from the first mention, the reason from the text with a link back, and the incident reference", () => {
    const { prefill, mention } = prefillFromMessage({
      body: { contentType: "html", content: "<p>Impossible travel for <at id=\"0\">Dan Target</at> — see INC-4711</p>" },
      mentions: [{ id: 0, mentionText: "Dan Target", mentioned: { user: { id: "aad-dan", displayName: "Dan Target" } } }],
      linkToMessage: "https://teams.microsoft.com/l/message/19:x/123",
    });
    expect(mention).toEqual({ id: "aad-dan", name: "Dan Target" });
    expect(prefill).toEqual({
      target: "@Dan Target",
      reason: "Impossible travel for Dan Target — see INC-4711 (from https://teams.microsoft.com/l/message/19:x/123)",
      incidentRef: "INC-4711",
    });
  });

  it("falls back to the first email address, and keeps the reason within Okta's 1000 characters", () => {
    const { prefill, mention } = prefillFromMessage({ body: { contentType: "text", content: `alert for dan.target@example.com ${"x".repeat(3000)}` } });
    expect(mention).toBeUndefined();
    expect(prefill.target).toBe("dan.target@example.com");
    expect([...(prefill.reason ?? "")].length).toBeLessThanOrEqual(1000);
  });

  it("prefills nothing from a payload that is not a message", () => {
    for (const payload of [undefined, null, "text", 42, { body: 5, mentions: "x", linkToMessage: "javascript:alert(1)" }]) {
      expect(prefillFromMessage(payload).prefill.target).toBeUndefined();
    }
    expect(prefillFromMessage({ body: { content: "hi" }, linkToMessage: "javascript:alert(1)" }).prefill.reason).toBe("hi");
  });
});

describe("launch form submission", () => {
  it("splits reviewers, reads the duration Teams sends as text, and keeps the mention only while the field shows it", () => {
    const kept = readFormSubmission({ target: "@Dan Target", reviewers: "erin@example.com, frank@example.com", durationDays: "14", reason: "r", mention: { id: "29:dan", name: "Dan Target" } });
    expect(kept.values).toEqual({ target: "@Dan Target", reviewers: ["erin@example.com", "frank@example.com"], durationDays: 14, reason: "r" });
    expect(kept.mention).toEqual({ id: "29:dan", name: "Dan Target" });
    const edited = readFormSubmission({ target: "sam@example.com", reviewers: "erin@example.com", durationDays: "7", reason: "r", mention: { id: "29:dan", name: "Dan Target" } });
    expect(edited.mention).toBeUndefined();
  });

  it("turns garbage into values the core will refuse, never into an exception", () => {
    for (const data of [undefined, null, [], "x", { durationDays: "7 days", reviewers: 5, target: {} }]) {
      const { values } = readFormSubmission(data);
      expect(values.reviewers).toEqual([]);
      expect(Number.isNaN(values.durationDays)).toBe(true);
    }
  });
});
