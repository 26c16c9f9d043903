// `/sar doctor` through the whole app (startApp: real Bolt and botbuilder
// request handling, the Okta sandbox over HTTP, PGlite, the fake Slack Web
// API and Bot Connector): an admin gets the report in Slack and in Teams, a
// responder is refused naming the role, and once the sandbox withholds a
// scope from the bot's service app the chat reply names that scope and how
// to grant it. Nothing secret reaches chat. Without Okta settings, the
// doctor checks the bot's own in-process sandbox org.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultOktaScopes } from "../../src/config.js";
import type { NewClient, RunningSandbox } from "../../src/sandbox/index.js";
import { BOT_TOKEN, SLACK_USERS, type FakeSlackApi } from "../../src/fakes/slack-web-api.js";
import { DEMO_USERS } from "../support/core-harness.js";
import { startFakeBotConnector, type FakeBotConnector } from "../../src/fakes/bot-connector.js";
import { TeamsClient, teamsUser, type TeamsUser } from "../../src/fakes/teams-client.js";
import { allText, cardOf } from "../adapters/teams/support/card-reading.js";
import { SIGNING_SECRET } from "../../src/fakes/slack-requests.js";
import { SlackDriver, slackEnv, startBot, startFakeSlackApi, startOktaSandbox, type AppInstance } from "../reliability/support/app-bench.js";

const { alice, carol } = SLACK_USERS;
const WITHHELD = "okta.accessRequests.request.manage";

describe("/sar doctor in chat, through the whole app", () => {
  let sandbox: RunningSandbox;
  let oktaApp: NewClient;
  let slack: FakeSlackApi;
  let connector: FakeBotConnector;
  let bot: AppInstance;
  let driver: SlackDriver;
  let teams: TeamsClient;
  const teamsCarol: TeamsUser = teamsUser("carol", DEMO_USERS.carol.email);
  const teamsAlice: TeamsUser = teamsUser("alice", DEMO_USERS.alice.email);

  beforeAll(async () => {
    sandbox = await startOktaSandbox();
    // The bot's own service app, granted exactly the scopes the bot asks for.
    oktaApp = await sandbox.registerClient({ scopes: [...defaultOktaScopes], keyAlg: "ES256" });
    slack = await startFakeSlackApi();
    connector = await startFakeBotConnector();
    for (const u of [teamsCarol, teamsAlice]) connector.addMember({ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: u.email });
    bot = await startBot({
      OKTA_ORG_URL: sandbox.url,
      OKTA_CLIENT_ID: oktaApp.clientId,
      OKTA_PRIVATE_KEY: JSON.stringify(oktaApp.privateJwk),
      OKTA_KEY_ID: oktaApp.keyId,
      ...slackEnv(slack),
    });
    driver = new SlackDriver(slack, () => bot.app.url);
    teams = new TeamsClient({ botUrl: bot.app.url, serviceUrl: connector.serviceUrl });
  }, 60_000);

  afterAll(async () => {
    await bot?.close();
    await connector?.close();
    await slack?.close();
    await sandbox?.close();
  });

  /** Runs `/sar doctor` as `user` in Slack; resolves to the private answer (fallback text plus blocks as JSON). */
  async function slackDoctor(user: (typeof SLACK_USERS)["alice" | "carol"]): Promise<string> {
    const before = slack.callsTo("chat.postEphemeral").length;
    const res = await driver.command(user, "doctor");
    expect(res.status).toBe(200);
    const call = await slack.waitForCall("chat.postEphemeral", (c) => c.args.user === user.id && slack.callsTo("chat.postEphemeral").indexOf(c) >= before, 30_000);
    return `${String(call.args.text)}\n${JSON.stringify(call.args.blocks)}`;
  }

  /** Says `doctor` to the bot as `user` in Teams; resolves to the answer card's text. */
  async function teamsDoctor(user: TeamsUser): Promise<string> {
    const sent = await teams.message(user, "doctor");
    const reply = await connector.waitFor("the doctor's answer", () => connector.posted.find((p) => p.replyToId === sent.activity.id), 30_000);
    return `${String(reply.activity.text ?? "")}\n${allText(cardOf(reply.activity))}`;
  }

  function expectNoSecrets(text: string): void {
    const privateJwk = oktaApp.privateJwk as { d?: string };
    expect(privateJwk.d).toBeTruthy();
    expect(text).not.toContain(privateJwk.d);
    expect(text).not.toContain(BOT_TOKEN);
    expect(text).not.toContain(SIGNING_SECRET);
  }

  it("gives an admin the whole report in Slack, privately: Okta token, every scope and permission, database, policy, Slack", async () => {
    const seen = await slackDoctor(carol);
    expect(seen).toContain("Configuration doctor");
    expect(seen).toContain("Everything configured works");
    for (const scope of defaultOktaScopes) expect(seen).toContain(`scope ${scope}`);
    expect(seen).toContain(oktaApp.clientId);
    expect(seen).toMatch(/answers select 1/);
    expect(seen).toMatch(/policy\.yaml loads/);
    expect(seen).toContain("bot user @");
    expectNoSecrets(seen);
    // Answered to the asker only; nothing went to the channel.
    expect(slack.callsTo("chat.postMessage").filter((c) => JSON.stringify(c.args).includes("Configuration doctor"))).toHaveLength(0);
    const audit = await bot.app.store.queryAudit({ limit: 50 });
    expect(audit.map((e) => [e.action, e.outcome, e.actor.chatUserId])).toContainEqual(["doctor.run", "succeeded", carol.id]);
  });

  it("refuses a responder in Slack, naming the admin role, and runs no check", async () => {
    sandbox.calls.clear();
    const seen = await slackDoctor(alice);
    expect(seen).toContain("You need the admin role");
    expect(seen).toContain('The configuration doctor needs the same permission ("audit.read")');
    expect(seen).not.toContain("Configuration doctor");
    // The doctor's probes never ran (listing SARs is one of them; resolving alice lists none).
    expect(sandbox.calls.list({ operationId: "listSecurityAccessReviews" })).toHaveLength(0);
  });

  it("gives an admin the report in Teams as a card, and refuses a responder", async () => {
    const seen = await teamsDoctor(teamsCarol);
    expect(seen).toContain("Configuration doctor");
    expect(seen).toContain("Everything configured works");
    expect(seen).toContain(`scope ${WITHHELD}`);
    expectNoSecrets(seen);

    const refused = await teamsDoctor(teamsAlice);
    expect(refused).toContain("You need the admin role");
    expect(refused).not.toContain("Everything configured works");
  });

  it("names a scope the sandbox withholds, with the Admin Console steps, on both platforms", async () => {
    // Withdraw the grant at run time, as an Okta admin would on the app's Okta API Scopes tab.
    // `registerClient` hands back the very list the sandbox's client registry keeps as the app's
    // grant (the control API has no call to revoke one yet), so this is the in-process way to do it.
    // Tokens issued before stay valid, as in Okta: the bot keeps working (the admin's role check
    // still passes) while new token requests for the scope are refused.
    const index = oktaApp.scopes.indexOf(WITHHELD);
    expect(index).toBeGreaterThanOrEqual(0);
    oktaApp.scopes.splice(index, 1);
    try {
      const slackSeen = await slackDoctor(carol);
      expect(slackSeen).toMatch(/problems? found/);
      expect(slackSeen).toContain(`scope ${WITHHELD}`);
      expect(slackSeen).toContain("MISSING");
      expect(slackSeen).toContain(`Okta API Scopes tab &gt; ${WITHHELD} &gt; Grant.`);
      expectNoSecrets(slackSeen);

      const teamsSeen = await teamsDoctor(teamsCarol);
      expect(teamsSeen).toContain(`MISSING: scope ${WITHHELD}`);
      expect(teamsSeen).toContain(`Okta API Scopes tab > ${WITHHELD} > Grant.`);
      expect(teamsSeen).not.toContain("Everything configured works");
      expectNoSecrets(teamsSeen);
    } finally {
      oktaApp.scopes.splice(index, 0, WITHHELD);
    }
  });
});

describe("/sar doctor with no Okta settings (the built-in sandbox org)", () => {
  let slack: FakeSlackApi;
  let bot: AppInstance;

  beforeAll(async () => {
    slack = await startFakeSlackApi();
    bot = await startBot(slackEnv(slack));
  }, 60_000);

  afterAll(async () => {
    await bot?.close();
    await slack?.close();
  });

  it("checks the bot's own sandbox org, not another one", async () => {
    const sandbox = bot.app.sandbox;
    if (sandbox === undefined) throw new Error("the bot started no sandbox");
    sandbox.calls.clear();
    const res = await new SlackDriver(slack, () => bot.app.url).command(carol, "doctor");
    expect(res.status).toBe(200);
    const call = await slack.waitForCall("chat.postEphemeral", (c) => c.args.user === carol.id, 30_000);
    const seen = `${String(call.args.text)}\n${JSON.stringify(call.args.blocks)}`;
    expect(seen).toContain(`checked the bot's built-in sandbox org at ${sandbox.url}`);
    expect(seen).toContain("Everything configured works");
    // The probes reached this very org: the doctor lists SARs once (limit=1), as the demo app.
    expect(sandbox.calls.count({ operationId: "listSecurityAccessReviews", status: 200, caller: sandbox.clientId })).toBe(1);
  });
});
