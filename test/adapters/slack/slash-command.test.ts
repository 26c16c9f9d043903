// `/sar` over real HTTP with real signatures: acked at once, mapped to the
// core's actor, answered in the channel or privately, done once per command.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../../src/governance/actor.js";
import type { ListRequestsInput } from "../../../src/governance/core.js";
import type { Reply } from "../../../src/governance/replies.js";
import { BOT_TOKEN, SLACK_USERS } from "../../../src/fakes/slack-web-api.js";
import { deferred } from "./support/deferred.js";
import { FakeCore } from "./support/fake-core.js";
import { eventually, startSlackBench, type SlackBench } from "./support/slack-bench.js";
import { postSigned, SIGNING_SECRET, slashCommandBody } from "../../../src/fakes/slack-requests.js";

const requestCard: Reply = {
  type: "request-status",
  request: { id: "reqdemodanpending000", status: "PENDING", created: "2030-01-01T00:00:00Z", requestedFor: { oktaUserId: "00udemodan0000000000", login: "dan.target@example.com" } },
};

describe("/sar slash command", () => {
  let core: FakeCore;
  let bench: SlackBench;
  const alice = SLACK_USERS.alice;

  beforeAll(async () => {
    core = new FakeCore();
    bench = await startSlackBench({ core, slack: { channelsWithoutBot: ["C0PRIVATE"] } });
  });
  afterAll(async () => {
    await bench.close();
  });
  beforeEach(() => core.reset());

  const run = (text: string, options: { user?: { id: string; name: string }; triggerId?: string; channel?: string; responseUrl?: string } = {}) =>
    postSigned(bench.url, slashCommandBody({ user: options.user ?? alice, text, ...options }));

  it("acks before the core answers, and maps the Slack user, team and channel to the core's actor", async () => {
    const held = deferred<Reply>();
    core.overrides.whoami = () => held.promise;
    const res = await run("whoami");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    await eventually("whoami reached the core", () => core.callsTo("whoami").length === 1);
    const actor = core.callsTo("whoami")[0]?.[0] as Actor;
    expect(actor).toMatchObject({ platform: "slack", tenantId: "T0DEMO", userId: "U0ALICE" });
    expect(actor.correlationId).toMatch(/^slack-/);
    expect(bench.slack.callsTo("chat.postEphemeral")).toHaveLength(0);
    held.resolve({ type: "text", text: "You are alice" });
    const posted = await bench.slack.waitForCall("chat.postEphemeral", (c) => String(c.args.text).includes("You are alice"));
    expect(posted.args).toMatchObject({ channel: "C0INCIDENT", user: "U0ALICE" });
    expect(posted.token).toBe(BOT_TOKEN);
  });

  it("looks up the actor's email with users.info only when the core asks, and caches it", async () => {
    const emails: (string | undefined)[] = [];
    core.overrides.whoami = async (actor) => {
      emails.push(await actor.lookupEmail?.());
      return { type: "text", text: "ok" };
    };
    const before = bench.slack.callsTo("users.info").length;
    await run("whoami", { user: SLACK_USERS.carol });
    await run("whoami", { user: SLACK_USERS.carol });
    await eventually("both whoami calls looked up the email", () => emails.length === 2);
    expect(emails).toEqual(["carol.admin@example.com", "carol.admin@example.com"]);
    expect(bench.slack.callsTo("users.info").slice(before).map((c) => c.args.user)).toEqual(["U0CAROL"]);
  });

  it("answers help in the ack itself, privately, without any core work", async () => {
    const res = await run("help");
    const body = (await res.json()) as { response_type: string; text: string; blocks: unknown[] };
    expect(body.response_type).toBe("ephemeral");
    expect(JSON.stringify(body.blocks)).toContain("/sar status");
    expect(core.workCalls()).toEqual([]);
  });

  it("answers an unknown subcommand with help that names the unknown word, escaped", async () => {
    const res = await run("<!channel> now");
    const body = (await res.json()) as { text: string; blocks: unknown[] };
    expect(body.text).toContain("I do not know `&lt;!channel&gt;`");
    expect(JSON.stringify(body.blocks)).toContain("/sar whoami");
    expect(core.workCalls()).toEqual([]);
  });

  it("answers a subcommand missing its arguments with its usage", async () => {
    const body = (await (await run("message reqdemodanpending000")).json()) as { text: string };
    expect(body.text).toBe("Usage: `/sar message <req…> <text>`");
    expect(core.workCalls()).toEqual([]);
  });

  it("posts a status card to the channel with Refresh, Watch and Add message", async () => {
    core.overrides.status = async () => requestCard;
    await run("status reqdemodanpending000");
    const post = await bench.slack.waitForCall("chat.postMessage", (c) => String(c.args.text).includes("reqdemodanpending000"));
    expect(core.callsTo("status")[0]?.[1]).toBe("reqdemodanpending000");
    const buttons = JSON.stringify(post.args.blocks);
    for (const id of ["sar_refresh", "sar_watch", "sar_add_message"]) expect(buttons).toContain(id);
  });

  it("passes a mentioned user to the request list as a Slack user whose email users.info gives", async () => {
    let input: ListRequestsInput | undefined;
    core.overrides.listRequests = async (_actor, given) => {
      input = given;
      return { type: "request-list", items: [], filter: {} };
    };
    await run("requests pending <@U0TARGET|dan.target>");
    await eventually("listRequests was called", () => input !== undefined);
    expect(input?.status).toBe("pending");
    const user = input?.user;
    expect(user).toMatchObject({ kind: "chat-user", user: { platform: "slack", tenantId: "T0DEMO", userId: "U0TARGET" } });
    if (user?.kind !== "chat-user") throw new Error("expected a chat user");
    expect(user.email).toBe("dan.target@example.com");
  });

  it("posts a request message with the text as typed and confirms it in the channel", async () => {
    await run('message reqdemodanpending000 Ticket <!channel> "INC-4711" & more');
    const post = await bench.slack.waitForCall("chat.postMessage", (c) => String(c.args.text).includes("Message posted"));
    expect(core.callsTo("postRequestMessage")[0]?.slice(1)).toEqual(["reqdemodanpending000", 'Ticket <!channel> "INC-4711" & more']);
    expect(JSON.stringify(post.args.blocks)).toContain("&lt;!channel&gt;");
    expect(JSON.stringify(post.args.blocks)).not.toContain("<!channel>");
  });

  it("starts a watch in its own thread: the placeholder's ts is the thread the core gets", async () => {
    await run("watch reqdemodanpending000");
    await eventually("watch reached the core", () => core.callsTo("watch").length === 1);
    const placeholder = bench.slack.callsTo("chat.postMessage").at(-1);
    const ts = placeholder?.response?.ts;
    expect(placeholder?.args.text).toContain("Setting up a watch");
    expect(core.callsTo("watch")[0]?.[2]).toEqual({ platform: "slack", tenantId: "T0DEMO", conversationId: "C0INCIDENT", threadId: ts });
    await eventually("the placeholder shows the watch", () => bench.slack.messages.get(String(ts))?.updates === 1);
    expect(bench.slack.messages.get(String(ts))?.text).toContain("Watching the access request");
  });

  it("removes the watch placeholder and tells only the person when the core refuses", async () => {
    core.overrides.watch = async () => ({ type: "error", code: "not_allowed", message: "You need the responder role to see access requests." });
    await run("watch reqdemodanpending000");
    const note = await bench.slack.waitForCall("chat.postEphemeral", (c) => String(c.args.text).includes("responder role"));
    expect(note.args.user).toBe("U0ALICE");
    const deleted = await bench.slack.waitForCall("chat.delete");
    expect(bench.slack.messages.get(String(deleted.args.ts))?.deleted).toBe(true);
  });

  it("links a mentioned Slack user to an Okta login", async () => {
    await run("link <@U0BOB|bob.lead> bob.lead@example.com", { user: SLACK_USERS.carol });
    await eventually("link reached the core", () => core.callsTo("link").length === 1);
    const [, chatUser, login] = core.callsTo("link")[0] ?? [];
    expect(chatUser).toMatchObject({ platform: "slack", tenantId: "T0DEMO", userId: "U0BOB", displayName: "bob.lead" });
    expect(login).toBe("bob.lead@example.com");
  });

  it("passes an audit filter naming a person as a target, and an id as typed", async () => {
    await run("audit <@U0TARGET|dan.target>", { user: SLACK_USERS.carol });
    await run("audit L7K2Q9X", { user: SLACK_USERS.carol });
    await eventually("both audits reached the core", () => core.callsTo("audit").length === 2);
    const [person, reference] = core.callsTo("audit").map((c) => (c[1] as { target: unknown }).target);
    expect(person).toMatchObject({ kind: "chat-user", user: { userId: "U0TARGET", tenantId: "T0DEMO" } });
    expect(reference).toBe("L7K2Q9X");
  });

  it("does a retried command (same body, X-Slack-Retry-Num) only once", async () => {
    const body = slashCommandBody({ user: alice, text: "status reqdemodanpending000", triggerId: "retry.1.trigger" });
    core.overrides.status = async () => requestCard;
    expect((await postSigned(bench.url, body)).status).toBe(200);
    expect((await postSigned(bench.url, body, { retryNum: 1 })).status).toBe(200);
    await eventually("both deliveries were claimed", () => core.callsTo("claimInbound").length === 2);
    await bench.slack.waitForCall("chat.postMessage", (c) => String(c.args.text).includes("reqdemodanpending000"));
    expect(core.callsTo("status")).toHaveLength(1);
  });

  it("tells the person privately why nothing appeared when the bot is not in the channel", async () => {
    core.overrides.status = async () => requestCard;
    const responseUrl = bench.slack.responseUrl("status-in-private-channel");
    await run("status reqdemodanpending000", { channel: "C0PRIVATE", responseUrl });
    await eventually("the response_url got the explanation", () => bench.slack.responses.some((r) => r.name === "status-in-private-channel"));
    const answer = bench.slack.responses.find((r) => r.name === "status-in-private-channel")?.body;
    expect(answer).toMatchObject({ response_type: "ephemeral", text: expect.stringContaining("Invite me") });
  });

  it("never posts to a response_url outside Slack", async () => {
    const hits: string[] = [];
    const elsewhere = createServer((req, res) => {
      hits.push(req.url ?? "");
      res.end("{}");
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, "127.0.0.1", resolve));
    try {
      core.overrides.status = async () => requestCard;
      const responseUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/steal`;
      await run("status reqdemodanpending000", { channel: "C0PRIVATE", responseUrl });
      await eventually("the attempt was logged", () => bench.logs.some((l) => l.includes("response_url outside Slack")));
      expect(hits).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => elsewhere.close(() => resolve()));
    }
  });

  it("logs a handler bug with context, acks Slack, and tells the person only that something went wrong", async () => {
    core.overrides.whoami = async () => {
      throw new Error("database exploded at line 42");
    };
    const res = await run("whoami");
    expect(res.status).toBe(200);
    const apology = await bench.slack.waitForCall("chat.postEphemeral", (c) => String(c.args.text).includes("Something went wrong"));
    expect(JSON.stringify(apology.args)).not.toContain("database exploded");
    expect(JSON.stringify(apology.args)).not.toMatch(/at .*\.ts:\d+/);
    await eventually("the bug was logged", () => bench.logs.some((l) => l.includes("database exploded") && l.includes("command whoami")));
  });

  it("never logs the signing secret or bot token", () => {
    const all = bench.logs.join("\n");
    expect(all).not.toContain(SIGNING_SECRET);
    expect(all).not.toContain(BOT_TOKEN);
  });
});
