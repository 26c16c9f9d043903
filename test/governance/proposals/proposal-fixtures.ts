/** A proposal record as the store returns it, for the card renderers' tests. */
import type { OktaUserId } from "../../../src/governance/okta/types.js";
import type { ProposalId, ProposalRecord } from "../../../src/governance/proposals/index.js";

export const HOSTILE = '<!channel> <@U0BOB> <https://evil.example|click> [x](https://evil.example) *bold* & "q" <at>everyone</at>';

export function proposal(overrides: Partial<ProposalRecord> = {}): ProposalRecord {
  const at = new Date("2030-01-01T10:00:00.000Z");
  const event = {
    uuid: "6c2f0c1e-1111-4000-8000-000000000001",
    eventType: "user.risk.change",
    published: at.toISOString(),
    summary: "User risk level changed",
    outcome: "SUCCESS",
    riskLevel: "HIGH",
    reportedBy: "Okta System",
    where: "198.51.100.23 · Lisbon, Portugal",
  };
  return {
    id: "0f5b0c9a-2222-4000-8000-000000000002" as ProposalId,
    oktaUserId: "00udemodan0000000000" as OktaUserId,
    login: "dan.target@example.com",
    displayName: "Dan Target",
    openedAt: at,
    windowEndsAt: new Date(at.getTime() + 3_600_000),
    lastSeenAt: at,
    eventCount: 1,
    firstEvent: event,
    lastEvent: event,
    eventTypes: ["user.risk.change"],
    messages: {},
    version: 1,
    updatedAt: at,
    ...overrides,
  };
}

/** Every text field set to hostile, overlong text. */
export function hostileProposal(): ProposalRecord {
  const long = `${HOSTILE} ${"x".repeat(5000)}`;
  const event = { ...proposal().lastEvent, eventType: long, summary: long, outcome: long, reportedBy: long, where: long, riskLevel: long };
  return proposal({ login: long, displayName: long, lastEvent: event, firstEvent: event, eventTypes: Array.from({ length: 60 }, (_, i) => `${long}${i}`), eventCount: 60 });
}
