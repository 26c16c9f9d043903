// Authenticated mode: an activity is processed only with a valid Bot
// Framework token, checked offline against a key server the test runs.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { customCloudAuthentication } from "../../../src/adapters/teams/index.js";
import { FakeCore } from "./support/fake-core.js";
import { startBotFrameworkKeys, type BotFrameworkKeys } from "./support/bot-framework-keys.js";
import { recordingLogger, startTeamsHarness, type TeamsHarness } from "./support/teams-harness.js";
import { CHANNEL, plainMessage, teamsUser } from "../../../src/fakes/teams-client.js";

const APP_ID = "4a1b6f0e-0000-4000-8000-00000000c0de";
const APP_PASSWORD = "app-password-that-must-never-be-logged";
const OUTBOUND = "outbound-token-for-the-connector";
const alice = teamsUser("alice", "alice.responder@example.com");

async function authenticatedHarness(keys: BotFrameworkKeys, core: FakeCore) {
  const log = recordingLogger();
  const harness = await startTeamsHarness({
    core,
    logger: log.logger,
    config: { mode: "authenticated", appType: "MultiTenant", appId: APP_ID, appPassword: APP_PASSWORD },
    botFrameworkAuthentication: customCloudAuthentication({ appId: APP_ID, openIdMetadataUrl: keys.metadataUrl, outboundToken: OUTBOUND }),
  });
  return { harness, log };
}

const helpActivity = (h: TeamsHarness) => plainMessage(h.connector.serviceUrl, alice, "help");

describe("Teams authenticated mode", () => {
  let keys: BotFrameworkKeys;
  let core: FakeCore;
  let h: TeamsHarness;
  let log: { lines: string[] };

  beforeAll(async () => {
    keys = await startBotFrameworkKeys();
    core = new FakeCore();
    ({ harness: h, log } = await authenticatedHarness(keys, core));
  });
  afterAll(async () => {
    await h?.close();
    await keys?.close();
  });
  afterEach(() => {
    expect(log.lines.join("\n")).not.toContain(APP_PASSWORD);
  });

  it("answers 401 to an activity without a token and calls nothing", async () => {
    const before = core.calls.length;
    const res = await h.client.send(helpActivity(h));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: "unauthorized" });
    expect(core.calls.length).toBe(before);
    expect(h.connector.posted).toHaveLength(0);
  });

  it("answers 401 to a token signed with a key the Bot Framework does not publish", async () => {
    const before = core.calls.length;
    const forged = await keys.forge({ appId: APP_ID, serviceUrl: h.connector.serviceUrl });
    const res = await h.client.send(helpActivity(h), { headers: { authorization: `Bearer ${forged}` } });
    expect(res.status).toBe(401);
    expect(core.calls.length).toBe(before);
    expect(h.connector.posted).toHaveLength(0);
    expect(log.lines.join("\n")).not.toContain(forged);
  });

  it("answers 401 to a valid signature for another bot (audience)", async () => {
    const token = await keys.sign({ appId: "some-other-bot", serviceUrl: h.connector.serviceUrl });
    const res = await h.client.send(helpActivity(h), { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
    expect(h.connector.posted).toHaveLength(0);
  });

  it("answers 401 when the token was issued for another serviceUrl, so replies cannot be redirected", async () => {
    const token = await keys.sign({ appId: APP_ID, serviceUrl: "https://smba.trafficmanager.net/amer/" });
    const res = await h.client.send(helpActivity(h), { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
    expect(h.connector.posted).toHaveLength(0);
  });

  it("answers 401 to an expired token", async () => {
    const token = await keys.sign({ appId: APP_ID, serviceUrl: h.connector.serviceUrl, expiresIn: "-10m" });
    const res = await h.client.send(helpActivity(h), { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
    expect(h.connector.posted).toHaveLength(0);
  });

  it("processes an activity with a valid token and replies with the bot's own token", async () => {
    const token = await keys.sign({ appId: APP_ID, serviceUrl: h.connector.serviceUrl });
    const res = await h.client.send(helpActivity(h), { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const reply = await h.connector.waitFor("the help reply", () => h.connector.posted[0]);
    expect(reply.authorization).toBe(`Bearer ${OUTBOUND}`);
    expect(core.callsOf("help")).toHaveLength(1);
    expect(log.lines.join("\n")).not.toContain(token);
  });
});

describe("Teams authenticated mode when the Bot Framework keys cannot be fetched", () => {
  it("refuses with 503 while the key server fails, processes nothing, and accepts once it is back", async () => {
    const keys = await startBotFrameworkKeys();
    const core = new FakeCore();
    const { harness: h } = await authenticatedHarness(keys, core);
    try {
      keys.setMode("error");
      const token = await keys.sign({ appId: APP_ID, serviceUrl: h.connector.serviceUrl });
      const refused = await h.client.send(helpActivity(h), { headers: { authorization: `Bearer ${token}` } });
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ error: "unavailable" });
      expect(core.calls).toHaveLength(0);
      expect(h.connector.posted).toHaveLength(0);

      keys.setMode("ok");
      const accepted = await h.client.send(helpActivity(h), { headers: { authorization: `Bearer ${token}` } });
      expect(accepted.status).toBe(200);
      await h.connector.waitFor("the help reply", () => h.connector.posted[0]);
    } finally {
      await h.close();
      await keys.close();
    }
  });

  it("refuses with 503 when the key server cannot be reached at all", async () => {
    const keys = await startBotFrameworkKeys();
    const core = new FakeCore();
    const unreachable = { ...keys, metadataUrl: keys.metadataUrl };
    await keys.close();
    const { harness: h } = await authenticatedHarness(unreachable, core);
    try {
      const token = await keys.sign({ appId: APP_ID, serviceUrl: h.connector.serviceUrl });
      const res = await h.client.send({ ...helpActivity(h), conversation: { id: CHANNEL.id, conversationType: "channel", tenantId: "tenant-demo" } }, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(503);
      expect(core.calls).toHaveLength(0);
      expect(h.connector.posted).toHaveLength(0);
    } finally {
      await h.close();
    }
  });
});
