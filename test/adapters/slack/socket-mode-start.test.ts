// A refused app-level token stops Socket Mode start-up with one line naming
// SLACK_APP_TOKEN and what to fix (never the token's value).
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackAdapter } from "../../../src/adapters/slack/index.js";
import { BOT_TOKEN, startFakeSlackApi, type FakeSlackApi } from "../../support/fake-slack-api.js";
import { startFakeSocketMode, type FakeSocketMode } from "../../support/fake-socket-mode.js";
import { FakeCore } from "./support/fake-core.js";

const APP_TOKEN = "xapp-1-test-app-level-token";
const WRONG_APP_TOKEN = "xapp-1-some-other-apps-token-4711";

describe("Socket Mode start-up", () => {
  let sockets: FakeSocketMode;
  let slack: FakeSlackApi;

  beforeAll(async () => {
    sockets = await startFakeSocketMode();
    slack = await startFakeSlackApi({ socketMode: { appToken: APP_TOKEN, socketUrl: () => sockets.nextUrl() } });
  });
  afterAll(async () => {
    await sockets?.close();
    await slack?.close();
  });

  const adapterWith = (appToken: string, apiUrl: string) =>
    createSlackAdapter({ config: { mode: "socket", appToken, botToken: BOT_TOKEN, apiUrl }, core: new FakeCore(), logger: pino({ level: "silent" }) });

  it("names SLACK_APP_TOKEN when Slack refuses it, and opens no connection", async () => {
    const adapter = adapterWith(WRONG_APP_TOKEN, slack.url);
    const failure = await adapter.start().then(
      () => undefined,
      (err: unknown) => (err instanceof Error ? err.message : String(err)),
    );
    await adapter.stop();
    expect(failure).toMatch(/^Slack refused SLACK_APP_TOKEN \(invalid_auth\): use the app-level token/);
    expect(failure).not.toContain(WRONG_APP_TOKEN);
    expect(slack.callsTo("apps.connections.open").at(-1)?.token).toBe(WRONG_APP_TOKEN);
    expect(sockets.connections).toHaveLength(0);
  });
});
