// The audit export end to end over HTTP through startApp (real Bolt and
// botbuilder handling, the Okta sandbox, PGlite, the fake Slack Web API
// and Bot Connector): real flows (a launch approved in Slack, a request
// message, refused attempts) are exported through Slack (a .jsonl upload),
// `GET /audit/export` with the admin token, and a Teams one-time link;
// every line is parsed and the joins checked (chat user and permalink,
// Okta user ids, policy decision and rule, approvals, SAR and request ids,
// Okta's request ids), with `since` filtering and every refusal.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditExportRecord } from "../../src/governance/audit/index.js";
import type { LaunchId } from "../../src/governance/store.js";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { DEMO_REQUESTS, DEMO_USERS } from "../support/core-harness.js";
import { BOT_TOKEN, SLACK_USERS, type FakeSlackApi, type UploadedFile } from "../../src/fakes/slack-web-api.js";
import { startFakeBotConnector, type FakeBotConnector } from "../../src/fakes/bot-connector.js";
import { CHANNEL, personalChat, TeamsClient, teamsUser, type TeamsUser } from "../../src/fakes/teams-client.js";
import { allText, cardOf } from "../adapters/teams/support/card-reading.js";
import { launchForm, oktaEnv, SlackDriver, slackEnv, startBot, startFakeSlackApi, startOktaSandbox, until, type AppInstance } from "../reliability/support/app-bench.js";

const { alice, bob, carol } = SLACK_USERS;
const TOKEN = "audit-export-token-0123456789abcdef0123456789abcdef";
const MARKER = "INC-7001";
const MESSAGE = "audit export e2e: please expedite";

/** The JSONL text of an uploaded file (the Web API client may wrap it as multipart form data). */
function uploadedText(file: UploadedFile): string {
  const raw = file.body.toString("utf8");
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(file.contentType ?? "");
  if (boundary === null) return raw;
  const part = raw.split(`--${boundary[1] ?? boundary[2] ?? ""}`).find((p) => p.includes("\r\n\r\n") && p.includes("{"));
  return (part ?? "").slice((part ?? "").indexOf("\r\n\r\n") + 4).replace(/\r\n$/, "");
}

function parseLines(text: string): AuditExportRecord[] {
  const lines = text.split("\n");
  expect(lines.pop()).toBe("");
  return lines.map((line) => JSON.parse(line) as AuditExportRecord);
}

describe("audit export through the whole app", () => {
  let sandbox: RunningSandbox;
  let slack: FakeSlackApi;
  let connector: FakeBotConnector;
  let bot: AppInstance;
  let driver: SlackDriver;
  let teams: TeamsClient;
  const teamsCarol: TeamsUser = teamsUser("carol", DEMO_USERS.carol.email);
  const teamsAlice: TeamsUser = teamsUser("alice", DEMO_USERS.alice.email);
  let card: { ts: string; launchId: string };
  let sarId: string;
  let betweenFlows: Date;

  const exportOverHttp = (query = "", headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) => fetch(`${bot.app.url}/audit/export${query}`, { headers });

  beforeAll(async () => {
    sandbox = await startOktaSandbox();
    slack = await startFakeSlackApi();
    connector = await startFakeBotConnector();
    for (const u of [teamsCarol, teamsAlice]) connector.addMember({ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: u.email });
    bot = await startBot({ ...oktaEnv(sandbox), ...slackEnv(slack), AUDIT_EXPORT_TOKEN: TOKEN }, "debug");
    driver = new SlackDriver(slack, () => bot.app.url);
    teams = new TeamsClient({ botUrl: bot.app.url, serviceUrl: connector.serviceUrl });

    // A launch, approved by bob, created in Okta.
    const view = await driver.openForm(alice, `<@U0TARGET|dan.target> ${MARKER}`);
    expect((await driver.submit(alice, view, launchForm(MARKER))).status).toBe(200);
    card = await driver.card(MARKER);
    expect((await driver.click(bob, "sar_approve", card.launchId, card.ts)).status).toBe(200);
    await until("the SAR is launched", async () => (await bot.app.store.getLaunch(card.launchId as LaunchId))?.sarId != null);
    sarId = String((await bot.app.store.getLaunch(card.launchId as LaunchId))?.sarId);

    await new Promise((resolve) => setTimeout(resolve, 20));
    betweenFlows = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // A request message, and a responder's refused attempt to export.
    expect((await driver.command(alice, `message ${DEMO_REQUESTS.danPending.id} ${MESSAGE}`)).status).toBe(200);
    await until("the request message is audited", async () => (await bot.app.store.queryAudit({ requestId: DEMO_REQUESTS.danPending.id as never, limit: 5 })).some((e) => e.outcome === "succeeded"));
  }, 120_000);

  afterAll(async () => {
    await bot?.close();
    await connector?.close();
    await slack?.close();
    await sandbox?.close();
  });

  it("refuses a responder in Slack, privately, naming the role, and uploads nothing", async () => {
    const before = slack.callsTo("chat.postEphemeral").length;
    expect((await driver.command(alice, "audit export 7d")).status).toBe(200);
    const answer = await slack.waitForCall("chat.postEphemeral", (c) => c.args.user === alice.id && slack.callsTo("chat.postEphemeral").indexOf(c) >= before, 30_000);
    expect(String(answer.args.text)).toContain("You need the admin role");
    expect(slack.callsTo("files.getUploadURLExternal")).toHaveLength(0);
    const audit = await bot.app.store.queryAudit({ limit: 20 });
    expect(audit.map((e) => [e.action, e.outcome, e.actor.chatUserId])).toContainEqual(["audit.read", "denied", alice.id]);
  });

  it("refuses a bad `since` in Slack with the accepted forms", async () => {
    const before = slack.callsTo("chat.postEphemeral").length;
    expect((await driver.command(carol, "audit export lastweek")).status).toBe(200);
    const answer = await slack.waitForCall("chat.postEphemeral", (c) => c.args.user === carol.id && slack.callsTo("chat.postEphemeral").indexOf(c) >= before, 30_000);
    expect(JSON.stringify(answer.args)).toContain("neither a date nor a duration");
    expect(slack.callsTo("files.getUploadURLExternal")).toHaveLength(0);
  });

  it("uploads the trail to an admin's direct message in Slack, with every join", async () => {
    expect((await driver.command(carol, "audit export 7d")).status).toBe(200);
    const completed = await slack.waitForCall("files.completeUploadExternal", () => true, 30_000);
    expect(completed.args.channel_id).toBe(`D${carol.id.replace(/^U/, "")}`);
    const [file] = [...slack.files.values()];
    expect(file?.filename).toMatch(/^oig-chatops-audit-.*\.jsonl$/);
    const records = parseLines(uploadedText(file as UploadedFile));
    expect(Buffer.byteLength(uploadedText(file as UploadedFile))).toBe(file?.length);
    expectJoins(records);
    // The person hears where it went; the channel never sees the trail.
    await slack.waitForCall("chat.postEphemeral", (c) => c.args.user === carol.id && /direct message/.test(String(c.args.text)), 30_000);
    expect(slack.calls.some((c) => c.method.startsWith("chat.") && JSON.stringify(c.args).includes("oig-chatops.audit-export.v1"))).toBe(false);
  });

  it("streams the same records over GET /audit/export with the admin token", async () => {
    const res = await exportOverHttp();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="oig-chatops-audit-.*\.jsonl"/);
    const records = parseLines(await res.text());
    expectJoins(records);
    expect(records.some((r) => r.action === "audit.export" && r.details.delivery === "chat-file" && r.actor.chatUserId === carol.id)).toBe(true);
  });

  it("filters by `since` and refuses a bad one", async () => {
    const res = await exportOverHttp(`?since=${encodeURIComponent(betweenFlows.toISOString())}`);
    expect(res.status).toBe(200);
    const records = parseLines(await res.text());
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => new Date(r.at).getTime() >= betweenFlows.getTime())).toBe(true);
    expect(records.some((r) => r.action === "request.message" && r.outcome === "succeeded")).toBe(true);
    expect(records.some((r) => r.action.startsWith("sar.launch"))).toBe(false);

    const bad = await exportOverHttp("?since=tomorrow-ish");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain("neither a date nor a duration");
  });

  it("answers 401 to a wrong or missing token, and never logs the token", async () => {
    for (const headers of [{ authorization: "Bearer not-the-token" }, { authorization: `Basic ${TOKEN}` }, {} as Record<string, string>]) {
      const res = await exportOverHttp("", headers);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
      expect(await res.text()).not.toContain("audit.export");
    }
    expect(bot.logs.lines.length).toBeGreaterThan(0);
    expect(bot.logs.lines.filter((line) => line.includes(TOKEN))).toEqual([]);
    expect(bot.logs.lines.some((line) => line.includes(BOT_TOKEN))).toBe(false);
  });

  it("gives a Teams admin a one-time link in a personal chat, refuses it in a channel and to a responder", async () => {
    const ask = async (user: TeamsUser, text: string, inChannel = false) => {
      const sent = await teams.message(user, text, { conversation: inChannel ? CHANNEL : personalChat(user) });
      const reply = await connector.waitFor("the export answer", () => connector.posted.find((p) => p.replyToId === sent.activity.id || p.activity.replyToId === sent.activity.id), 30_000);
      return `${String(reply.activity.text ?? "")}\n${allText(cardOf(reply.activity))}`;
    };
    expect(await ask(teamsAlice, "audit export")).toContain("You need the admin role");
    expect(await ask(teamsCarol, "audit export", true)).toContain("personal chat");

    const answer = await ask(teamsCarol, "audit export 24h");
    const url = /(http:\/\/127\.0\.0\.1:\d+\/audit\/export\?ticket=[A-Za-z0-9_-]{43})/.exec(answer)?.[1];
    expect(url, answer).toBeDefined();
    const first = await fetch(String(url));
    expect(first.status).toBe(200);
    const records = parseLines(await first.text());
    expectJoins(records);
    const issued = records.find((r) => r.action === "audit.export" && r.details.delivery === "download-link-issued");
    expect(issued?.actor).toMatchObject({ platform: "teams", oktaUserId: DEMO_USERS.carol.id });

    const again = await fetch(String(url));
    expect(again.status).toBe(403);
    expect(((await again.json()) as { message: string }).message).toContain("expired or was already used");
    const forged = await fetch(`${bot.app.url}/audit/export?ticket=${"A".repeat(43)}`);
    expect(forged.status).toBe(403);
    const ticket = new URL(String(url)).searchParams.get("ticket") ?? "";
    expect(bot.logs.lines.filter((line) => line.includes(ticket))).toEqual([]);
    const used = await bot.app.store.queryAudit({ limit: 10 });
    // The download is audited in the name of the admin the ticket was issued to.
    const download = used.find((e) => e.action === "audit.export" && e.details.delivery === "download-link-used");
    expect(download?.actor).toEqual({ ...issued?.actor });
  });

  /** The records of the flows run in beforeAll, joined as documented. */
  function expectJoins(records: AuditExportRecord[]): void {
    expect(records.length).toBeGreaterThan(5);
    for (const r of records) expect(r.format).toBe("oig-chatops.audit-export.v1");
    // Newest first.
    expect(records.map((r) => Number(r.id))).toEqual([...records.map((r) => Number(r.id))].sort((a, b) => b - a));

    const submitted = records.find((r) => r.action === "sar.launch" && r.outcome === "allowed");
    expect(submitted?.actor).toEqual({ platform: "slack", tenantId: "T0DEMO", chatUserId: alice.id, oktaUserId: DEMO_USERS.alice.id });
    expect(submitted?.policy?.rule).toBe("permissions.sar.launch");
    expect(submitted?.policy?.via).toEqual(["responder"]);
    expect(submitted?.policy?.because.join(" ")).toContain("Incident Responders");

    const approved = records.find((r) => r.action === "sar.launch.approve" && r.target.launchId === card.launchId);
    expect(approved?.actor.chatUserId).toBe(bob.id);
    expect(approved?.policy).toMatchObject({ decision: "allowed", rule: "approval.sar.launch" });

    const launched = records.find((r) => r.action === "sar.launch.launched" && r.target.launchId === card.launchId);
    expect(launched).toBeDefined();
    expect(launched?.target.sarId).toBe(sarId);
    expect(launched?.target.oktaUserId).toBe(DEMO_USERS.dan.id);
    expect(launched?.chat).toMatchObject({ platform: "slack", tenantId: "T0DEMO", conversationId: "C0INCIDENT", messageId: card.ts });
    expect(launched?.chat?.permalink).toBe(`https://slack.com/archives/C0INCIDENT/p${card.ts.replace(".", "")}`);
    expect(launched?.approvals).toEqual([{ approver: { platform: "slack", tenantId: "T0DEMO", chatUserId: bob.id, oktaUserId: DEMO_USERS.bob.id }, decision: "approve", reason: null, at: expect.any(String), stepUp: null }]);
    const create = launched?.oktaRequests.find((c) => c.operation === "createSecurityAccessReview");
    expect(create?.status).toBeGreaterThanOrEqual(200);
    expect(create?.status).toBeLessThan(300);
    expect(create?.requestId).toMatch(/^[A-Za-z0-9]{27}$/);
    expect(launched?.oktaRequestIds).toContain(create?.requestId);

    const message = records.find((r) => r.action === "request.message" && r.outcome === "succeeded");
    expect(message?.target.requestId).toBe(DEMO_REQUESTS.danPending.id);
    expect(message?.actor.oktaUserId).toBe(DEMO_USERS.alice.id);
    expect(message?.oktaRequests.map((c) => c.operation)).toContain("createRequestMessageV2");

    const refused = records.find((r) => r.action === "audit.read" && r.outcome === "denied" && r.actor.chatUserId === alice.id);
    expect(refused?.policy).toMatchObject({ decision: "denied", rule: "permissions.audit.read", requiredRoles: ["admin"] });

    // Every Okta request id names one call: none is shared between records.
    const ids = records.flatMap((r) => r.oktaRequestIds);
    expect(ids.length).toBeGreaterThan(2);
    expect(new Set(ids).size).toBe(ids.length);
  }
});
