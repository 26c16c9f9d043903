// The message extension's launch action: the form in a task module
// (prefilled from a message), its submission, the approval card posted
// once, and answers within Teams' time limit when the core is slow.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ConversationKey } from "../../../src/governance/actor.js";
import type { SubmitLaunchInput } from "../../../src/governance/core.js";
import type { Reply } from "../../../src/governance/replies.js";
import { allText, button, cardOf, inputsOf, refreshOf, taskOf } from "./support/card-reading.js";
import { FakeCore, pendingLaunch } from "./support/fake-core.js";
import { startTeamsHarness, type TeamsHarness } from "./support/teams-harness.js";
import { CHANNEL, GROUP_CHAT, teamsUser } from "../../../src/fakes/teams-client.js";

const alice = teamsUser("alice", "alice.responder@example.com");
const bob = teamsUser("bob", "bob.lead@example.com");
const dan = teamsUser("Dan Target", "dan.target@example.com");
const FORM = { action: "launch.form", target: "dan.target@example.com", reviewers: "erin.reviewer@example.com", durationDays: "7", reason: "phished", incidentRef: "" };

describe("Teams message extension: launch action", () => {
  let h: TeamsHarness;
  let core: FakeCore;

  beforeAll(async () => {
    core = new FakeCore();
    h = await startTeamsHarness({ core });
    for (const user of [alice, bob, dan]) h.connector.addMember({ id: user.id, aadObjectId: user.aadObjectId, name: user.name, email: user.email });
  });
  afterAll(async () => h?.close());
  beforeEach(() => {
    core.reset();
    h.connector.clear();
  });

  it("fetchTask from the compose box shows the form with the core's defaults", async () => {
    const res = await h.client.fetchTask(alice);
    const { card } = taskOf(res.body);
    expect(inputsOf(card)).toMatchObject({ reviewers: "erin.reviewer@example.com", durationDays: 7 });
    expect(button(card, "Submit")).toMatchObject({ type: "Action.Submit", data: { action: "launch.form" } });
    expect(core.callsOf("openLaunchForm")[0]?.[1]).toEqual({});
  });

  it("fetchTask from a message's menu prefills target, reason and incident from that message", async () => {
    const res = await h.client.fetchTask(alice, {
      messagePayload: {
        id: "1700000000000",
        body: { contentType: "html", content: `<p><at id="0">${dan.name}</at> signed in from two continents, INC-4711</p>` },
        mentions: [{ id: 0, mentionText: dan.name, mentioned: { user: { id: dan.aadObjectId, displayName: dan.name } } }],
        linkToMessage: "https://teams.microsoft.com/l/message/19:incident/1700000000000",
      },
    });
    const { card } = taskOf(res.body);
    expect(inputsOf(card)).toMatchObject({ target: `@${dan.name}`, incidentRef: "INC-4711" });
    expect(String(inputsOf(card).reason)).toContain("(from https://teams.microsoft.com/l/message/19:incident/1700000000000)");
    expect(button(card, "Submit").data.mention).toEqual({ id: dan.aadObjectId, name: dan.name });
  });

  it("fetchTask shows the core's refusal (naming the missing role) instead of the form", async () => {
    core.script.openLaunchForm = async (): Promise<Reply> => ({ type: "error", code: "not_allowed", message: "Launching a review needs the role responder." });
    const res = await h.client.fetchTask(bob);
    expect(taskOf(res.body).message).toContain("needs the role responder");
  });

  it("an unknown command id is answered, and the core is not asked", async () => {
    const res = await h.client.fetchTask(alice, { commandId: "somethingElse" });
    expect(taskOf(res.body).message).toMatch(/not known/);
    expect(core.actions()).toEqual([]);
  });

  it("submitAction with errors shows the form again with the core's messages under the fields", async () => {
    core.script.submitLaunch = async (_actor, input): Promise<Reply> => ({
      type: "launch-form",
      values: input.values,
      errors: { reviewers: "Okta allows at most 10 reviewers; 11 are named." },
    });
    const res = await h.client.submitAction(alice, { ...FORM, reviewers: "a@x.com" });
    const { card } = taskOf(res.body);
    expect(allText(card)).toContain("Okta allows at most 10 reviewers; 11 are named.");
    expect(inputsOf(card)).toMatchObject({ target: "dan.target@example.com", reason: "phished" });
    expect(h.connector.posted).toHaveLength(0);
  });

  it("submitAction posts the approval card as a new post, threads later events under it and tells the core its id", async () => {
    const launch = pendingLaunch();
    core.script.submitLaunch = async (): Promise<Reply> => ({ type: "approval-card", launch });
    const res = await h.client.submitAction(alice, FORM);
    expect(res.status).toBe(200);
    // Not an empty answer: Microsoft's playground shows an error for one (see launch-extension.ts).
    expect(taskOf(res.body).message).toMatch(/approval card is in the conversation/);
    const [input] = core.callsOf("submitLaunch").map((args) => args[1] as SubmitLaunchInput);
    expect(input).toMatchObject({ values: { target: "dan.target@example.com", reviewers: ["erin.reviewer@example.com"], durationDays: 7, reason: "phished" }, idempotencyKey: res.activity.id });
    expect(input?.conversation).toEqual({ platform: "teams", tenantId: "tenant-demo", conversationId: CHANNEL.id });

    const posted = await h.connector.waitFor("the approval card", () => h.connector.posted[0]);
    expect(posted.conversationId).toBe(CHANNEL.id);
    const card = cardOf(posted.activity);
    expect(allText(card)).toMatch(/approval needed/i);
    expect(refreshOf(card)?.userIds?.sort()).toEqual([alice.id, bob.id, dan.id].sort());
    expect(core.callsOf("attachLaunchMessage")).toEqual([[launch.id, posted.id]]);
    const refs = core.callsOf("putConversationReference") as [ConversationKey, { threadRootId: string | null }][];
    expect(refs.map(([key, ref]) => [key.threadId, ref.threadRootId])).toEqual([
      [undefined, null],
      [posted.id, posted.id],
    ]);
  });

  it("submitAction passes a mentioned target as the Teams user, not as typed text", async () => {
    core.script.submitLaunch = async (): Promise<Reply> => ({ type: "error", code: "x", message: "stop here" });
    await h.client.submitAction(alice, { ...FORM, target: `@${dan.name}`, mention: { id: dan.aadObjectId, name: dan.name } });
    const input = core.callsOf("submitLaunch")[0]?.[1] as SubmitLaunchInput;
    expect(input.target?.kind).toBe("chat-user");
    if (input.target?.kind === "chat-user") expect(input.target.email).toBe(dan.email);
  });

  it("a redelivered submit (same launch) posts no second card", async () => {
    const launch = pendingLaunch({ id: "7f000000-0000-4000-8000-000000000001" });
    core.script.submitLaunch = async (): Promise<Reply> => ({ type: "approval-card", launch });
    const first = await h.client.submitAction(alice, FORM);
    await h.connector.waitFor("the first card", () => h.connector.posted[0]);
    expect((await h.client.send(first.activity)).status).toBe(200);
    expect(core.callsOf("submitLaunch")).toHaveLength(2);
    expect(h.connector.posted).toHaveLength(1);
    expect(core.callsOf("attachLaunchMessage")).toHaveLength(1);
  });

  it("in a group chat the card goes into the chat, and events for it into the same chat", async () => {
    const launch = pendingLaunch({ id: "7f000000-0000-4000-8000-000000000002" });
    core.script.submitLaunch = async (): Promise<Reply> => ({ type: "approval-card", launch });
    await h.client.submitAction(alice, FORM, { conversation: GROUP_CHAT });
    const posted = await h.connector.waitFor("the card", () => h.connector.posted[0]);
    expect(posted.conversationId).toBe(GROUP_CHAT.id);
    const refs = core.callsOf("putConversationReference") as [ConversationKey, { threadRootId: string | null; conversationId: string }][];
    expect(refs.at(-1)?.[0]).toMatchObject({ conversationId: GROUP_CHAT.id, threadId: posted.id });
    expect(refs.at(-1)?.[1]).toMatchObject({ conversationId: GROUP_CHAT.id, threadRootId: null });
  });
});

describe("Teams message extension when the core is slow", () => {
  it("answers the submit within the deadline and posts the approval card when the core finishes", async () => {
    const core = new FakeCore();
    const release = core.hold("submitLaunch");
    const h = await startTeamsHarness({ core, timings: { invokeDeadlineMs: 50 } });
    try {
      const res = await h.client.submitAction(alice, FORM);
      expect(taskOf(res.body).message).toMatch(/Okta is slow/);
      expect(h.connector.posted).toHaveLength(0);
      const launch = pendingLaunch();
      release({ type: "approval-card", launch });
      const posted = await h.connector.waitFor("the late approval card", () => h.connector.posted[0]);
      expect(allText(cardOf(posted.activity))).toMatch(/approval needed/i);
      await h.connector.waitFor("the card's id reaching the core", () => core.callsOf("attachLaunchMessage")[0]);
    } finally {
      await h.close();
    }
  });

  it("posts a late refusal into the conversation, since the task module is gone", async () => {
    const core = new FakeCore();
    const release = core.hold("submitLaunch");
    const h = await startTeamsHarness({ core, timings: { invokeDeadlineMs: 50 } });
    try {
      await h.client.submitAction(alice, FORM);
      release({ type: "error", code: "not_allowed", message: "Launching a review needs the role responder." });
      const posted = await h.connector.waitFor("the late refusal", () => h.connector.posted[0]);
      expect(allText(cardOf(posted.activity))).toContain("needs the role responder");
    } finally {
      await h.close();
    }
  });
});
