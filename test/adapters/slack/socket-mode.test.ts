// With SLACK_APP_TOKEN the adapter takes Slack's events over Socket Mode
// (no public URL): it connects with the app token, acks each envelope on the
// socket, and answers through the Web API as over HTTP.
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpServer, type HttpServer } from "../../../src/adapters/http/server.js";
import { createSlackAdapter, type SlackAdapter } from "../../../src/adapters/slack/index.js";
import { BOT_TOKEN, FAKE_TEAM, startFakeSlackApi, type FakeSlackApi } from "../../support/fake-slack-api.js";
import { FakeCore } from "./support/fake-core.js";
import { eventually } from "./support/slack-bench.js";
import { startSocketModeServer, type SocketModeServer } from "./support/socket-mode-server.js";

const APP_TOKEN = "xapp-1-test-app-level-token";

describe("Slack over Socket Mode", () => {
  const core = new FakeCore();
  const logs: string[] = [];
  let socket: SocketModeServer;
  let slack: FakeSlackApi;
  let http: HttpServer;
  let url: string;
  let adapter: SlackAdapter;

  beforeAll(async () => {
    socket = await startSocketModeServer();
    slack = await startFakeSlackApi({ socketMode: { appToken: APP_TOKEN, socketUrl: socket.url } });
    const logger = pino({ level: "debug" }, new Writable({ write: (chunk: Buffer, _e, done) => (logs.push(chunk.toString()), done()) }));
    adapter = createSlackAdapter({ config: { mode: "socket", appToken: APP_TOKEN, botToken: BOT_TOKEN, apiUrl: slack.url }, core, logger });
    http = createHttpServer({ logger });
    adapter.mount(http);
    url = await http.listen(0, "127.0.0.1");
    await adapter.start();
    await socket.connected();
  });
  afterAll(async () => {
    await adapter?.stop();
    await http?.close();
    await socket?.close();
    await slack?.close();
  });

  const command = (envelopeId: string, text: string) => ({
    envelope_id: envelopeId,
    type: "slash_commands",
    accepts_response_payload: true,
    payload: {
      token: "x",
      team_id: FAKE_TEAM.id,
      team_domain: "demo",
      channel_id: "C0INCIDENT",
      channel_name: "incident",
      user_id: "U0ALICE",
      user_name: "alice.responder",
      command: "/sar",
      text,
      api_app_id: "A0OIGCHATOPS",
      response_url: slack.responseUrl(envelopeId),
      trigger_id: `${envelopeId}.trigger`,
    },
  });

  it("opens the socket with the app-level token, and checks the bot token with auth.test", async () => {
    expect(slack.callsTo("apps.connections.open")[0]?.token).toBe(APP_TOKEN);
    expect(slack.callsTo("auth.test")[0]?.token).toBe(BOT_TOKEN);
    expect(await adapter.readiness()).toEqual({ status: "ok", detail: `socket mode, workspace ${FAKE_TEAM.name}` });
  });

  it("mounts no HTTP route: Slack does not call the bot in this mode", async () => {
    expect((await fetch(`${url}/slack/events`, { method: "POST", body: "x" })).status).toBe(404);
  });

  it("acks a command envelope on the socket, then answers through the Web API", async () => {
    socket.send(command("env-1", "whoami"));
    await eventually("the envelope was acked", () => socket.received.some((m) => m.envelope_id === "env-1"));
    const posted = await slack.waitForCall("chat.postEphemeral", (c) => c.args.user === "U0ALICE");
    expect(posted.args.text).toBe("whoami");
    expect(core.callsTo("whoami")).toHaveLength(1);
  });

  it("answers help in the ack payload itself", async () => {
    socket.send(command("env-2", "help"));
    await eventually("the envelope was acked", () => socket.received.some((m) => m.envelope_id === "env-2"));
    const ack = socket.received.find((m) => m.envelope_id === "env-2") as { payload: { response_type: string; text: string } };
    expect(ack.payload.response_type).toBe("ephemeral");
    expect(ack.payload.text).toContain("/sar status");
  });

  it("never logs the app token or the bot token", () => {
    const all = logs.join("\n");
    expect(all).not.toContain(APP_TOKEN);
    expect(all).not.toContain(BOT_TOKEN);
  });
});
