// Start-up checks the bot token once with auth.test (Bolt must not call it
// again per event); a refused token stops start-up with a clear line, an
// unreachable Slack only makes /readyz fail.
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpServer } from "../../../src/adapters/http/server.js";
import { createSlackAdapter } from "../../../src/adapters/slack/index.js";
import { BOT_TOKEN, SLACK_USERS, startFakeSlackApi, type FakeSlackApi } from "../../../src/fakes/slack-web-api.js";
import { FakeCore, fakeCoreAndState } from "./support/fake-core.js";
import { startSlackBench, type SlackBench } from "./support/slack-bench.js";
import { postSigned, SIGNING_SECRET, slashCommandBody } from "../../../src/fakes/slack-requests.js";

const silent = pino({ level: "silent" });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function adapterFor(apiUrl: string) {
  return createSlackAdapter({ config: { mode: "http", signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, apiUrl }, ...fakeCoreAndState(), logger: silent });
}

describe("Slack adapter start-up", () => {
  it("calls auth.test once at start and never again while handling commands", async () => {
    const bench: SlackBench = await startSlackBench({ core: new FakeCore() });
    cleanups.push(() => bench.close());
    for (let i = 0; i < 3; i++) await postSigned(bench.url, slashCommandBody({ user: SLACK_USERS.alice, text: "help" }));
    expect(bench.slack.callsTo("auth.test")).toHaveLength(1);
    expect(bench.adapter.identity).toEqual({ teamId: "T0DEMO", team: "Demo Incident Response", botUserId: "U0BOT", botId: "B0BOT" });
    expect((await bench.adapter.readiness()).status).toBe("ok");
    expect(bench.logs.some((line) => line.includes("connected to workspace Demo Incident Response"))).toBe(true);
  });

  it("refuses new requests with 503 once stopped, calling nothing", async () => {
    const core = new FakeCore();
    const bench = await startSlackBench({ core });
    cleanups.push(() => bench.close());
    await bench.adapter.stop();
    const res = await postSigned(bench.url, slashCommandBody({ user: SLACK_USERS.alice, text: "whoami" }));
    expect(res.status).toBe(503);
    expect(core.calls).toEqual([]);
  });

  it("stops start-up naming SLACK_BOT_TOKEN when Slack refuses the token, without printing it", async () => {
    const slack: FakeSlackApi = await startFakeSlackApi();
    cleanups.push(() => slack.close());
    slack.failNext("auth.test", "invalid_auth");
    const error = await adapterFor(slack.url).start().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/Slack refused SLACK_BOT_TOKEN \(invalid_auth\)/);
    expect((error as Error).message).not.toContain(BOT_TOKEN);
  });

  it("asks Slack again from readiness after a failed start, and turns ready once it answers", async () => {
    const slack: FakeSlackApi = await startFakeSlackApi();
    cleanups.push(() => slack.close());
    slack.failNext("auth.test", "internal_error");
    const adapter = adapterFor(slack.url);
    cleanups.push(() => adapter.stop());
    await adapter.start();
    expect(slack.callsTo("auth.test")).toHaveLength(1);
    expect(await adapter.readiness()).toEqual({ status: "ok", detail: "http mode, workspace Demo Incident Response" });
    expect(slack.callsTo("auth.test")).toHaveLength(2);
  });

  it("keeps serving when Slack cannot be reached at start, and says so in readiness", async () => {
    // A port nothing listens on: every call fails to connect.
    const closed = createHttpServer({ logger: silent });
    const url = await closed.listen(0, "127.0.0.1");
    await closed.close();
    const adapter = adapterFor(`${url}/api/`);
    cleanups.push(() => adapter.stop());
    await adapter.start();
    const readiness = await adapter.readiness();
    expect(readiness.status).toBe("failing");
    // The system error's code, read from the cause of the client's request error.
    expect(readiness.detail).toMatch(/auth\.test failed: ECONNREFUSED/);
  });
});
