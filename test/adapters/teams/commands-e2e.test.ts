// Teams commands and the search extension end to end (real core, Okta
// sandbox): finding requests, listing, watching into a thread, whoami and
// admin linking, each answered where it was asked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_REQUESTS, DEMO_USERS } from "../../support/core-harness.js";
import { allText, button, cardOf } from "./support/card-reading.js";
import { startTeamsWithCore, type TeamsCoreHarness } from "./support/teams-core-harness.js";
import { CHANNEL, type TeamsUser } from "../../../src/fakes/teams-client.js";

let env: TeamsCoreHarness;
beforeAll(async () => {
  env = await startTeamsWithCore();
});
afterAll(async () => env?.close());

interface SearchAnswer {
  composeExtension?: { type: string; text?: string; attachments?: { content: unknown; preview?: { content?: { title?: string } } }[] };
}

async function search(text: string) {
  const res = await env.teams.client.query(env.user("alice"), text);
  expect(res.status).toBe(200);
  return (res.body as SearchAnswer).composeExtension;
}

async function ask(user: TeamsUser, text: string, mentions: TeamsUser[] = []) {
  const sent = await env.teams.client.message(user, text, { mentions });
  const reply = await env.teams.connector.waitFor(`the answer to "${text}"`, () => env.teams.connector.posted.find((p) => p.replyToId === sent.activity.id));
  return { sent, reply, text: allText(cardOf(reply.activity)) };
}

describe("Teams search extension", () => {
  it("finds an access request by id and offers its status card with a preview", async () => {
    const result = await search(DEMO_REQUESTS.danPending.id);
    expect(result?.type).toBe("result");
    expect(result?.attachments).toHaveLength(1);
    const [hit] = result?.attachments ?? [];
    expect(allText(hit?.content)).toContain(DEMO_REQUESTS.danPending.id);
    expect(allText(hit?.content)).toContain("PENDING");
    expect(hit?.preview?.content?.title).toContain(DEMO_REQUESTS.danPending.id);
  });

  it("finds a user's requests by email", async () => {
    const result = await search(DEMO_USERS.dan.email);
    const ids = (result?.attachments ?? []).map((a) => allText(a.content));
    expect(ids.some((t) => t.includes(DEMO_REQUESTS.danPending.id))).toBe(true);
    expect(ids.some((t) => t.includes(DEMO_REQUESTS.aliceApproved.id))).toBe(false);
  });

  it("lists recent requests for an empty search", async () => {
    const result = await search("");
    expect(result?.attachments?.length).toBeGreaterThan(1);
  });

  it("explains what to type for text that names nothing", async () => {
    const result = await search("not an id");
    expect(result?.type).toBe("message");
    expect(result?.text).toMatch(/request id/);
  });
});

describe("Teams commands against the real core", () => {
  it("requests with a status and a mentioned user lists that user's matching requests", async () => {
    const { text } = await ask(env.user("alice"), `requests PENDING @${env.user("dan").name}`, [env.user("dan")]);
    expect(text).toContain(DEMO_REQUESTS.danPending.id);
    expect(text).not.toContain(DEMO_REQUESTS.danApproved.id);
  });

  it("watch posts the request's later status change into the command's reply chain", async () => {
    const { id } = DEMO_REQUESTS.danSubmitted;
    const { sent, text } = await ask(env.user("alice"), `watch ${id}`);
    expect(text).toContain(`Watching access request ${id}`);
    env.h.sandbox.org.updateRequest(id, { status: "APPROVED", grantStatus: "PENDING" });
    const thread = `${CHANNEL.id};messageid=${sent.activity.id}`;
    const inThread = () => env.teams.connector.posted.find((p) => p.conversationId === thread && allText(cardOf(p.activity)).includes("APPROVED"));
    // One poll round per watch interval on the manual clock, until the change is posted (bounded).
    for (let round = 0; round < 10 && inThread() === undefined; round++) {
      env.h.clock.advance(61_000);
      await env.core.watches.pollOnce();
    }
    const change = await env.teams.connector.waitFor("the status change in the thread", inThread);
    expect(allText(cardOf(change.activity))).toContain(`Request status: SUBMITTED → APPROVED`);
  });

  it("whoami names the Okta user, found through the email Teams gives", async () => {
    const { text } = await ask(env.user("bob"), "whoami");
    expect(text).toContain(DEMO_USERS.bob.login);
    expect(text).toMatch(/approver/);
  });

  it("link is refused to a non-admin with the missing role, and done for an admin", async () => {
    const refused = await ask(env.user("alice"), `link @${env.user("erin").name} ${DEMO_USERS.frank.login}`, [env.user("erin")]);
    expect(refused.text).toMatch(/admin role/);
    const linked = await ask(env.user("carol"), `link @${env.user("erin").name} ${DEMO_USERS.erin.login}`, [env.user("erin")]);
    expect(linked.text).toContain(`Okta user ${DEMO_USERS.erin.login}`);
    expect(await env.h.store.getIdentityLink({ platform: "teams", tenantId: "tenant-demo", chatUserId: env.user("erin").aadObjectId })).toMatchObject({ oktaLogin: DEMO_USERS.erin.login });
  });

  it("audit is for admins: carol reads the trail of a mentioned user, alice is told the role she lacks", async () => {
    const carol = await ask(env.user("carol"), `audit @${env.user("erin").name}`, [env.user("erin")]);
    expect(carol.text).toContain("Audit trail");
    expect(carol.text).toContain("identity.link");
    expect(carol.text).toContain(DEMO_USERS.erin.id);
    const alice = await ask(env.user("alice"), "audit");
    expect(alice.text).toMatch(/admin role/);
  });

  it("status of a request offers Watch and Add message buttons that work", async () => {
    const { id } = DEMO_REQUESTS.danPending;
    const { sent, reply } = await ask(env.user("alice"), `status ${id}`);
    const card = cardOf(reply.activity);
    const post = button(card, "Post message");
    const before = env.h.sandbox.org.messagesFor(id).length;
    const res = await env.teams.client.cardAction(env.user("alice"), { verb: post.verb ?? "", data: { ...post.data, messageText: "from the card" } }, { replyToId: reply.id, threadRootId: sent.activity.id });
    expect(res.status).toBe(200);
    expect(env.h.sandbox.org.messagesFor(id)).toHaveLength(before + 1);
    expect(env.h.sandbox.org.messagesFor(id).at(-1)?.message).toBe("from the card");
  });
});
