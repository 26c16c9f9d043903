// The demo transcript's reading of Block Kit: what a person sees on a card, as plain lines.
import { describe, expect, it } from "vitest";
import { plainText, slackCardLines, Transcript } from "../../src/demo/transcript.js";

describe("plainText", () => {
  it("drops emphasis and shows links, dates and mentions by their label", () => {
    expect(plainText("*AWS Console* · priority *HIGH* · `sar123` <https://x.example/r|Open in Okta> <!date^1796670000^{date_short}|2026-12-07T16:04:50Z> <@U0ERIN>")).toBe(
      "AWS Console · priority HIGH · sar123 Open in Okta 2026-12-07T16:04:50Z @U0ERIN",
    );
  });

  it("keeps the underscores inside words (IN_PROGRESS, logins) and removes italic marks", () => {
    expect(plainText("remediation *IN_PROGRESS* by erin_r: _a note_")).toBe("remediation IN_PROGRESS by erin_r: a note");
  });

  it("unescapes what Slack escapes", () => {
    expect(plainText("R&amp;D &lt;prod&gt;")).toBe("R&D <prod>");
  });
});

describe("slackCardLines", () => {
  it("reads header, sections, fields, buttons and context in order, and skips dividers", () => {
    const blocks = [
      { type: "header", text: { type: "plain_text", text: "Security access review" } },
      { type: "section", fields: [{ type: "mrkdwn", text: "*Status*\nACTIVE" }, { type: "mrkdwn", text: "*Manager*\nErin" }] },
      { type: "divider" },
      { type: "section", text: { type: "mrkdwn", text: "🔴 *AWS Console* · priority *HIGH*\n⚠️ Not used in 94 days" } },
      { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Revoke" } }, { type: "button", text: { type: "plain_text", text: "Details" } }] },
      { type: "context", elements: [{ type: "mrkdwn", text: "Page 1" }] },
    ];
    expect(slackCardLines(blocks)).toEqual([
      "Security access review",
      "Status: ACTIVE · Manager: Erin",
      "🔴 AWS Console · priority HIGH",
      "⚠️ Not used in 94 days",
      "[Revoke] [Details]",
      "Page 1",
    ]);
  });

  it("reads nothing from something that is not a block list", () => {
    expect(slackCardLines(undefined)).toEqual([]);
    expect(slackCardLines({ type: "section" })).toEqual([]);
  });
});

describe("Transcript.show", () => {
  it("prints each card line indented under the step, one line each", () => {
    const out: string[] = [];
    const t = new Transcript((line) => out.push(line));
    t.say("slack", "bot", "triage card:");
    t.show(["Security access review", "a  long\n line"]);
    expect(out).toEqual(["[slack] bot: triage card:", "    | Security access review", "    | a long line"]);
    expect(t.lines).toEqual(out);
  });
});
