// Buttons on Teams cards (adaptiveCard/action): decisions reach the core
// with the click's id, refusals are shown to the clicker only, a refresh
// gives each viewer their own version, unknown buttons change nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../../src/governance/actor.js";
import type { DecideLaunchInput } from "../../../src/governance/core.js";
import type { Reply } from "../../../src/governance/replies.js";
import { allText, buttonsOf, cardOf, invokeCard, invokeMessage } from "./support/card-reading.js";
import { FakeCore, pendingLaunch } from "./support/fake-core.js";
import { startTeamsHarness, type TeamsHarness } from "./support/teams-harness.js";
import { CHANNEL, teamsUser } from "../../../src/fakes/teams-client.js";

const alice = teamsUser("alice", "alice.responder@example.com");
const bob = teamsUser("bob", "bob.lead@example.com");
const erin = teamsUser("erin", "erin.reviewer@example.com");
const launch = pendingLaunch();
const CARD_ID = "bot-msg-card";

const whoami = (allowed: string[]): Reply => ({
  type: "whoami",
  access: {
    oktaUserId: "00u00000000000000001" as never,
    login: "x@example.com",
    status: "ACTIVE",
    roles: [],
    allowedActions: allowed as never,
    deniedActions: allowed.includes("sar.approve") ? [] : [{ action: "sar.approve", requiredRoles: ["approver"], reason: "Approving needs the role approver." }],
  },
});

describe("Teams card actions", () => {
  let h: TeamsHarness;
  let core: FakeCore;

  beforeAll(async () => {
    core = new FakeCore();
    h = await startTeamsHarness({ core });
  });
  afterAll(async () => h?.close());
  beforeEach(() => {
    core.reset();
    h.connector.clear();
  });

  it("Approve reaches the core as a decision keyed by the click, and the clicker sees the decided card", async () => {
    core.script.decideLaunch = async (): Promise<Reply> => ({
      type: "decision-recorded",
      decision: "approve",
      outcome: "approved",
      launch: { ...launch, state: "APPROVED" },
    });
    const res = await h.client.cardAction(bob, { verb: "launch.approve", data: { launchId: launch.id } }, { replyToId: CARD_ID });
    const [actor, input] = core.callsOf("decideLaunch")[0] as [Actor, DecideLaunchInput];
    expect(actor).toMatchObject({ platform: "teams", userId: bob.aadObjectId });
    expect(input).toEqual({ launchId: launch.id, decision: "approve", idempotencyKey: res.activity.id });
    const card = invokeCard(res.body);
    expect(allText(card)).toContain("You approved this launch");
    expect(buttonsOf(card)).toEqual([]);
  });

  it("Deny sends the typed reason", async () => {
    core.script.decideLaunch = async (): Promise<Reply> => ({ type: "decision-recorded", decision: "deny", outcome: "denied", launch: { ...launch, state: "DENIED" } });
    await h.client.cardAction(bob, { verb: "launch.deny", data: { launchId: launch.id, denyReason: "not an incident" } });
    expect(core.callsOf("decideLaunch")[0]?.[1]).toMatchObject({ decision: "deny", reason: "not an incident" });
  });

  it("an ineligible click is answered to the clicker only, with the core's words naming the missing role", async () => {
    core.script.decideLaunch = async (): Promise<Reply> => ({ type: "error", code: "not_allowed", message: "Approving needs the role approver." });
    const res = await h.client.cardAction(erin, { verb: "launch.approve", data: { launchId: launch.id } });
    expect(invokeMessage(res.body)).toContain("needs the role approver");
    expect(h.connector.posted).toHaveLength(0);
    expect(h.connector.updated).toHaveLength(0);
  });

  it("a refresh shows an approver the buttons, the requester Cancel, and anyone else why they cannot decide", async () => {
    core.script.status = async (): Promise<Reply> => ({ type: "launch-status", launch });
    core.script.whoami = async (actor: Actor): Promise<Reply> => whoami(actor.userId === bob.aadObjectId ? ["sar.approve", "sar.read"] : ["sar.read"]);
    const refresh = (user: typeof alice) => h.client.cardAction(user, { verb: "launch.refresh", data: { launchId: launch.id } }, { trigger: "automatic", replyToId: CARD_ID });

    const approver = invokeCard((await refresh(bob)).body);
    expect(buttonsOf(approver).map((b) => b.title)).toEqual(["Approve", "Deny", "Deny"]);
    const requester = invokeCard((await refresh(alice)).body);
    expect(buttonsOf(requester).map((b) => b.title)).toEqual(["Cancel request"]);
    const other = invokeCard((await refresh(erin)).body);
    expect(buttonsOf(other)).toEqual([]);
    expect(allText(other)).toContain("Approving needs the role approver.");
    expect(core.callsOf("decideLaunch")).toHaveLength(0);
  });

  it("a refresh by someone who may not read launches keeps the card everyone sees (an error answer)", async () => {
    core.script.status = async (): Promise<Reply> => ({ type: "error", code: "not_allowed", message: "Reading needs the role responder." });
    const res = await h.client.cardAction(erin, { verb: "launch.refresh", data: { launchId: launch.id } }, { trigger: "automatic" });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ type: "application/vnd.microsoft.error" });
  });

  it("Cancel goes to the core as the requester's cancel", async () => {
    core.script.cancelLaunch = async (): Promise<Reply> => ({ type: "launch-status", launch: { ...launch, state: "CANCELED" } });
    const res = await h.client.cardAction(alice, { verb: "launch.cancel", data: { launchId: launch.id } });
    expect(core.callsOf("cancelLaunch")[0]?.[1]).toBe(launch.id);
    expect(allText(invokeCard(res.body))).toMatch(/canceled/i);
  });

  it("Add message posts the request message and confirms it in the thread", async () => {
    const res = await h.client.cardAction(alice, { verb: "request.message", data: { requestId: "req00000000000000001", messageText: "please hurry" } }, { threadRootId: "root-1", replyToId: "status-card" });
    expect(core.callsOf("postRequestMessage")[0]?.slice(1)).toEqual(["req00000000000000001", "please hurry"]);
    expect(invokeMessage(res.body)).toContain("Message posted");
    const confirmation = await h.connector.waitFor("the confirmation in the thread", () => h.connector.posted[0]);
    expect(confirmation.conversationId).toBe(`${CHANNEL.id};messageid=root-1`);
    expect(allText(cardOf(confirmation.activity))).toContain("please hurry");
  });

  it("Watch stores the card's thread and starts the watch there", async () => {
    await h.client.cardAction(alice, { verb: "status.watch", data: { id: "sar00000000000000001" } }, { threadRootId: "root-2" });
    expect(core.callsOf("watch")[0]?.slice(1)).toEqual(["sar00000000000000001", { platform: "teams", tenantId: "tenant-demo", conversationId: CHANNEL.id, threadId: "root-2" }]);
  });

  it("More pages a request list with the same filter", async () => {
    const res = await h.client.cardAction(alice, { verb: "requests.more", data: { cursor: "c2", status: "PENDING", userOktaId: "00udan00000000000000" } });
    expect(core.callsOf("listRequests")[0]?.[1]).toEqual({ cursor: "c2", status: "PENDING", user: { kind: "okta-id", id: "00udan00000000000000" } });
    expect(invokeCard(res.body)).toBeDefined();
  });

  it("an unknown verb is a 400 and changes nothing", async () => {
    const res = await h.client.cardAction(alice, { verb: "launch.nuke", data: { launchId: launch.id } });
    expect(res.status).toBe(400);
    expect(core.actions()).toEqual([]);
  });
});

describe("Teams card actions when the core is slow", () => {
  it("answers a decision at once and posts a late refusal into the thread", async () => {
    const core = new FakeCore();
    const release = core.hold("decideLaunch");
    const h = await startTeamsHarness({ core, timings: { invokeDeadlineMs: 50 } });
    try {
      const res = await h.client.cardAction(erin, { verb: "launch.approve", data: { launchId: launch.id } }, { threadRootId: "root-3" });
      expect(invokeMessage(res.body)).toMatch(/Recording your decision/);
      release({ type: "error", code: "not_allowed", message: "Approving needs the role approver." });
      const posted = await h.connector.waitFor("the late refusal", () => h.connector.posted[0]);
      expect(posted.conversationId).toBe(`${CHANNEL.id};messageid=root-3`);
      expect(allText(cardOf(posted.activity))).toContain("Approving needs the role approver.");
    } finally {
      await h.close();
    }
  });
});
