/** Store contract: proposals (Okta risk events folded per user and window). */
import { expect, it } from "vitest";
import type { ProposalEvent, ProposalId } from "../../../../src/governance/proposals/proposal-types.js";
import { MINUTE, oktaId } from "./fixtures.js";
import type { StoreHarness } from "./harness.js";

const HOUR = 60 * MINUTE;

function event(n: number, overrides: Partial<ProposalEvent> = {}): ProposalEvent {
  return {
    uuid: `9f1c0a3e-0000-4000-8000-00000000000${n}`,
    eventType: "user.risk.change",
    published: new Date(Date.UTC(2030, 0, 1, 0, n)).toISOString(),
    summary: `risk raised <!channel> "${n}"`,
    outcome: "SUCCESS",
    riskLevel: "HIGH",
    reportedBy: "Okta ITP",
    where: null,
    ...overrides,
  };
}

const dan = { oktaUserId: oktaId("00udan"), login: "dan@example.com", displayName: "Dan Target" };

export function proposalContract(h: () => StoreHarness): void {
  it("the first event opens a proposal; repeats within the window fold into it", async () => {
    const { store, clock } = h();
    const first = await store.recordProposalEvent({ ...dan, event: event(1), windowMs: HOUR });
    expect(first.created).toBe(true);
    expect(first.proposal).toMatchObject({ eventCount: 1, login: "dan@example.com", eventTypes: ["user.risk.change"], messages: {}, version: 1 });
    expect(first.proposal.windowEndsAt.getTime() - first.proposal.openedAt.getTime()).toBe(HOUR);

    clock.advance(10 * MINUTE);
    const second = await store.recordProposalEvent({ ...dan, event: event(2, { eventType: "security.threat.detected" }), windowMs: HOUR });
    expect(second.created).toBe(false);
    expect(second.proposal.id).toBe(first.proposal.id);
    expect(second.proposal).toMatchObject({ eventCount: 2, version: 2, eventTypes: ["user.risk.change", "security.threat.detected"] });
    expect(second.proposal.lastEvent.uuid).toBe(event(2).uuid);
    expect(second.proposal.firstEvent).toEqual(event(1));
  });

  it("an event arriving late (published before the latest) counts but does not replace the latest", async () => {
    const { store } = h();
    await store.recordProposalEvent({ ...dan, event: event(5), windowMs: HOUR });
    const { proposal } = await store.recordProposalEvent({ ...dan, event: event(3), windowMs: HOUR });
    expect(proposal.eventCount).toBe(2);
    expect(proposal.lastEvent.uuid).toBe(event(5).uuid);
    expect(proposal.lastSeenAt.toISOString()).toBe(event(5).published);
  });

  it("after the window a new proposal opens; other users have their own", async () => {
    const { store, clock } = h();
    const first = await store.recordProposalEvent({ ...dan, event: event(1), windowMs: HOUR });
    const erin = await store.recordProposalEvent({ oktaUserId: oktaId("00uerin"), login: "erin@example.com", displayName: null, event: event(2), windowMs: HOUR });
    expect(erin.created).toBe(true);
    expect(erin.proposal.id).not.toBe(first.proposal.id);
    clock.advance(HOUR);
    const next = await store.recordProposalEvent({ ...dan, event: event(3), windowMs: HOUR });
    expect(next.created).toBe(true);
    expect(next.proposal.id).not.toBe(first.proposal.id);
    expect(next.proposal.eventCount).toBe(1);
  });

  it("remembers the card's message per platform", async () => {
    const { store } = h();
    const { proposal } = await store.recordProposalEvent({ ...dan, event: event(1), windowMs: HOUR });
    await store.setProposalMessage(proposal.id, "slack", "1700000000.000100");
    const both = await store.setProposalMessage(proposal.id, "teams", "1:teams-message");
    expect(both?.messages).toEqual({ slack: "1700000000.000100", teams: "1:teams-message" });
    expect((await store.getProposal(proposal.id))?.messages).toEqual(both?.messages);
  });

  it("an unknown or malformed id reads as not found", async () => {
    const { store } = h();
    expect(await store.getProposal("not-a-uuid" as ProposalId)).toBeNull();
    expect(await store.getProposal("6f1c0a3e-0000-4000-8000-000000000000" as ProposalId)).toBeNull();
    expect(await store.setProposalMessage("x'; drop table proposals; --" as ProposalId, "slack", "1")).toBeNull();
  });

  it("of ten simultaneous first events for one user, one opens the proposal and all ten are counted", async () => {
    const { openStores } = h();
    const stores = await openStores(10);
    const results = await Promise.all(stores.map((s, i) => s.recordProposalEvent({ ...dan, event: event(i), windowMs: HOUR })));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.proposal.id)).size).toBe(1);
    expect(Math.max(...results.map((r) => r.proposal.eventCount))).toBe(10);
  });
}
