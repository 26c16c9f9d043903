// Delivery quirks through the whole app: Slack retries of a command, a
// submission and an approval (X-Slack-Retry-Num), a deny clicked after the
// launch, an approve clicked after the request expired. Each has a defined
// outcome, asserted here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { SLACK_USERS, type FakeSlackApi } from "../../src/fakes/slack-web-api.js";
import { DEMO_USERS } from "../support/core-harness.js";
import { startFakeBotConnector, type FakeBotConnector } from "../../src/fakes/bot-connector.js";
import { TeamsClient, teamsUser } from "../../src/fakes/teams-client.js";
import { allText, button, cardOf, inputsOf } from "../adapters/teams/support/card-reading.js";
import { launchForm, oktaEnv, sarsNamed, SlackDriver, slackEnv, startBot, startFakeSlackApi, startOktaSandbox, until, type AppInstance } from "./support/app-bench.js";

const { alice, bob, carol } = SLACK_USERS;

describe("delivery quirks through the whole app", () => {
  let sandbox: RunningSandbox;
  let slack: FakeSlackApi;
  let bot: AppInstance;
  let driver: SlackDriver;
  let connector: FakeBotConnector;
  let offsetMs = 0;
  const clock = { now: () => new Date(Date.now() + offsetMs) };

  beforeAll(async () => {
    sandbox = await startOktaSandbox();
    slack = await startFakeSlackApi();
    connector = await startFakeBotConnector();
    bot = await startBot({ ...oktaEnv(sandbox), ...slackEnv(slack) }, "warn", clock);
    driver = new SlackDriver(slack, () => bot.app.url);
  }, 60_000);

  afterAll(async () => {
    await bot?.close();
    await connector?.close();
    await slack?.close();
    await sandbox?.close();
  });

  async function awaitingApproval(marker: string): Promise<{ ts: string; launchId: string }> {
    const view = await driver.openForm(alice, `<@U0TARGET|dan.target> ${marker}`);
    expect((await driver.submit(alice, view, launchForm(marker))).status).toBe(200);
    return driver.card(marker);
  }

  it("opens one form and posts one card when Slack retries the command and the submission", async () => {
    const marker = "INC-QUIRK-RETRY";
    const triggerId = `quirk.${Date.now()}.trigger`;
    const answers = await Promise.all([driver.command(alice, `<@U0TARGET|dan.target> ${marker}`, { triggerId }), driver.command(alice, `<@U0TARGET|dan.target> ${marker}`, { triggerId, retryNum: 1 })]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const opened = await slack.waitForCall("views.open", (c) => c.args.trigger_id === triggerId);
    const id = (opened.response?.view as { id: string }).id;
    await slack.waitForCall("views.update", (c) => c.args.view_id === id);
    const view = driver.view(id);
    expect((await driver.submit(alice, view, launchForm(marker))).status).toBe(200);
    expect((await driver.submit(alice, view, launchForm(marker), 1)).status).toBe(200);
    expect((await driver.submit(alice, view, launchForm(marker), 2)).status).toBe(200);
    await driver.card(marker);
    await until("the modal settled", () => JSON.stringify(driver.view(id).blocks).includes("Approval requested"));
    expect(slack.callsTo("views.open").filter((c) => c.args.trigger_id === triggerId)).toHaveLength(1);
    expect(slack.callsTo("chat.postMessage").filter((c) => JSON.stringify(c.args.blocks ?? "").includes("sar_approve") && JSON.stringify(c.args.blocks).includes(marker))).toHaveLength(1);
  });

  it("launches once and threads one 'created' when Slack retries an approval, before and after it was handled", async () => {
    const marker = "INC-QUIRK-APPROVE";
    const { ts, launchId } = await awaitingApproval(marker);
    await Promise.all([driver.click(bob, "sar_approve", launchId, ts), driver.click(bob, "sar_approve", launchId, ts, 1)]);
    await until("created", () => driver.thread(ts).some((t) => t.includes("created for")));
    expect((await driver.click(bob, "sar_approve", launchId, ts, 2)).status).toBe(200);
    expect((await driver.click(carol, "sar_approve", launchId, ts)).status).toBe(200);
    await until("carol is told it is already decided", () => slack.callsTo("chat.postEphemeral").some((c) => c.args.user === carol.id));
    expect(sarsNamed(sandbox, marker)).toBe(1);
    expect(driver.thread(ts).filter((t) => t.includes("created for"))).toHaveLength(1);
  });

  it("answers a deny clicked after the launch privately and leaves the launch and its SAR alone", async () => {
    const marker = "INC-QUIRK-LATEDENY";
    const { ts, launchId } = await awaitingApproval(marker);
    await driver.click(bob, "sar_approve", launchId, ts);
    await until("created", () => driver.thread(ts).some((t) => t.includes("created for")));
    const ephemeralBefore = slack.callsTo("chat.postEphemeral").length;
    const denyFormsBefore = slack.callsTo("views.open").filter((c) => (c.args.view as { callback_id?: string }).callback_id === "sar_deny_form").length;
    expect((await driver.click(carol, "sar_deny", launchId, ts)).status).toBe(200);
    // Defined outcome: the deny form opens (the card is stale in Slack), and its submission is refused privately.
    await until("the deny form opens", () => slack.callsTo("views.open").filter((c) => (c.args.view as { callback_id?: string }).callback_id === "sar_deny_form").length > denyFormsBefore);
    const denyForm = slack.callsTo("views.open").filter((c) => (c.args.view as { callback_id?: string }).callback_id === "sar_deny_form")[denyFormsBefore]!;
    expect(slack.callsTo("views.open").filter((c) => (c.args.view as { callback_id?: string }).callback_id === "sar_deny_form")).toHaveLength(denyFormsBefore + 1);
    expect((await driver.submit(carol, driver.view((denyForm.response?.view as { id: string }).id), { reason: "too late" })).status).toBe(200);
    await until("carol is told it was already launched", () =>
      slack
        .callsTo("chat.postEphemeral")
        .slice(ephemeralBefore)
        .some((c) => c.args.user === carol.id && /already approved and its review launched/.test(String(c.args.text))),
    );
    const launch = await bot.app.store.getLaunch(launchId as never);
    expect(launch?.state).toBe("LAUNCHED");
    expect(sarsNamed(sandbox, marker)).toBe(1);
    expect(JSON.stringify(slack.messages.get(ts)?.blocks)).not.toContain("sar_approve");
  });

  it("refuses an approval clicked after the request expired: no SAR, the launch stays unlaunched", async () => {
    const marker = "INC-QUIRK-LAPSED";
    const { ts, launchId } = await awaitingApproval(marker);
    offsetMs = 31 * 60_000; // the policy's expiresAfter is 30m
    try {
      const ephemeralBefore = slack.callsTo("chat.postEphemeral").length;
      expect((await driver.click(bob, "sar_approve", launchId, ts)).status).toBe(200);
      // Defined outcome: the card is updated to say the request expired, its buttons gone.
      // Defined outcome: bob is told privately it expired, and the card turns into "Approval request expired" without buttons.
      await until("bob is told the request expired", () =>
        slack
          .callsTo("chat.postEphemeral")
          .slice(ephemeralBefore)
          .some((c) => c.args.user === bob.id && /expired before it was approved/.test(String(c.args.text))),
      );
      await until("the card says the request expired", () => JSON.stringify(slack.messages.get(ts)?.blocks).includes("Approval request expired"));
      expect(JSON.stringify(slack.messages.get(ts)?.blocks)).not.toContain("sar_approve");
      const launch = await bot.app.store.getLaunch(launchId as never);
      expect(["PENDING_APPROVAL", "EXPIRED"]).toContain(launch?.state);
      expect(sarsNamed(sandbox, marker)).toBe(0);
      expect(sandbox.calls.list({ operationId: "createSecurityAccessReview" }).length).toBe(sandbox.org.listSars().length);
    } finally {
      offsetMs = 0;
    }
  });

  it("creates one SAR when Teams delivers the same approve invoke three times, two at once", async () => {
    const users = Object.fromEntries((["alice", "bob", "dan"] as const).map((k) => [k, teamsUser(k, DEMO_USERS[k].email)]));
    for (const u of Object.values(users)) connector.addMember({ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: u.email });
    const teams = new TeamsClient({ botUrl: bot.app.url, serviceUrl: connector.serviceUrl });
    const { alice: ta, bob: tb, dan: td } = users as Record<"alice" | "bob" | "dan", ReturnType<typeof teamsUser>>;
    const sent = await teams.message(ta, `sar @${td.name} teams duplicate INC-QUIRK-TEAMS`, { mentions: [td] });
    const formPost = await connector.waitFor("the launch form", () => connector.posted.find((p) => p.replyToId === sent.activity.id));
    const form = cardOf(formPost.activity);
    const submit = button(form, "Submit");
    const submitted = await teams.cardAction(ta, { verb: "launch.submit", data: { ...inputsOf(form), ...submit.data, durationDays: String(inputsOf(form).durationDays) } }, { replyToId: formPost.id, threadRootId: sent.activity.id });
    expect(submitted.status).toBe(200);
    const update = await connector.waitFor("the approval card", () => connector.updated.find((u) => u.activityId === formPost.id && allText(cardOf(u.activity)).includes("Reference:")));
    const reference = /Reference: (L[0-9A-Z]{6})/.exec(allText(cardOf(update.activity)))?.[1] ?? "?";
    const approve = button(cardOf(update.activity), "Approve");
    const first = await teams.cardAction(tb, { verb: approve.verb ?? "", data: approve.data }, { replyToId: formPost.id, threadRootId: sent.activity.id });
    const again = await Promise.all([teams.send(first.activity), teams.send(first.activity)]);
    expect([first.status, ...again.map((r) => r.status)].every((s) => s < 500)).toBe(true);
    await until("the SAR is created", () => sarsNamed(sandbox, reference) > 0);
    await until("the thread announces it", () => connector.posted.some((p) => allText(cardOf(p.activity)).includes(sandbox.org.listSars().find((x) => x.name.includes(reference))?.id ?? "none")));
    expect(sarsNamed(sandbox, reference)).toBe(1);
    const launch = await bot.app.store.getLaunchByReference(reference);
    expect(launch?.state).toBe("LAUNCHED");
    expect(await bot.app.store.listDecisions(launch!.id)).toHaveLength(1);
  });
});
