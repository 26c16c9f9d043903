// Evidence that answers an auditor, through the whole app over HTTP (real
// Bolt handling, the Okta sandbox, PGlite, the fake Slack Web API): a
// responder starts a launch with the message shortcut on an alert, someone
// without the approver role is refused, an approver approves, the SAR is
// created; then `GET /audit/export?user=<the user under review>` alone must
// say who asked, who approved, which Okta group allowed each of them, which
// role the refused person lacked, and which SAR resulted.
// Regressions of issue 18: the approver's decision had `because: []`, the
// `sar.launch` permission record had `target: null`, and the shortcut left
// the incident reference empty.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditExportRecord } from "../../src/governance/audit/index.js";
import type { LaunchId } from "../../src/governance/store.js";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { DEMO_USERS } from "../support/core-harness.js";
import { SLACK_USERS, type FakeSlackApi } from "../../src/fakes/slack-web-api.js";
import { interactionBody, messageShortcutPayload, postSigned } from "../../src/fakes/slack-requests.js";
import { oktaEnv, SlackDriver, slackEnv, startBot, startFakeSlackApi, startOktaSandbox, until, type AppInstance } from "../reliability/support/app-bench.js";

const { alice, bob, erin } = SLACK_USERS;
const TOKEN = "audit-evidence-token-0123456789abcdef0123456789abcdef";
const ALERT = "ITP risk HIGH for <@U0TARGET|dan.target> <!channel>: impossible travel, tracked as INC-4242";
const ALERT_TS = "1700000600.000100";

/** The initial value of one input of a Slack modal. */
function fieldOf(view: Record<string, unknown>, blockId: string): string | undefined {
  const blocks = view.blocks as { block_id?: string; element?: { initial_value?: string } }[];
  return blocks.find((b) => b.block_id === blockId)?.element?.initial_value;
}

function parseLines(text: string): AuditExportRecord[] {
  const lines = text.split("\n");
  expect(lines.pop()).toBe("");
  return lines.map((line) => JSON.parse(line) as AuditExportRecord);
}

describe("the export of one approved launch answers an auditor", () => {
  let sandbox: RunningSandbox;
  let slack: FakeSlackApi;
  let bot: AppInstance;
  let driver: SlackDriver;
  let form: Record<string, unknown>;
  let launchId: string;
  let sarId: string;

  const exportOverHttp = (query: string) => fetch(`${bot.app.url}/audit/export${query}`, { headers: { authorization: `Bearer ${TOKEN}` } });

  beforeAll(async () => {
    sandbox = await startOktaSandbox();
    slack = await startFakeSlackApi();
    bot = await startBot({ ...oktaEnv(sandbox), ...slackEnv(slack), AUDIT_EXPORT_TOKEN: TOKEN });
    driver = new SlackDriver(slack, () => bot.app.url);

    // The responder's "Security access review" shortcut on the alert message.
    const payload = messageShortcutPayload({ user: alice, text: ALERT, messageTs: ALERT_TS });
    expect((await postSigned(bot.app.url, interactionBody(payload))).status).toBe(200);
    const opened = await slack.waitForCall("views.open", (c) => c.args.trigger_id === payload.trigger_id, 30_000);
    const viewId = (opened.response?.view as { id: string }).id;
    await slack.waitForCall("views.update", (c) => c.args.view_id === viewId && JSON.stringify(c.args.view).includes('"incidentRef"'), 30_000);
    form = driver.view(viewId);

    // Submitted as prefilled, with a reviewer added.
    const values = {
      target: fieldOf(form, "target") ?? "",
      reviewers: "erin.reviewer@example.com",
      durationDays: "7",
      reason: fieldOf(form, "reason") ?? "",
      incidentRef: fieldOf(form, "incidentRef") ?? "",
    };
    expect((await driver.submit(alice, form, values)).status).toBe(200);
    // The only card of this run (matched by the target, so that each defect below fails on its own).
    const card = await driver.card("dan.target");
    launchId = card.launchId;
    // Erin holds no approver role: refused. Then Bob approves.
    expect((await driver.click(erin, "sar_approve", launchId, card.ts)).status).toBe(200);
    await until("erin's refusal is audited", async () => (await bot.app.store.queryAudit({ launchId: launchId as LaunchId, limit: 20 })).some((e) => e.outcome === "denied" && e.actor.chatUserId === erin.id));
    expect((await driver.click(bob, "sar_approve", launchId, card.ts)).status).toBe(200);
    await until("the SAR is launched", async () => (await bot.app.store.getLaunch(launchId as LaunchId))?.sarId != null);
    sarId = String((await bot.app.store.getLaunch(launchId as LaunchId))?.sarId);
    await until("the launch is audited", async () => (await bot.app.store.queryAudit({ launchId: launchId as LaunchId, limit: 20 })).some((e) => e.action === "sar.launch.launched"));
  }, 120_000);

  afterAll(async () => {
    await bot?.close();
    await slack?.close();
    await sandbox?.close();
  });

  it("the message shortcut reads the alert as `/sar` reads its text: the person, the incident key, and a reason with the message's link", () => {
    expect(fieldOf(form, "target")).toBe("@dan.target");
    expect(fieldOf(form, "incidentRef")).toBe("INC-4242");
    const reason = fieldOf(form, "reason") ?? "";
    expect(reason).toContain("impossible travel, tracked as INC-4242");
    expect(reason).toContain(`https://demo.slack.example/archives/C0INCIDENT/p${ALERT_TS.replace(".", "")}`);
  });

  it("says which Okta group made the approver an approver, and which role the refused person lacked", async () => {
    const records = parseLines(await (await exportOverHttp("")).text());
    const approved = records.find((r) => r.action === "sar.launch.approve" && r.outcome === "allowed" && r.target.launchId === launchId);
    expect(approved?.policy?.because).toEqual(['approver: member of Okta group "Security Leads"']);
    const refused = records.find((r) => r.action === "sar.launch.approve" && r.outcome === "denied" && r.target.launchId === launchId);
    expect(refused?.policy?.requiredRoles).toEqual(["approver"]);
  });

  it("answers from the export filtered by the user under review: who asked, who approved, which Okta group allowed each, which SAR resulted", async () => {
    const res = await exportOverHttp(`?user=${DEMO_USERS.dan.id}`);
    expect(res.status).toBe(200);
    const records = parseLines(await res.text());
    // The filter keeps only records where the user under review is the actor or the target.
    expect(records.every((r) => r.target.oktaUserId === DEMO_USERS.dan.id || r.actor.oktaUserId === DEMO_USERS.dan.id)).toBe(true);

    // Who asked, and why they were allowed to.
    const asked = records.filter((r) => r.action === "sar.launch" && r.outcome === "allowed");
    expect(asked.length).toBeGreaterThan(0);
    for (const r of asked) {
      expect(r.actor.oktaUserId).toBe(DEMO_USERS.alice.id);
      expect(r.policy).toMatchObject({ decision: "allowed", rule: "permissions.sar.launch", via: ["responder"] });
      expect(r.policy?.because).toEqual(['responder: member of Okta group "Incident Responders"']);
    }

    // Who approved, and why they could.
    const approved = records.find((r) => r.action === "sar.launch.approve" && r.outcome === "allowed");
    expect(approved?.actor).toMatchObject({ chatUserId: bob.id, oktaUserId: DEMO_USERS.bob.id });
    expect(approved?.policy).toEqual({
      decision: "allowed",
      rule: "approval.sar.launch",
      via: ["approver"],
      because: ['approver: member of Okta group "Security Leads"'],
      requiredRoles: [],
    });

    // Who was refused, and which role they lacked.
    const refused = records.find((r) => r.action === "sar.launch.approve" && r.outcome === "denied");
    expect(refused?.actor.oktaUserId).toBe(DEMO_USERS.erin.id);
    expect(refused?.policy).toMatchObject({ decision: "denied", rule: "approval.sar.launch", requiredRoles: ["approver"], because: [] });

    // Which SAR resulted, for which launch, approved by whom.
    const launched = records.find((r) => r.action === "sar.launch.launched");
    expect(launched?.target).toMatchObject({ oktaUserId: DEMO_USERS.dan.id, sarId, launchId });
    expect(launched?.approvals.map((a) => [a.approver.oktaUserId, a.decision])).toEqual([[DEMO_USERS.bob.id, "approve"]]);
  });

  it("names the user under review on every record about the launch, so the filter by user misses none of them", async () => {
    const all = parseLines(await (await exportOverHttp("")).text());
    const filtered = parseLines(await (await exportOverHttp(`?user=${DEMO_USERS.dan.id}`)).text());
    // Every record of this launch's flows: its permission checks (same correlation id) and its own entries.
    const flows = new Set(all.filter((r) => r.target.launchId === launchId).map((r) => r.correlationId));
    const aboutLaunch = all.filter((r) => r.target.launchId === launchId || (r.action === "sar.launch" && flows.has(r.correlationId)));
    expect(aboutLaunch.map((r) => r.action)).toEqual(expect.arrayContaining(["sar.launch", "sar.launch.submit", "sar.launch.approve", "sar.launch.launched"]));
    for (const r of aboutLaunch) expect([r.action, r.target.oktaUserId]).toEqual([r.action, DEMO_USERS.dan.id]);
    expect(filtered.map((r) => r.id)).toEqual(expect.arrayContaining(aboutLaunch.map((r) => r.id)));
  });

  it("refuses a `user` that is not an Okta user id, and a `since` in the future, with 400 and the reason", async () => {
    const badUser = await exportOverHttp("?user=dan.target%40example.com");
    expect(badUser.status).toBe(400);
    expect(((await badUser.json()) as { message: string }).message).toContain("00u");
    const future = await exportOverHttp(`?since=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`);
    expect(future.status).toBe(400);
    expect(((await future.json()) as { message: string }).message).toContain("in the future");
  });
});
