// The proposal service over a real store (PGlite) with a scripted Okta and
// recording notifiers: what each event does, failures that must not lose a
// card, and the launch form's prefill.
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ConversationKey } from "../../../src/governance/actor.js";
import { OktaNotFound, OktaUnavailable } from "../../../src/governance/okta/errors.js";
import type { OktaUser, OktaUserId } from "../../../src/governance/okta/types.js";
import { parsePolicy, type Policy } from "../../../src/governance/policy/index.js";
import type { OktaGovernance } from "../../../src/governance/ports.js";
import { createProposalService, type ProposalNotifier, type ProposalRecord, type ProposalService } from "../../../src/governance/proposals/index.js";
import { createManualClock, openTestStore, type ManualClock, type TestStore } from "../../support/core-harness.js";
import { delivery, logEvent, riskChange } from "./okta-event-fixtures.js";

const POLICY = parsePolicy(
  `roles: {responder: {oktaGroups: [IR]}}
permissions: {sar.launch: [responder]}
proposals:
  window: 30m
  slack: {channel: C0INCIDENT}
  teams: {tenantId: t1, conversationId: "19:ir@thread.tacv2"}
  events:
    - type: security.threat.detected
    - type: user.risk.change
      riskLevel: [HIGH]
`,
  "p.yaml",
);

const dan = { id: "00udan00000000000001", login: "dan@example.com", displayName: "Dan" };

class RecordingNotifier implements ProposalNotifier {
  posts: { channel: ConversationKey; proposal: ProposalRecord }[] = [];
  updates: { messageId: string; proposal: ProposalRecord }[] = [];
  failPosts = 0;
  async post(channel: ConversationKey, proposal: ProposalRecord): Promise<string> {
    if (this.failPosts > 0) {
      this.failPosts -= 1;
      throw new Error("channel_not_found");
    }
    this.posts.push({ channel, proposal });
    return `msg-${this.posts.length}`;
  }
  async update(_channel: ConversationKey, messageId: string, proposal: ProposalRecord): Promise<void> {
    this.updates.push({ messageId, proposal });
  }
}

let opened: TestStore;
let clock: ManualClock;
let users: Map<string, OktaUser | Error>;
let slack: RecordingNotifier;
let teams: RecordingNotifier;
let logs: string[];

const okta = {
  async getUser(id: string) {
    const found = users.get(id);
    if (found === undefined) throw new OktaNotFound("no such user", { operation: "getUser", status: 404 });
    if (found instanceof Error) throw found;
    return found;
  },
} as Partial<OktaGovernance> as OktaGovernance;

function service(policy: Policy = POLICY, withTeams = true): ProposalService {
  return createProposalService({
    store: opened.store,
    okta,
    policy,
    notifiers: { slack, ...(withTeams && { teams }) },
    clock,
    logger: pino({ level: "info" }, { write: (line: string) => logs.push(line) }),
  });
}

beforeAll(async () => {
  clock = createManualClock(new Date("2030-03-01T08:00:00Z"));
  opened = await openTestStore({ clock });
});
afterAll(async () => opened?.close());
beforeEach(() => {
  users = new Map([[dan.id, { id: dan.id as OktaUserId, status: "ACTIVE", profile: { login: dan.login, firstName: "Dan", lastName: "Target" } }]]);
  slack = new RecordingNotifier();
  teams = new RecordingNotifier();
  logs = [];
  clock.advance(3_600_000); // each test starts outside the previous one's window
});

describe("proposal service", () => {
  it("posts one card per configured channel, named from Okta's user record, then updates both", async () => {
    const proposals = service();
    expect((await proposals.receive(delivery([riskChange(dan, "HIGH")]))).outcomes).toEqual(["proposed"]);
    expect(slack.posts.map((p) => p.channel)).toEqual([{ platform: "slack", tenantId: "", conversationId: "C0INCIDENT" }]);
    expect(teams.posts.map((p) => p.channel)).toEqual([{ platform: "teams", tenantId: "t1", conversationId: "19:ir@thread.tacv2" }]);
    expect(slack.posts[0]?.proposal).toMatchObject({ login: dan.login, displayName: "Dan Target", eventCount: 1 });

    expect((await proposals.receive(delivery([logEvent("security.threat.detected", dan)]))).outcomes).toEqual(["updated"]);
    expect(slack.updates.map((u) => [u.messageId, u.proposal.eventCount])).toEqual([["msg-1", 2]]);
    expect(teams.updates.map((u) => [u.messageId, u.proposal.eventCount])).toEqual([["msg-1", 2]]);
  });

  it("a card whose post failed is posted by the next event for that user", async () => {
    const proposals = service();
    slack.failPosts = 1;
    await proposals.receive(delivery([riskChange(dan, "HIGH")]));
    expect(slack.posts).toHaveLength(0);
    expect(teams.posts).toHaveLength(1);
    await proposals.receive(delivery([riskChange(dan, "HIGH")]));
    expect(slack.posts.map((p) => p.proposal.eventCount)).toEqual([2]);
    expect(teams.updates).toHaveLength(1);
  });

  it("a platform that is off is skipped with a warning; the other still gets its card", async () => {
    await service(POLICY, false).receive(delivery([riskChange(dan, "HIGH")]));
    expect(slack.posts).toHaveLength(1);
    expect(logs.join("\n")).toContain("teams is off");
  });

  it("a user Okta no longer knows proposes nothing; with Okta down the card uses the event's own names", async () => {
    const ghost = { id: "00ughost000000000001", login: "ghost@example.com" };
    expect((await service().receive(delivery([riskChange(ghost, "HIGH")]))).outcomes).toEqual(["ignored"]);
    expect(slack.posts).toHaveLength(0);

    users.set(dan.id, new OktaUnavailable("down", { operation: "getUser", status: 503 }));
    expect((await service().receive(delivery([riskChange(dan, "HIGH")]))).outcomes).toEqual(["proposed"]);
    expect(slack.posts[0]?.proposal).toMatchObject({ login: dan.login, displayName: "Dan" });
  });

  it("ignores unknown types, lower risk and, without a proposals section, everything", async () => {
    const outcomes = (await service().receive(delivery([logEvent("user.session.start", dan), riskChange(dan, "MEDIUM"), { uuid: 5 }]))).outcomes;
    expect(outcomes).toEqual(["ignored", "ignored", "ignored"]);
    const none = parsePolicy("roles: {r: {oktaGroups: [x]}}\npermissions: {sar.launch: [r]}\n", "p.yaml");
    expect((await service(none).receive(delivery([riskChange(dan, "HIGH")]))).outcomes).toEqual(["ignored"]);
    expect(slack.posts).toHaveLength(0);
  });

  it("a redelivered event is a duplicate, also within one delivery", async () => {
    const event = riskChange(dan, "HIGH");
    expect((await service().receive(delivery([event, event]))).outcomes).toEqual(["proposed", "duplicate"]);
    expect((await service().receive(delivery([event]))).outcomes).toEqual(["duplicate"]);
  });

  it("prefills the launch form with the user and what Okta saw; an unknown proposal gives none", async () => {
    const proposals = service();
    await proposals.receive(delivery([riskChange(dan, "HIGH", { displayMessage: "Risk raised" })]));
    const id = slack.posts[0]?.proposal.id ?? "";
    expect(await proposals.prefill(id)).toEqual({ target: dan.login, reason: expect.stringMatching(/^Okta reported user\.risk\.change, risk HIGH at \d{4}-.*: Risk raised$/) as unknown });
    expect(await proposals.prefill("not-a-uuid")).toBeNull();
  });
});
