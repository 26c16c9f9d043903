// The Slack proposal card: within Block Kit's limits whatever Okta sends,
// Okta's text escaped (no mention, broadcast or link is ever formed), and
// the launch button carrying the proposal id.
import { describe, expect, it } from "vitest";
import { PROPOSAL_LAUNCH_ACTION, renderProposalCard } from "../../../src/adapters/slack/proposal-card.js";
import { messageLimitProblems } from "../../../src/fakes/slack-web-api.js";
import { hostileProposal, proposal } from "../../governance/proposals/proposal-fixtures.js";

/** Every `<...>` control sequence in the message's texts. */
function controls(message: { text: string; blocks: unknown[] }): string[] {
  return [...`${message.text}\n${JSON.stringify(message.blocks)}`.matchAll(/<[^<>]*>/g)].map((m) => m[0]);
}

describe("Slack proposal card", () => {
  it("says who, what Okta saw, when, and offers the launch with the proposal id", () => {
    const card = renderProposalCard(proposal());
    const text = JSON.stringify(card.blocks);
    for (const part of ["Dan Target", "dan.target@example.com", "00udemodan0000000000", "user.risk.change", "risk *HIGH*", "User risk level changed", "Okta System", "Lisbon"]) {
      expect(text).toContain(part);
    }
    const buttons = card.blocks.flatMap((b) => (b.type === "actions" ? (b.elements as { action_id?: string; value?: string }[]) : []));
    expect(buttons).toEqual([expect.objectContaining({ action_id: PROPOSAL_LAUNCH_ACTION, value: proposal().id })]);
    expect(text).toContain("First seen");
  });

  it("shows the count, last seen and the types seen on repeats", () => {
    const text = JSON.stringify(renderProposalCard(proposal({ eventCount: 4, eventTypes: ["user.risk.change", "security.threat.detected"] })).blocks);
    expect(text).toContain("*4 events*");
    expect(text).toContain("last seen");
    expect(text).toContain("security.threat.detected");
  });

  it("stays within Slack's limits and escapes every hostile value", () => {
    const card = renderProposalCard(hostileProposal());
    expect(messageLimitProblems({ text: card.text, blocks: card.blocks })).toEqual([]);
    // The only control sequences are the bot's own dates.
    expect(controls(card).filter((c) => !c.startsWith("<!date^"))).toEqual([]);
    expect(JSON.stringify(card.blocks)).toContain("&lt;!channel&gt;");
  });
});
