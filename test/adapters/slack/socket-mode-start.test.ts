// Socket Mode start-up is bounded. A refused app-level token or app set-up
// (`invalid_auth`, `missing_scope`, `not_allowed_token_type`, ...) stops
// start-up with one line naming SLACK_APP_TOKEN and what to fix (never the
// token's value), and nothing keeps retrying. A Slack that cannot be reached
// (not listening, HTTP 500, 429) only delays start-up to a deadline: the bot
// starts with one warning, `/readyz` reports slack failing, the connection
// keeps being retried, and once Slack answers the bot connects and handles
// envelopes. Deadlines are shortened for the tests.
import { createServer } from "node:net";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSlackAdapter, type SlackAdapter } from "../../../src/adapters/slack/index.js";
import { BOT_TOKEN, FAKE_TEAM, startFakeSlackApi, type FakeSlackApi } from "../../../src/fakes/slack-web-api.js";
import { startFakeSocketMode, type FakeSocketMode } from "../../support/fake-socket-mode.js";
import { fakeCoreAndState } from "./support/fake-core.js";
import { eventually } from "./support/slack-bench.js";

const APP_TOKEN = "xapp-1-test-app-level-token";
const WRONG_APP_TOKEN = "xapp-1-some-other-apps-token-4711";
const OPEN = "apps.connections.open";
/** Short for the tests: a real deployment waits 10 s and retries after 1, 2, 5, 10, 30 s. */
const TIMING = { startDeadlineMs: 300, retryDelaysMs: [10], attemptTimeoutMs: 5_000 };

interface Started {
  adapter: SlackAdapter;
  logs: string[];
}

function adapterWith(appToken: string, apiUrl: string): Started {
  const logs: string[] = [];
  const logger = pino({ level: "debug" }, new Writable({ write: (chunk: Buffer, _e, done) => (logs.push(chunk.toString()), done()) }));
  const adapter = createSlackAdapter({ config: { mode: "socket", appToken, botToken: BOT_TOKEN, apiUrl }, ...fakeCoreAndState(), logger, socketTiming: TIMING });
  return { adapter, logs };
}

const failureOf = (start: Promise<void>): Promise<string | undefined> =>
  start.then(
    () => undefined,
    (err: unknown) => (err instanceof Error ? err.message : String(err)),
  );

const linesAt = (logs: string[], level: number) => logs.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level === level);
const WARN = 40;
const ERROR = 50;

/** A port nothing listens on (yet). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Waits long enough for many retries (each 10 ms apart) to have happened, were any still scheduled. */
const severalRetries = () => new Promise((resolve) => setTimeout(resolve, 300));

describe("Socket Mode start-up", () => {
  let sockets: FakeSocketMode;
  let slack: FakeSlackApi;
  const running: SlackAdapter[] = [];
  const started = (appToken: string, apiUrl: string) => {
    const made = adapterWith(appToken, apiUrl);
    running.push(made.adapter);
    return made;
  };

  beforeAll(async () => {
    sockets = await startFakeSocketMode();
    slack = await startFakeSlackApi({ socketMode: { appToken: APP_TOKEN, socketUrl: () => sockets.nextUrl() } });
  });
  afterEach(async () => {
    slack.clearFailures(OPEN);
    for (const adapter of running.splice(0)) await adapter.stop();
  });
  afterAll(async () => {
    await sockets?.close();
    await slack?.close();
  });

  it("names SLACK_APP_TOKEN when Slack refuses it, and opens no connection", async () => {
    const { adapter } = started(WRONG_APP_TOKEN, slack.url);
    const failure = await failureOf(adapter.start());
    expect(failure).toMatch(/^Slack refused SLACK_APP_TOKEN \(invalid_auth\): use the app-level token/);
    expect(failure).not.toContain(WRONG_APP_TOKEN);
    expect(slack.callsTo(OPEN).at(-1)?.token).toBe(WRONG_APP_TOKEN);
    expect(sockets.connections).toHaveLength(0);
  });

  it.each([
    ["missing_scope", "the app-level token needs the connections:write scope (Basic Information > App-Level Tokens)"],
    ["not_allowed_token_type", "it must be the app's app-level token (xapp-...), not the bot token or a user token"],
    ["token_revoked", "use the app-level token (Basic Information > App-Level Tokens, scope connections:write) of the app, with Socket Mode enabled"],
    ["no_permission", "check the app-level token and that Socket Mode is enabled for the app"],
  ])("stops start-up on %s with one line naming SLACK_APP_TOKEN, and retries nothing after", async (code, fix) => {
    slack.failNext(OPEN, code);
    const { adapter, logs } = started(APP_TOKEN, slack.url);
    const opens = slack.callsTo(OPEN).length;
    const failure = await failureOf(adapter.start());
    expect(failure).toBe(`Slack refused SLACK_APP_TOKEN (${code}): ${fix}`);
    expect(failure).not.toContain("\n");
    await severalRetries();
    expect(slack.callsTo(OPEN)).toHaveLength(opens + 1);
    expect(sockets.connections).toHaveLength(0);
    expect(logs.join("\n")).not.toContain(APP_TOKEN);
  });

  it("keeps trying through a 500 within the deadline, and still stops on a refusal that follows", async () => {
    slack.failNextHttp(OPEN, 500);
    slack.failNext(OPEN, "missing_scope");
    const { adapter } = started(APP_TOKEN, slack.url);
    const opens = slack.callsTo(OPEN).length;
    expect(await failureOf(adapter.start())).toMatch(/^Slack refused SLACK_APP_TOKEN \(missing_scope\)/);
    expect(slack.callsTo(OPEN)).toHaveLength(opens + 2);
    expect(sockets.connections).toHaveLength(0);
  });

  it.each([
    ["HTTP 500", (s: FakeSlackApi) => s.failNextHttp(OPEN, 500, { times: Infinity }), "Slack answered HTTP 500"],
    ["HTTP 429", (s: FakeSlackApi) => s.failNextHttp(OPEN, 429, { retryAfterSeconds: 0, times: Infinity }), "Slack rate-limited apps.connections.open (retry after 0 s)"],
    ["ratelimited", (s: FakeSlackApi) => Array.from({ length: 10_000 }, () => s.failNext(OPEN, "ratelimited")), "Slack answered ratelimited"],
  ])("starts without a connection while Slack answers %s, then connects once it answers", async (_name, fail, reason) => {
    fail(slack);
    const { adapter, logs } = started(APP_TOKEN, slack.url);
    const before = sockets.connections.length;
    await adapter.start();
    expect(await adapter.readiness()).toEqual({ status: "failing", detail: "socket mode: no connection to Slack (reconnecting)" });
    const warnings = linesAt(logs, WARN).map((l) => l.msg);
    expect(warnings).toEqual([`Slack Socket Mode: no connection after 0.3 s (${reason}); starting without it and retrying in the background (/readyz reports slack failing until connected)`]);
    expect(linesAt(logs, ERROR)).toEqual([]);

    slack.clearFailures(OPEN);
    await eventually("the adapter reports ready", async () => (await adapter.readiness()).status === "ok");
    expect(await adapter.readiness()).toEqual({ status: "ok", detail: `socket mode, workspace ${FAKE_TEAM.name}` });
    // One connection, and envelopes on it are handled.
    await sockets.waitForOpen(1);
    expect(sockets.connections).toHaveLength(before + 1);
    const id = sockets.connections.at(-1)?.id ?? 0;
    const envelope = sockets.envelope("events_api", { type: "event_callback", team_id: FAKE_TEAM.id, event_id: "Ev0CONNECTED", event: { type: "app_home_opened", user: "U0BOB" } });
    sockets.deliver(id, envelope);
    await sockets.waitForAck(envelope.envelope_id, id);
    expect(logs.join("\n")).not.toContain(APP_TOKEN);
  });

  it("starts while Slack is not listening at all, and connects and handles an envelope once it comes up", async () => {
    const port = await closedPort();
    const { adapter, logs } = started(APP_TOKEN, `http://127.0.0.1:${port}/api/`);
    await adapter.start();
    const waiting = await adapter.readiness();
    expect(waiting.status).toBe("failing");
    expect(linesAt(logs, WARN).filter((l) => l.msg.startsWith("Slack Socket Mode:")).map((l) => l.msg)).toEqual([
      "Slack Socket Mode: no connection after 0.3 s (Slack could not be reached at SLACK_API_URL (ECONNREFUSED)); starting without it and retrying in the background (/readyz reports slack failing until connected)",
    ]);

    const own = await startFakeSocketMode();
    const late = await startFakeSlackApi({ port, socketMode: { appToken: APP_TOKEN, socketUrl: () => own.nextUrl() } });
    try {
      await eventually("the adapter reports ready", async () => (await adapter.readiness()).status === "ok");
      const [connection] = await own.waitForOpen(1);
      expect(connection?.id).toBe(1);
      const envelope = own.envelope("events_api", { type: "event_callback", team_id: FAKE_TEAM.id, event_id: "Ev0LATE", event: { type: "app_home_opened", user: "U0BOB" } });
      own.deliver(1, envelope);
      await own.waitForAck(envelope.envelope_id, 1);
      expect(logs.join("\n")).not.toContain(APP_TOKEN);
    } finally {
      await adapter.stop();
      await own.close();
      await late.close();
    }
  });

  it("after start-up, a refusal shows in /readyz with its one line (logged once) and is retried until fixed", async () => {
    slack.failNextHttp(OPEN, 500, { times: Infinity });
    const { adapter, logs } = started(APP_TOKEN, slack.url);
    await adapter.start();
    slack.clearFailures(OPEN);
    const line = "Slack refused SLACK_APP_TOKEN (missing_scope): the app-level token needs the connections:write scope (Basic Information > App-Level Tokens)";
    for (let i = 0; i < 10_000; i += 1) slack.failNext(OPEN, "missing_scope");
    await eventually("the refusal shows in /readyz", async () => (await adapter.readiness()).detail === `socket mode: ${line}`);
    const refused = slack.callsTo(OPEN).filter((c) => c.response?.error === "missing_scope").length;
    await eventually("Socket Mode retried the refusal", () => slack.callsTo(OPEN).filter((c) => c.response?.error === "missing_scope").length > refused);
    expect(linesAt(logs, ERROR).map((l) => l.msg)).toEqual([`${line}; Socket Mode keeps retrying`]);
    slack.clearFailures(OPEN);
    await eventually("the adapter reports ready once the scope is granted", async () => (await adapter.readiness()).status === "ok");
  });

  it("stops cleanly while still retrying: no attempt after stop()", async () => {
    slack.failNextHttp(OPEN, 503, { times: Infinity });
    const { adapter } = started(APP_TOKEN, slack.url);
    await adapter.start();
    await adapter.stop();
    const opens = slack.callsTo(OPEN).length;
    slack.clearFailures(OPEN);
    await severalRetries();
    expect(slack.callsTo(OPEN)).toHaveLength(opens);
  });
});
