// The Teams proposal card: valid Adaptive Card 1.5 whatever Okta sends,
// Okta's text only in TextRuns (never markdown), and the button opening
// the launch form in a task module.
import { describe, expect, it } from "vitest";
import { PROPOSAL_LAUNCH_VERB, proposalCard } from "../../../src/adapters/teams/proposal-card.js";
import { sharedAbsentMessage, sharedPresent } from "../../support/shared-dir.js";
import { HOSTILE, hostileProposal, proposal } from "../../governance/proposals/proposal-fixtures.js";
import { allText, button, markdownTexts } from "./support/card-reading.js";
import { adaptiveCardValidator, describeErrors } from "./support/schemas.js";

const present = sharedPresent("schemas/adaptive-cards/1.5.0/adaptive-card.json");

describe("Teams proposal card", () => {
  it("says who, what Okta saw, when, and opens the launch form in a task module", () => {
    const card = proposalCard(proposal());
    const text = allText(card);
    for (const part of ["Dan Target (dan.target@example.com)", "00udemodan0000000000", "user.risk.change, risk HIGH", "User risk level changed", "2030-01-01 10:00 UTC", "First seen"]) {
      expect(text).toContain(part);
    }
    expect(button(card, "Launch security access review").data).toEqual({ msteams: { type: "task/fetch" }, verb: PROPOSAL_LAUNCH_VERB, proposalId: proposal().id });
  });

  it("puts Okta's text only where it is never read as markdown", () => {
    const card = proposalCard(proposal({ displayName: HOSTILE, lastEvent: { ...proposal().lastEvent, summary: HOSTILE } }));
    expect(allText(card)).toContain(HOSTILE);
    expect(markdownTexts(card).join("\n")).not.toContain("evil.example");
  });

  it.skipIf(!present)(present ? "is valid Adaptive Card 1.5, hostile and overlong values included" : sharedAbsentMessage, () => {
    const validate = adaptiveCardValidator();
    for (const card of [proposalCard(proposal()), proposalCard(proposal({ eventCount: 3 })), proposalCard(hostileProposal())]) {
      expect(validate(card), describeErrors(validate.errors)).toBe(true);
    }
    expect(JSON.stringify(proposalCard(hostileProposal())).length).toBeLessThan(28_000);
  });
});
