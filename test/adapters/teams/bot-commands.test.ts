// @mention commands in Teams: each reaches the core with the Teams actor
// and the right arguments, and the answer lands in the same reply chain.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor, ConversationKey } from "../../../src/governance/actor.js";
import type { TargetInput } from "../../../src/governance/identity/types.js";
import type { Reply } from "../../../src/governance/replies.js";
import { allText, button, cardOf, inputsOf } from "./support/card-reading.js";
import { FakeCore } from "./support/fake-core.js";
import { startTeamsHarness, type TeamsHarness } from "./support/teams-harness.js";
import { CHANNEL, personalChat, teamsUser } from "../../../src/fakes/teams-client.js";

const alice = teamsUser("alice", "alice.responder@example.com");
const dan = teamsUser("Dan Target", "dan.target@example.com");
const REQ = "req00000000000000001";
const SAR_ID = "sar00000000000000001";

describe("Teams bot commands", () => {
  let h: TeamsHarness;
  let core: FakeCore;

  beforeAll(async () => {
    core = new FakeCore();
    h = await startTeamsHarness({ core });
    for (const user of [alice, dan]) h.connector.addMember({ id: user.id, aadObjectId: user.aadObjectId, name: user.name, email: user.email });
  });
  afterAll(async () => h?.close());
  beforeEach(() => {
    core.reset();
    h.connector.clear();
  });

  async function answerTo(...args: Parameters<TeamsHarness["client"]["message"]>) {
    const sent = await h.client.message(...args);
    expect(sent.status).toBe(200);
    const reply = await h.connector.waitFor("the bot's answer", () => h.connector.posted.find((p) => p.replyToId === sent.activity.id));
    return { sent, reply, card: cardOf(reply.activity) };
  }

  it("status: asks the core as the Teams user and answers in the message's reply chain", async () => {
    core.script.status = async (): Promise<Reply> => ({ type: "request-status", request: { id: REQ, status: "PENDING", created: "2031-01-01T09:00:00Z" } });
    const { sent, reply, card } = await answerTo(alice, `status ${REQ}`);
    const [actor, id] = core.callsOf("status")[0] as [Actor, string];
    expect(id).toBe(REQ);
    expect(actor).toMatchObject({ platform: "teams", tenantId: "tenant-demo", userId: alice.aadObjectId, displayName: alice.name, correlationId: sent.activity.id });
    expect(reply.conversationId).toBe(`${CHANNEL.id};messageid=${sent.activity.id}`);
    expect(allText(card)).toContain("PENDING");
    expect(button(card, "Watch").data).toMatchObject({ id: REQ });
  });

  it("looks up the actor's email through the conversation members API once, and caches it", async () => {
    let emails: (string | undefined)[] = [];
    core.script.whoami = async (actor: Actor): Promise<Reply> => {
      emails = [await actor.lookupEmail?.(), await actor.lookupEmail?.()];
      return { type: "text", text: "ok" };
    };
    await answerTo(alice, "whoami");
    await answerTo(alice, "whoami");
    expect(emails).toEqual([alice.email, alice.email]);
    expect(h.connector.memberLookups.filter((l) => l.userId === alice.id)).toHaveLength(1);
    expect(h.connector.memberLookups[0]?.conversationId).toBe(CHANNEL.teamId);
  });

  it("requests: passes the status and the mentioned user as a Teams chat user with their email", async () => {
    await answerTo(alice, "requests pending @Dan Target", { mentions: [dan] });
    const [, input] = core.callsOf("listRequests")[0] as [Actor, { status?: string; user?: TargetInput }];
    expect(input.status).toBe("pending");
    expect(input.user?.kind).toBe("chat-user");
    if (input.user?.kind !== "chat-user") return;
    expect(input.user.user).toMatchObject({ platform: "teams", tenantId: "tenant-demo", userId: dan.aadObjectId, displayName: dan.name });
    expect(input.user.email).toBe(dan.email);
  });

  it("requests: a typed name that is no user is refused before the core is asked", async () => {
    const { card } = await answerTo(alice, "requests PENDING not-a-user@");
    expect(allText(card)).toMatch(/does not name a user/);
    expect(core.actions()).toEqual([]);
  });

  it("message: posts the text with mentions shown by name", async () => {
    const { card } = await answerTo(alice, `message ${REQ} please call @Dan Target today`, { mentions: [dan] });
    expect(core.callsOf("postRequestMessage")[0]?.slice(1)).toEqual([REQ, "please call @Dan Target today"]);
    expect(allText(card)).toContain(`Message posted on ${REQ}`);
  });

  it("watch: stores the reply chain's reference before the watch starts, under the same key", async () => {
    const { sent } = await answerTo(alice, `watch ${SAR_ID}`);
    const order = core.calls.map((c) => c.method).filter((m) => m === "putConversationReference" || m === "watch");
    expect(order).toEqual(["putConversationReference", "watch"]);
    const [key, reference] = core.callsOf("putConversationReference")[0] as [ConversationKey, Record<string, unknown>];
    const [, id, watchKey] = core.callsOf("watch")[0] as [Actor, string, ConversationKey];
    expect(id).toBe(SAR_ID);
    expect(watchKey).toEqual(key);
    expect(key).toEqual({ platform: "teams", tenantId: "tenant-demo", conversationId: CHANNEL.id, threadId: sent.activity.id });
    expect(reference).toMatchObject({ conversationId: CHANNEL.id, threadRootId: sent.activity.id, serviceUrl: h.connector.serviceUrl });
  });

  it("link: names the mentioned Teams user by AAD object id", async () => {
    await answerTo(alice, "link @Dan Target dan.target@example.com", { mentions: [dan] });
    const [, chatUser, login] = core.callsOf("link")[0] as [Actor, { userId: string; platform: string; tenantId: string }, string];
    expect(chatUser).toMatchObject({ platform: "teams", tenantId: "tenant-demo", userId: dan.aadObjectId });
    expect(login).toBe("dan.target@example.com");
  });

  it("audit: a mentioned user goes to the core as the Teams user, a typed id as typed", async () => {
    await answerTo(alice, "audit @Dan Target", { mentions: [dan] });
    const [, input] = core.callsOf("audit")[0] as [Actor, { target?: TargetInput }];
    expect(input.target).toMatchObject({ kind: "chat-user", user: { platform: "teams", userId: dan.aadObjectId } });
    await answerTo(alice, `audit ${SAR_ID}`);
    expect(core.callsOf("audit")[1]?.[1]).toEqual({ target: SAR_ID });
    await answerTo(alice, "audit dan.target@example.com");
    expect(core.callsOf("audit")[2]?.[1]).toEqual({ target: { kind: "email", email: "dan.target@example.com" } });
  });

  it("sar: opens the launch form prefilled from the command, the mention carried with it", async () => {
    const { card } = await answerTo(alice, "sar @Dan Target suspicious OAuth grant INC-4711", { mentions: [dan] });
    expect(core.callsOf("openLaunchForm")[0]?.[1]).toEqual({ target: "@Dan Target", reason: "suspicious OAuth grant INC-4711", incidentRef: "INC-4711" });
    expect(inputsOf(card)).toMatchObject({ target: "@Dan Target", reason: "suspicious OAuth grant INC-4711", incidentRef: "INC-4711", durationDays: 7 });
    const submit = button(card, "Submit");
    expect(submit).toMatchObject({ type: "Action.Execute", verb: "launch.submit" });
    expect(submit.data.mention).toEqual({ id: dan.id, name: dan.name });
  });

  it("help: lists the commands the way they are typed in Teams", async () => {
    const { card } = await answerTo(alice, "help");
    expect(allText(card)).toContain("@oig-chatops status <sar… | req…>");
  });

  it("an unknown command is named back and nothing is asked of the core", async () => {
    const { card } = await answerTo(alice, "launchit now");
    expect(allText(card)).toContain('I do not know the command "launchit"');
    expect(core.actions()).toEqual([]);
  });

  it("works in personal chat without mentioning the bot, answering in the chat", async () => {
    const chat = personalChat(alice);
    const { reply } = await answerTo(alice, `status ${REQ}`, { conversation: chat, mentionBot: false });
    expect(reply.conversationId).toBe(chat.id);
    expect(core.callsOf("status")[0]?.[1]).toBe(REQ);
  });

  it("answers a message Teams delivers twice only once", async () => {
    const sent = await h.client.message(alice, `status ${REQ}`);
    await h.connector.waitFor("the first answer", () => h.connector.posted.find((p) => p.replyToId === sent.activity.id));
    const again = await h.client.send(sent.activity);
    expect(again.status).toBe(200);
    expect(core.callsOf("status")).toHaveLength(1);
    expect(h.connector.posted.filter((p) => p.replyToId === sent.activity.id)).toHaveLength(1);
  });
});

describe("Teams bot commands when the core is slow", () => {
  it("says it is working at once and posts the answer into the reply chain when it comes", async () => {
    const core = new FakeCore();
    const release = core.hold("status");
    const h = await startTeamsHarness({ core, timings: { messageDeadlineMs: 50 } });
    try {
      const sent = await h.client.message(alice, `status ${REQ}`);
      expect(sent.status).toBe(200);
      const first = await h.connector.waitFor("the working-on-it note", () => h.connector.posted[0]);
      expect(allText(cardOf(first.activity))).toMatch(/Working on it/);
      release({ type: "request-status", request: { id: REQ, status: "APPROVED", created: "2031-01-01T09:00:00Z" } });
      const late = await h.connector.waitFor("the late answer", () => h.connector.posted[1]);
      expect(late.conversationId).toBe(`${CHANNEL.id};messageid=${sent.activity.id}`);
      expect(allText(cardOf(late.activity))).toContain("APPROVED");
    } finally {
      await h.close();
    }
  });
});
