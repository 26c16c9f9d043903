// Two replicas of the whole app on one PostgreSQL database, one Okta sandbox
// and one Slack workspace. Each launch is typed on one replica, submitted on
// the other, and approved twice at once (one click on each replica, plus a
// Slack retry of the click): every approved launch creates exactly one SAR.
// Default 10 launches (4 at a time); CHAOS=1: 40.
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { SLACK_USERS, type FakeSlackApi } from "../../src/fakes/slack-web-api.js";
import { createTestDatabase, describeWithPostgres, probePostgres, type TestDatabase } from "../support/databases.js";
import { CHAOS, launchForm, oktaEnv, sarsNamed, SlackDriver, slackEnv, startBot, startFakeSlackApi, startOktaSandbox, until, type AppInstance } from "./support/app-bench.js";

const LAUNCHES = CHAOS ? 40 : 10;
const PARALLEL = 4;
const { alice, bob, carol } = SLACK_USERS;

const probe = await probePostgres();

describeWithPostgres(probe, "two replicas sharing one PostgreSQL", () => {
  let database: TestDatabase;
  let sandbox: RunningSandbox;
  let slack: FakeSlackApi;
  let a: AppInstance;
  let b: AppInstance;
  let sql: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    sandbox = await startOktaSandbox();
    slack = await startFakeSlackApi();
    const env = { ...oktaEnv(sandbox), ...slackEnv(slack), DATABASE_URL: database.url };
    a = await startBot(env, "warn");
    b = await startBot(env, "warn");
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
  }, 90_000);

  afterAll(async () => {
    await sql?.end();
    await a?.close();
    await b?.close();
    await slack?.close();
    await sandbox?.close();
    await database?.drop();
  });

  it(`creates exactly one SAR for each of ${LAUNCHES} launches split across the replicas`, async () => {
    const onA = new SlackDriver(slack, () => a.app.url);
    const onB = new SlackDriver(slack, () => b.app.url);
    const markers = Array.from({ length: LAUNCHES }, (_, i) => `INC-REPL-${String(i).padStart(3, "0")}`);
    const approvalStatuses: number[] = [];

    async function launch(marker: string, i: number): Promise<void> {
      const [first, second] = i % 2 === 0 ? [onA, onB] : [onB, onA];
      const view = await first.openForm(alice, `<@U0TARGET|dan.target> ${marker}`);
      expect((await second.submit(alice, view, launchForm(marker))).status).toBe(200);
      const { ts, launchId } = await first.card(marker);
      // Two approvers on two replicas at the same moment, and Slack retrying one click.
      const answers = await Promise.all([
        second.click(bob, "sar_approve", launchId, ts),
        first.click(carol, "sar_approve", launchId, ts),
        first.click(bob, "sar_approve", launchId, ts, 1),
      ]);
      approvalStatuses.push(...answers.map((r) => r.status));
      await until(`the thread of ${marker} names its SAR`, () => first.thread(ts).some((t) => t.includes("created for")), 60_000);
    }

    for (let i = 0; i < LAUNCHES; i += PARALLEL) {
      await Promise.all(markers.slice(i, i + PARALLEL).map((m, j) => launch(m, i + j)));
    }

    expect(approvalStatuses.every((s) => s === 200)).toBe(true);
    const perMarker = Object.fromEntries(markers.map((m) => [m, sarsNamed(sandbox, m)]));
    expect(perMarker).toEqual(Object.fromEntries(markers.map((m) => [m, 1])));
    expect(sandbox.calls.list({ operationId: "createSecurityAccessReview" }).filter((c) => c.status < 300)).toHaveLength(LAUNCHES);
    const states = await sql.query<{ state: string; n: string }>("select state, count(*)::text as n from launches group by state");
    expect(states.rows).toEqual([{ state: "LAUNCHED", n: String(LAUNCHES) }]);
    // Each launch's thread says "created" exactly once.
    const created = slack.callsTo("chat.postMessage").filter((c) => String(c.args.text).includes("created for"));
    expect(created).toHaveLength(LAUNCHES);
    console.log(`two replicas: ${LAUNCHES} launches, ${sandbox.org.listSars().length} SARs, ${approvalStatuses.length} approval clicks`);
  }, 600_000);
});
