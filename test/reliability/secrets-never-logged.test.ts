// Secrets never logged: the whole app at LOG_LEVEL=trace, a launch driven
// through Slack (command, form, approve) and a Teams message; no log line may
// carry the Okta private key, an access token or client assertion, the Slack
// signing secret or bot token, or the sandbox's SSWS token.
import { createPrivateKey, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOT_TOKEN, SLACK_USERS, type FakeSlackApi } from "../../src/fakes/slack-web-api.js";
import { SIGNING_SECRET } from "../../src/fakes/slack-requests.js";
import { startFakeBotConnector, type FakeBotConnector } from "../../src/fakes/bot-connector.js";
import { TeamsClient, teamsUser } from "../../src/fakes/teams-client.js";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import {
  launchForm,
  oktaEnv,
  sarsNamed,
  SlackDriver,
  slackEnv,
  startBot,
  startFakeSlackApi,
  startOktaSandbox,
  startRecordingProxy,
  freePort,
  until,
  type AppInstance,
  type RecordingProxy,
} from "./support/app-bench.js";

const { alice, bob } = SLACK_USERS;

const EVENT_HOOK_SECRET = `evhook-${randomBytes(24).toString("hex")}`;
const EXPORT_TOKEN = `export-${randomBytes(24).toString("hex")}`;

describe("secrets never reach the logs (LOG_LEVEL=trace, whole app)", () => {
  let proxy: RecordingProxy;
  let sandbox: RunningSandbox;
  let slack: FakeSlackApi;
  let connector: FakeBotConnector;
  let bot: AppInstance;

  beforeAll(async () => {
    proxy = await startRecordingProxy();
    // The sandbox believes it lives at the proxy's URL, so token audiences match.
    const port = await freePort();
    sandbox = await startOktaSandbox({ port, host: "127.0.0.1", publicUrl: proxy.url });
    proxy.setTarget(`http://127.0.0.1:${port}`);
    slack = await startFakeSlackApi();
    connector = await startFakeBotConnector();
    bot = await startBot({ ...oktaEnv(sandbox, proxy.url), ...slackEnv(slack), OKTA_EVENT_HOOK_SECRET: EVENT_HOOK_SECRET, AUDIT_EXPORT_TOKEN: EXPORT_TOKEN }, "trace");
  }, 60_000);

  afterAll(async () => {
    await bot?.close();
    await connector?.close();
    await slack?.close();
    await sandbox?.close();
    await proxy?.close();
  });

  it("logs no secret while a launch runs through Slack and a Teams message is answered", async () => {
    const driver = new SlackDriver(slack, () => bot.app.url);
    const marker = "INC-SECRET-1";
    const view = await driver.openForm(alice, `<@U0TARGET|dan.target> ${marker}`);
    expect((await driver.submit(alice, view, launchForm(marker))).status).toBe(200);
    const { ts, launchId } = await driver.card(marker);
    expect((await driver.click(bob, "sar_approve", launchId, ts)).status).toBe(200);
    await until("the thread names the created SAR", () => driver.thread(ts).some((t) => t.includes("created for")));
    expect(sarsNamed(sandbox, marker)).toBe(1);

    const teams = new TeamsClient({ botUrl: bot.app.url, serviceUrl: connector.serviceUrl });
    const sent = await teams.message(teamsUser("alice", "alice.responder@example.com"), "help");
    expect(sent.status).toBeLessThan(300);

    // The event hook's shared secret and the export token, used right and wrong.
    const challenge = await fetch(`${bot.app.url}/okta/event-hooks`, { headers: { authorization: EVENT_HOOK_SECRET, "x-okta-verification-challenge": "challenge-1" } });
    expect(await challenge.json()).toEqual({ verification: "challenge-1" });
    const wrongHook = await fetch(`${bot.app.url}/okta/event-hooks`, { method: "POST", headers: { authorization: `${EVENT_HOOK_SECRET}x`, "content-type": "application/json" }, body: "{}" });
    expect(wrongHook.status).toBe(401);
    const exported = await fetch(`${bot.app.url}/audit/export?since=1h`, { headers: { authorization: `Bearer ${EXPORT_TOKEN}` } });
    expect(exported.status).toBe(200);
    expect((await exported.text()).split("\n").filter((l) => l !== "").length).toBeGreaterThan(0);
    expect((await fetch(`${bot.app.url}/audit/export`, { headers: { authorization: `Bearer ${EXPORT_TOKEN}x` } })).status).toBe(401);

    // The secrets, as they appeared in flight.
    const jwk = sandbox.privateJwk as Record<string, string>;
    const pem = createPrivateKey({ key: jwk, format: "jwk" }).export({ type: "pkcs8", format: "pem" }).toString();
    const pemBody = pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
    const tokenResponses = proxy.exchanges.filter((x) => x.path.startsWith("/oauth2/v1/token") && x.status === 200);
    expect(tokenResponses.length).toBeGreaterThan(0);
    const accessTokens = tokenResponses.map((x) => (JSON.parse(x.responseBody) as { access_token: string }).access_token);
    const assertions = tokenResponses.map((x) => new URLSearchParams(x.requestBody).get("client_assertion") ?? "").filter((a) => a !== "");
    expect(assertions.length).toBeGreaterThan(0);
    const bearers = proxy.exchanges.map((x) => String(x.requestHeaders.authorization ?? "")).filter((h) => h !== "");
    expect(bearers.length).toBeGreaterThan(tokenResponses.length);

    const secrets: [string, string][] = [
      ["JWK d", jwk.d!],
      ["JWK p", jwk.p!],
      ["JWK q", jwk.q!],
      ["PEM body (first 64 chars)", pemBody.slice(0, 64)],
      ["PEM body (a middle slice)", pemBody.slice(400, 464)],
      ...accessTokens.map((t, i): [string, string] => [`access token #${i}`, t]),
      ...accessTokens.map((t, i): [string, string] => [`access token #${i} signature`, t.split(".")[2] ?? t]),
      ...assertions.map((a, i): [string, string] => [`client assertion #${i}`, a]),
      ...assertions.map((a, i): [string, string] => [`client assertion #${i} signature`, a.split(".")[2] ?? a]),
      ...bearers.map((b, i): [string, string] => [`authorization header #${i}`, b.replace(/^(Bearer|DPoP|SSWS)\s+/i, "")]),
      ["Slack signing secret", SIGNING_SECRET],
      ["Slack bot token", BOT_TOKEN],
      ["SSWS token", sandbox.apiToken],
      ["Okta event hook secret", EVENT_HOOK_SECRET],
      ["audit export token", EXPORT_TOKEN],
    ];
    expect(bot.logs.lines.length).toBeGreaterThan(20);
    const hits: string[] = [];
    for (const [name, secret] of secrets) {
      expect(secret.length, name).toBeGreaterThan(15);
      for (const line of bot.logs.lines) if (line.includes(secret)) hits.push(`${name}: ${line.slice(0, 300)}`);
    }
    expect(hits).toEqual([]);
  }, 120_000);
});
