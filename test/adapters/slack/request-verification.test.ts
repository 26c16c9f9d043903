// Forged, stale and malformed Slack requests are refused before any core
// or Slack API work, with a status that says why; secrets never reach a log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOT_TOKEN, SLACK_USERS } from "../../../src/fakes/slack-web-api.js";
import { FakeCore } from "./support/fake-core.js";
import { startSlackBench, type SlackBench } from "./support/slack-bench.js";
import { interactionBody, postSigned, SIGNING_SECRET, sign, slashCommandBody } from "../../../src/fakes/slack-requests.js";

describe("Slack request verification", () => {
  const core = new FakeCore();
  let bench: SlackBench;
  const alice = SLACK_USERS.alice;

  beforeAll(async () => {
    bench = await startSlackBench({ core });
  });
  afterAll(async () => {
    await bench.close();
  });

  const apiCallsBesidesAuth = () => bench.slack.calls.filter((c) => c.method !== "auth.test");

  it("refuses a request signed with another secret, calling nothing", async () => {
    const res = await postSigned(bench.url, slashCommandBody({ user: alice, text: "whoami" }), { secret: "not-the-secret" });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: "refused", message: expect.stringContaining("signature mismatch") });
    expect(core.calls).toEqual([]);
    expect(apiCallsBesidesAuth()).toEqual([]);
  });

  it("refuses a request whose body was changed after signing", async () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = sign(slashCommandBody({ user: alice, text: "whoami" }), SIGNING_SECRET, timestamp);
    const res = await postSigned(bench.url, slashCommandBody({ user: alice, text: "link <@U0BOB|bob> carol.admin@example.com" }), { timestamp, signature });
    expect(res.status).toBe(401);
    expect(core.calls).toEqual([]);
  });

  it("refuses a correctly signed request older than five minutes (a replay)", async () => {
    const res = await postSigned(bench.url, slashCommandBody({ user: alice, text: "whoami" }), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { message: string }).message).toMatch(/five minutes/);
    expect(core.calls).toEqual([]);
  });

  it("refuses a correctly signed request dated more than five minutes ahead", async () => {
    const res = await postSigned(bench.url, slashCommandBody({ user: alice, text: "whoami" }), { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 });
    expect(res.status).toBe(401);
    expect(core.calls).toEqual([]);
  });

  it("refuses an unsigned request", async () => {
    const res = await fetch(`${bench.url}/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: slashCommandBody({ user: alice, text: "whoami" }),
    });
    expect(res.status).toBe(401);
    expect(core.calls).toEqual([]);
  });

  it.each([
    ["an interaction payload that is not JSON", "payload=%7Bnot-json", 400],
    ["an interaction payload that is a JSON array", `payload=${encodeURIComponent("[1,2]")}`, 400],
    ["block actions without actions", interactionBody({ type: "block_actions", user: { id: "U0ALICE" }, actions: [] }), 400],
    ["a view submission without a view id", interactionBody({ type: "view_submission", user: { id: "U0ALICE" }, view: { callback_id: "sar_launch_form" } }), 400],
    ["a payload type the app does not handle", interactionBody({ type: "dialog_submission", user: { id: "U0ALICE" } }), 400],
    ["a form without command or payload", "hello=world", 400],
  ])("refuses %s with %i and calls nothing", async (_name, body, status) => {
    const res = await postSigned(bench.url, body);
    expect(res.status).toBe(status);
    expect(core.calls).toEqual([]);
    expect(apiCallsBesidesAuth()).toEqual([]);
  });

  it("refuses a content type Slack never sends", async () => {
    const res = await postSigned(bench.url, "<xml/>", { contentType: "text/xml" });
    expect(res.status).toBe(415);
    expect(core.calls).toEqual([]);
  });

  it("refuses a body over a megabyte without reading it all", async () => {
    const res = await postSigned(bench.url, `text=${"a".repeat(1_100_000)}`);
    expect(res.status).toBe(413);
    expect(core.calls).toEqual([]);
  });

  it("answers Slack's URL verification challenge when it is signed", async () => {
    const res = await postSigned(bench.url, JSON.stringify({ type: "url_verification", challenge: "c-123", token: "x" }), { contentType: "application/json" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: "c-123" });
  });

  it("answers Slack's unsigned ssl_check with 200 and does nothing else", async () => {
    const res = await fetch(`${bench.url}/slack/events`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "ssl_check=1&token=x" });
    expect(res.status).toBe(200);
    expect(core.calls).toEqual([]);
  });

  it("never writes the signing secret or the bot token to the log", () => {
    const all = bench.logs.join("\n");
    expect(bench.logs.length).toBeGreaterThan(0);
    expect(all).not.toContain(SIGNING_SECRET);
    expect(all).not.toContain(BOT_TOKEN);
  });
});
