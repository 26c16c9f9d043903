// With SLACK_APP_TOKEN the adapter takes Slack's events over Socket Mode
// (no public URL): it connects with the app token, acks each envelope on the
// socket (also those no listener handles), answers through the Web API as
// over HTTP, and tells /readyz whether its connection is open.
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpServer, type HttpServer } from "../../../src/adapters/http/server.js";
import { createSlackAdapter, type SlackAdapter } from "../../../src/adapters/slack/index.js";
import { BOT_TOKEN, FAKE_TEAM, SLACK_USERS, startFakeSlackApi, type FakeSlackApi } from "../../../src/fakes/slack-web-api.js";
import { startFakeSocketMode, type Envelope, type FakeSocketMode } from "../../support/fake-socket-mode.js";
import { FakeCore } from "./support/fake-core.js";
import { eventually } from "./support/slack-bench.js";
import { blockActionPayload } from "../../../src/fakes/slack-requests.js";

const APP_TOKEN = "xapp-1-test-app-level-token";
/** Slack's legacy verification token, still sent in every payload. */
const VERIFICATION_TOKEN = "legacy-verification-token-0123456789";

describe("Slack over Socket Mode", () => {
  const core = new FakeCore();
  const logs: string[] = [];
  let sockets: FakeSocketMode;
  let slack: FakeSlackApi;
  let http: HttpServer;
  let url: string;
  let adapter: SlackAdapter;
  /** The adapter's current connection at the fake. */
  let connection = 0;

  beforeAll(async () => {
    sockets = await startFakeSocketMode();
    slack = await startFakeSlackApi({ socketMode: { appToken: APP_TOKEN, socketUrl: () => sockets.nextUrl() } });
    const logger = pino({ level: "debug" }, new Writable({ write: (chunk: Buffer, _e, done) => (logs.push(chunk.toString()), done()) }));
    adapter = createSlackAdapter({ config: { mode: "socket", appToken: APP_TOKEN, botToken: BOT_TOKEN, apiUrl: slack.url }, core, chatState: core, logger });
    http = createHttpServer({ logger });
    adapter.mount(http);
    url = await http.listen(0, "127.0.0.1");
    await adapter.start();
    connection = (await sockets.waitForOpen(1))[0]?.id ?? 0;
  });
  afterAll(async () => {
    await adapter?.stop();
    await http?.close();
    await sockets?.close();
    await slack?.close();
  });

  const command = (text: string): Envelope =>
    sockets.envelope("slash_commands", {
      token: VERIFICATION_TOKEN,
      team_id: FAKE_TEAM.id,
      team_domain: "demo",
      channel_id: "C0INCIDENT",
      channel_name: "incident",
      user_id: "U0ALICE",
      user_name: "alice.responder",
      command: "/sar",
      text,
      api_app_id: "A0OIGCHATOPS",
      response_url: slack.responseUrl(text),
      trigger_id: `${Date.now()}.${text}.trigger`,
    });

  it("opens the socket with the app-level token, and checks the bot token with auth.test", async () => {
    expect(connection).toBe(1);
    expect(slack.callsTo("apps.connections.open")[0]?.token).toBe(APP_TOKEN);
    expect(slack.callsTo("auth.test")[0]?.token).toBe(BOT_TOKEN);
    expect(await adapter.readiness()).toEqual({ status: "ok", detail: `socket mode, workspace ${FAKE_TEAM.name}` });
  });

  it("mounts no HTTP route: Slack does not call the bot in this mode", async () => {
    expect((await fetch(`${url}/slack/events`, { method: "POST", body: "x" })).status).toBe(404);
  });

  it("acks a command envelope on the socket, then answers through the Web API", async () => {
    const envelope = command("whoami");
    sockets.deliver(connection, envelope);
    expect((await sockets.waitForAck(envelope.envelope_id, connection)).payload).toBeUndefined();
    const posted = await slack.waitForCall("chat.postEphemeral", (c) => c.args.user === "U0ALICE");
    expect(posted.args.text).toBe("whoami");
    expect(core.callsTo("whoami")).toHaveLength(1);
  });

  it("answers help in the ack payload itself", async () => {
    const envelope = command("help");
    sockets.deliver(connection, envelope);
    const ack = await sockets.waitForAck(envelope.envelope_id, connection);
    expect(ack.payload?.response_type).toBe("ephemeral");
    expect(ack.payload?.text).toContain("/sar status");
  });

  it("acks envelopes no listener handles (a retired button, an event), once each, so Slack does not re-send them", async () => {
    const retired = sockets.envelope("interactive", blockActionPayload({ user: SLACK_USERS.bob, actionId: "sar_retired_button", value: "x", messageTs: "1700000000.000100" }));
    const event = sockets.envelope("events_api", { type: "event_callback", team_id: FAKE_TEAM.id, event_id: "Ev0NOTHANDLED", event: { type: "app_home_opened", user: "U0BOB" } });
    const before = core.calls.length;
    sockets.deliver(connection, retired);
    sockets.deliver(connection, event);
    expect((await sockets.waitForAck(retired.envelope_id, connection)).payload).toBeUndefined();
    expect((await sockets.waitForAck(event.envelope_id, connection)).payload).toBeUndefined();
    // A later envelope is acked after them: by then a second ack of either would have arrived.
    const later = command("whoami");
    sockets.deliver(connection, later);
    await sockets.waitForAck(later.envelope_id, connection);
    expect(sockets.acksOf(retired.envelope_id)).toHaveLength(1);
    expect(sockets.acksOf(event.envelope_id)).toHaveLength(1);
    expect(core.calls.slice(before).map((c) => c.method)).not.toContain("decideLaunch");
  });

  it("is not ready while Slack's disconnect is being handled, and ready again once reconnected with a fresh URL", async () => {
    const opens = slack.callsTo("apps.connections.open").length;
    await sockets.disconnect(connection, "refresh_requested");
    // The client waits a few seconds before it reconnects: meanwhile the replica says it cannot hear Slack.
    let waiting = await adapter.readiness();
    await eventually("the adapter reports its connection gone", async () => (waiting = await adapter.readiness()).status === "failing");
    expect(waiting.detail).toBe("socket mode: no connection to Slack (reconnecting)");
    connection = (await sockets.waitForOpen(1, 30_000))[0]?.id ?? 0;
    expect(connection).toBe(2);
    expect(slack.callsTo("apps.connections.open")).toHaveLength(opens + 1);
    await eventually("the adapter reports ready again", async () => (await adapter.readiness()).status === "ok");
    const envelope = command("whoami");
    sockets.deliver(connection, envelope);
    await sockets.waitForAck(envelope.envelope_id, connection);
  }, 30_000);

  it("never logs the app token, the bot token, a payload's verification token or its response_url (at debug level)", () => {
    const all = logs.join("\n");
    expect(all).toContain("envelope"); // the debug lines are there, without the payloads
    expect(all).not.toContain(APP_TOKEN);
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toContain(VERIFICATION_TOKEN);
    expect(all).not.toContain(slack.responseUrl("whoami"));
  });
});
