// Graceful shutdown: app.close() (what SIGTERM runs) while approved launches
// are in flight (the sandbox is slow to answer the SAR POST) loses nothing:
// the next start on the same database completes every one, one SAR each.
// Default 5 launches; CHAOS=1: 15.
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { SLACK_USERS, type FakeSlackApi } from "../../src/fakes/slack-web-api.js";
import { createTestDatabase, describeWithPostgres, probePostgres, type TestDatabase } from "../support/databases.js";
import { CHAOS, launchForm, oktaEnv, sarsNamed, SlackDriver, slackEnv, startBot, startFakeSlackApi, startOktaSandbox, until, type AppInstance } from "./support/app-bench.js";

const LAUNCHES = CHAOS ? 15 : 5;
const { alice, bob } = SLACK_USERS;
const probe = await probePostgres();

describeWithPostgres(probe, "graceful shutdown with launches in flight", () => {
  let database: TestDatabase;
  let sandbox: RunningSandbox;
  let slack: FakeSlackApi;
  let first: AppInstance | undefined;
  let second: AppInstance | undefined;
  let sql: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    sandbox = await startOktaSandbox();
    slack = await startFakeSlackApi();
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
  }, 60_000);

  afterAll(async () => {
    await sql?.end();
    await first?.close();
    await second?.close();
    await slack?.close();
    await sandbox?.close();
    await database?.drop();
  });

  it(`completes all ${LAUNCHES} in-flight launches after a restart, exactly one SAR each`, async () => {
    const env = { ...oktaEnv(sandbox), ...slackEnv(slack), DATABASE_URL: database.url };
    first = await startBot(env, "warn");
    const bot = first;
    const driver = new SlackDriver(slack, () => bot.app.url);
    const launches: { marker: string; ts: string; launchId: string }[] = [];
    for (let i = 0; i < LAUNCHES; i++) {
      const marker = `INC-STOP-${String(i).padStart(3, "0")}`;
      const view = await driver.openForm(alice, `<@U0TARGET|dan.target> ${marker}`);
      expect((await driver.submit(alice, view, launchForm(marker))).status).toBe(200);
      launches.push({ marker, ...(await driver.card(marker)) });
    }
    const slow = sandbox.faults.latency(2_500, { operationId: "createSecurityAccessReview" });
    for (const l of launches) expect((await driver.click(bob, "sar_approve", l.launchId, l.ts)).status).toBe(200);
    await until("a launch is being sent to Okta", async () => {
      const rows = await sql.query<{ n: string }>("select count(*)::text as n from launches where state = 'LAUNCHING'");
      return Number(rows.rows[0]?.n) > 0;
    });

    await first.close();
    const afterClose = await sql.query<{ state: string; n: string }>("select state, count(*)::text as n from launches group by state order by state");
    const createdBeforeRestart = launches.filter((l) => sarsNamed(sandbox, l.marker) > 0).length;
    sandbox.faults.remove(slow);

    second = await startBot(env, "warn");
    for (const l of launches) await until(`${l.marker} created after the restart`, () => sarsNamed(sandbox, l.marker) > 0, 180_000);
    await until("every launch is LAUNCHED", async () => {
      const rows = await sql.query<{ n: string }>("select count(*)::text as n from launches where state = 'LAUNCHED'");
      return Number(rows.rows[0]?.n) === LAUNCHES;
    }, 180_000);
    expect(Object.fromEntries(launches.map((l) => [l.marker, sarsNamed(sandbox, l.marker)]))).toEqual(Object.fromEntries(launches.map((l) => [l.marker, 1])));
    for (const l of launches) await until(`${l.marker}'s thread names its SAR`, () => driver.thread(l.ts).some((t) => t.includes("created for")), 60_000);
    console.log(`graceful shutdown: ${LAUNCHES} launches; at close ${JSON.stringify(afterClose.rows)}; ${createdBeforeRestart} created before the restart`);
  }, 420_000);
});
