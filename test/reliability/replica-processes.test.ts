// Two bot replicas as OS processes (each `startApp` in its own Node process,
// its own pools, pg-boss, Okta client and HTTP server) on one PostgreSQL
// database, one Okta sandbox, one fake Slack and one fake Bot Connector.
// Traffic is split: Slack commands and form submissions go to replica A and
// the approval clicks to B (with a second approver clicking on A at the same
// moment); Teams messages and submissions go to B and the approvals to A.
// Launch jobs run on whichever replica polls first. Nothing is done twice
// (one SAR per launch, one "created" message per thread) and nothing is lost.
// Default: 4 Slack + 2 Teams launches; CHAOS=1: 16 + 6.
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { allText, button, cardOf, inputsOf } from "../adapters/teams/support/card-reading.js";
import { TeamsClient, teamsUser, type TeamsUser } from "../../src/fakes/teams-client.js";
import { DEMO_USERS } from "../support/core-harness.js";
import { startFakeBotConnector, type FakeBotConnector } from "../../src/fakes/bot-connector.js";
import { SLACK_USERS, type FakeSlackApi } from "../../src/fakes/slack-web-api.js";
import { createTestDatabase, describeWithPostgres, probePostgres, type TestDatabase } from "../support/databases.js";
import { CHAOS, launchForm, sarsNamed, SlackDriver, startFakeSlackApi, startOktaSandbox, until } from "./support/app-bench.js";
import { ReplicaSet, type Replica } from "./support/replicas.js";

const SLACK_LAUNCHES = CHAOS ? 16 : 4;
const TEAMS_LAUNCHES = CHAOS ? 6 : 2;
const PARALLEL = 4;
const { alice, bob, carol } = SLACK_USERS;
const probe = await probePostgres();

describeWithPostgres(probe, "two replica processes sharing one PostgreSQL", () => {
  let database: TestDatabase;
  let sandbox: RunningSandbox;
  let slack: FakeSlackApi;
  let connector: FakeBotConnector;
  let sql: pg.Client;
  let a: Replica;
  let b: Replica;
  const replicas = new ReplicaSet();

  beforeAll(async () => {
    database = await createTestDatabase();
    sandbox = await startOktaSandbox();
    slack = await startFakeSlackApi();
    connector = await startFakeBotConnector();
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    // One after the other: both would race to create pg-boss's schema and run the migrations otherwise.
    a = await replicas.start({ databaseUrl: database.url, sandbox, slack });
    b = await replicas.start({ databaseUrl: database.url, sandbox, slack });
  }, 120_000);

  afterAll(async () => {
    await replicas.stopAll();
    await sql?.end();
    await connector?.close();
    await slack?.close();
    await sandbox?.close();
    await database?.drop();
  });

  it(`launches ${SLACK_LAUNCHES} Slack and ${TEAMS_LAUNCHES} Teams requests exactly once with traffic split across the processes`, async () => {
    const onA = new SlackDriver(slack, () => a.url);
    const onB = new SlackDriver(slack, () => b.url);
    const clicks: number[] = [];

    async function slackLaunch(marker: string): Promise<{ marker: string; ts: string }> {
      const view = await onA.openForm(alice, `<@U0TARGET|dan.target> ${marker}`);
      expect((await onA.submit(alice, view, launchForm(marker))).status).toBe(200);
      const { ts, launchId } = await onA.card(marker);
      // Two approvers at the same moment, one on each process.
      const answers = await Promise.all([onB.click(bob, "sar_approve", launchId, ts), onA.click(carol, "sar_approve", launchId, ts)]);
      clicks.push(...answers.map((r) => r.status));
      await until(`the thread of ${marker} names its SAR`, () => onA.thread(ts).some((t) => t.includes("created for")), 60_000);
      return { marker, ts };
    }

    const users = Object.fromEntries((["alice", "bob", "dan"] as const).map((k) => [k, teamsUser(k, DEMO_USERS[k].email)])) as Record<"alice" | "bob" | "dan", TeamsUser>;
    for (const u of Object.values(users)) connector.addMember({ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: u.email });
    const teamsOnA = new TeamsClient({ botUrl: a.url, serviceUrl: connector.serviceUrl });
    const teamsOnB = new TeamsClient({ botUrl: b.url, serviceUrl: connector.serviceUrl });

    async function teamsLaunch(marker: string): Promise<{ marker: string; reference: string }> {
      const sent = await teamsOnB.message(users.alice, `sar @${users.dan.name} replicas ${marker}`, { mentions: [users.dan] });
      const formPost = await connector.waitFor(`the launch form of ${marker}`, () => connector.posted.find((p) => p.replyToId === sent.activity.id), 30_000);
      const form = cardOf(formPost.activity);
      const submit = button(form, "Submit");
      const submitted = await teamsOnB.cardAction(
        users.alice,
        { verb: "launch.submit", data: { ...inputsOf(form), ...submit.data, durationDays: String(inputsOf(form).durationDays) } },
        { replyToId: formPost.id, threadRootId: sent.activity.id },
      );
      expect(submitted.status).toBe(200);
      const update = await connector.waitFor(
        `the approval card of ${marker}`,
        () => connector.updated.find((u) => u.activityId === formPost.id && allText(cardOf(u.activity)).includes("Reference:")),
        30_000,
      );
      const reference = /Reference: (L[0-9A-Z]{6})/.exec(allText(cardOf(update.activity)))?.[1] ?? "?";
      const approve = button(cardOf(update.activity), "Approve");
      const approved = await teamsOnA.cardAction(users.bob, { verb: approve.verb ?? "", data: approve.data }, { replyToId: formPost.id, threadRootId: sent.activity.id });
      clicks.push(approved.status);
      await until(`the Teams thread of ${marker} names its SAR`, () => teamsCreated(reference).length > 0, 60_000);
      return { marker, reference };
    }

    /** Teams posts announcing the SAR of the launch `reference`. */
    const teamsCreated = (reference: string) => {
      const sar = sandbox.org.listSars().find((s) => s.name.includes(reference));
      return sar === undefined ? [] : connector.posted.filter((p) => allText(cardOf(p.activity)).includes(sar.id) && JSON.stringify(p.activity).includes("launched"));
    };

    const slackMarkers = Array.from({ length: SLACK_LAUNCHES }, (_, i) => `INC-PROC-${String(i).padStart(3, "0")}`);
    const teamsMarkers = Array.from({ length: TEAMS_LAUNCHES }, (_, i) => `INC-PROCT-${String(i).padStart(3, "0")}`);
    const slackDone: { marker: string; ts: string }[] = [];
    const teamsDone: { marker: string; reference: string }[] = [];
    const work = [...slackMarkers.map((m) => async () => void slackDone.push(await slackLaunch(m))), ...teamsMarkers.map((m) => async () => void teamsDone.push(await teamsLaunch(m)))];
    for (let i = 0; i < work.length; i += PARALLEL) await Promise.all(work.slice(i, i + PARALLEL).map((run) => run()));

    expect(clicks.every((s) => s === 200)).toBe(true);
    // Nothing doubled: one SAR per launch, one create call per launch, one "created" message per thread.
    expect(Object.fromEntries(slackDone.map((l) => [l.marker, sarsNamed(sandbox, l.marker)]))).toEqual(Object.fromEntries(slackMarkers.map((m) => [m, 1])));
    expect(Object.fromEntries(teamsDone.map((l) => [l.marker, sarsNamed(sandbox, l.reference)]))).toEqual(Object.fromEntries(teamsMarkers.map((m) => [m, 1])));
    expect(sandbox.calls.list({ operationId: "createSecurityAccessReview" }).filter((c) => c.status < 300)).toHaveLength(SLACK_LAUNCHES + TEAMS_LAUNCHES);
    for (const l of slackDone) expect(onA.thread(l.ts).filter((t) => t.includes("created for")), l.marker).toHaveLength(1);
    for (const l of teamsDone) expect(teamsCreated(l.reference), l.marker).toHaveLength(1);
    // Nothing lost: every launch settled as LAUNCHED; one approval counted each (the policy needs one: the other click was told so).
    const states = await sql.query<{ state: string; n: string }>("select state, count(*)::text as n from launches group by state");
    expect(states.rows).toEqual([{ state: "LAUNCHED", n: String(SLACK_LAUNCHES + TEAMS_LAUNCHES) }]);
    const decisions = await sql.query<{ n: string }>("select count(*)::text as n from launch_decisions group by launch_id");
    expect(decisions.rows.map((r) => r.n)).toEqual(Array.from({ length: SLACK_LAUNCHES + TEAMS_LAUNCHES }, () => "1"));

    const claimedBy = (r: Replica) => r.process.messages.filter((m) => m.event === "step" && m.step === "job-claimed").length;
    console.log(
      `replica processes: ${SLACK_LAUNCHES} Slack + ${TEAMS_LAUNCHES} Teams launches, ${sandbox.org.listSars().length} SARs, ${clicks.length} approval clicks; launch jobs claimed by A ${claimedBy(a)}, by B ${claimedBy(b)}`,
    );
  }, 600_000);
});
