// Crash anywhere: a bot replica (an OS process running startApp on
// PostgreSQL) is killed with SIGKILL at each step of the launch pipeline,
// from the committed approval to the thread being told; a new replica on
// the same database takes over. Every approved launch ends with exactly one
// SAR in the sandbox and one "created" message in the requester's thread.
//
// One replica runs at a time: the test drives a launch through Slack to it,
// arms the kill for that launch (stdin), approves, waits for the process to
// die, starts the next replica and waits for the launch to be settled. The
// next replica finds the dead worker's launch once it looks stalled
// (stallAfterMs 5 s here): the sweep re-queues APPROVED launches and settles
// LAUNCHING ones by searching Okta for the launch reference (adopt, or hand
// back and send); a LAUNCHED launch whose thread was never told is told by
// the backstop job queued before the commit. "before-search" is reached only
// while recovering, so its trials kill twice: at job-claimed, then again in
// the recovering replica just before its search.
// Default (the fast suite): once each at the steps where a kill can lose or
// double a SAR (post-answered: created in Okta, not recorded; before-search:
// killed again while recovering; recorded: committed, thread not told), plus
// one of the other four steps, chosen by the day (UTC), so each of them is
// covered every four days and a failure is repeated with CRASH_STEPS.
// CHAOS=1: every step 5 times (CRASH_TRIALS=<n> and CRASH_STEPS=<step,...>
// choose other counts and steps).
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { LAUNCH_STEPS, type LaunchStep } from "../../src/governance/sar/launch-steps.js";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { SLACK_USERS, type FakeSlackApi } from "../../src/fakes/slack-web-api.js";
import { createTestDatabase, describeWithPostgres, probePostgres, type TestDatabase } from "../support/databases.js";
import { CHAOS, launchForm, sarsNamed, SlackDriver, startFakeSlackApi, startOktaSandbox, until } from "./support/app-bench.js";
import { CRASH_TIMINGS, ReplicaSet, type Replica, type ReplicaOptions } from "./support/replicas.js";

const TRIALS_PER_STEP = Number(process.env.CRASH_TRIALS ?? (CHAOS ? 5 : 1));
/** The steps the fast suite always kills at. */
const ALWAYS: readonly LaunchStep[] = ["before-search", "post-answered", "recorded"];
/** The fast suite's steps on a given day: the ones always killed at, and one of the others in turn. */
function fastSuiteSteps(day: number): LaunchStep[] {
  const others = LAUNCH_STEPS.filter((step) => !ALWAYS.includes(step));
  const rotating = others[day % others.length]!;
  return LAUNCH_STEPS.filter((step) => ALWAYS.includes(step) || step === rotating);
}
const today = Math.floor(Date.now() / 86_400_000);
/** `CRASH_STEPS=recorded,told` runs only those steps. */
const STEPS = process.env.CRASH_STEPS
  ? LAUNCH_STEPS.filter((s) => process.env.CRASH_STEPS?.split(",").includes(s))
  : CHAOS || process.env.CRASH_TRIALS !== undefined
    ? [...LAUNCH_STEPS]
    : fastSuiteSteps(today);
const { alice, bob } = SLACK_USERS;
const probe = await probePostgres();

describeWithPostgres(probe, "a replica killed at any step of a launch", () => {
  let database: TestDatabase;
  let sandbox: RunningSandbox;
  let slack: FakeSlackApi;
  let sql: pg.Client;
  const replicas = new ReplicaSet();

  beforeAll(async () => {
    database = await createTestDatabase();
    sandbox = await startOktaSandbox();
    slack = await startFakeSlackApi();
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
  }, 60_000);

  afterAll(async () => {
    await replicas.stopAll();
    await sql?.end();
    await slack?.close();
    await sandbox?.close();
    await database?.drop();
  });

  const replicaOptions = (crashAt?: string): ReplicaOptions => ({
    databaseUrl: database.url,
    sandbox,
    slack,
    timings: CRASH_TIMINGS,
    sweepMs: 1_000,
    ...(crashAt !== undefined && { crashAt }),
  });
  const start = (): Promise<Replica> => replicas.start(replicaOptions());

  const createdIn = (driver: SlackDriver, ts: string) => driver.thread(ts).filter((t) => t.includes("created for"));

  it("covers every step over four days in the fast suite, the riskiest ones every day", () => {
    const days = [0, 1, 2, 3].map((d) => fastSuiteSteps(today + d));
    for (const steps of days) expect(steps).toEqual(expect.arrayContaining([...ALWAYS]));
    expect(new Set(days.flat())).toEqual(new Set(LAUNCH_STEPS));
  });

  it(`launches exactly once after a SIGKILL at each of ${STEPS.length} steps (${STEPS.join(", ")}; ${TRIALS_PER_STEP} trials each)`, async () => {
    console.log(`crash anywhere: steps ${STEPS.join(",")} (CRASH_STEPS=${STEPS.join(",")} repeats this run)`);
    const trials: { step: LaunchStep; marker: string; ts: string; launchId: string }[] = [];
    let replica = await start();
    let serial = 0;

    for (const step of STEPS) {
      for (let trial = 0; trial < TRIALS_PER_STEP; trial++) {
        const marker = `INC-CRASH-${String(++serial).padStart(3, "0")}`;
        const driver = new SlackDriver(slack, () => replica.url);
        const view = await driver.openForm(alice, `<@U0TARGET|dan.target> ${marker}`);
        expect((await driver.submit(alice, view, launchForm(marker))).status).toBe(200);
        const { ts, launchId } = await driver.card(marker);
        trials.push({ step, marker, ts, launchId });

        // before-search only happens while recovering: die first when the job claims it, then in the recovery.
        await replica.crashAt(step === "before-search" ? "job-claimed" : step, launchId);
        // The click's answer is lost when the replica dies while handling it (approval-committed).
        await driver.click(bob, "sar_approve", launchId, ts).catch(() => undefined);
        expect(await replica.process.exited, `${marker}: the replica died at ${step}`).toEqual({ code: null, signal: "SIGKILL" });

        if (step === "before-search") {
          // Not `start`: the recovery may reach its search (and die) before the replica says it is ready.
          const recovering = replicas.spawn(replicaOptions("before-search:1"));
          const died = await recovering.waitFor((m) => m.event === "crashing");
          expect(died).toMatchObject({ step: "before-search", launchId });
          expect(await recovering.exited).toEqual({ code: null, signal: "SIGKILL" });
        }

        replica = await start();
        await until(`${marker} (killed at ${step}) is told its SAR was created`, () => createdIn(driver, ts).length > 0, 60_000);
        expect(sarsNamed(sandbox, marker), `${marker}: SARs after a kill at ${step}`).toBe(1);
      }
    }

    // The backstops of the "told" notices (due one stall time after each record) have all run by now, and stayed quiet.
    await until(
      "no notice job is waiting",
      async () => (await sql.query("select 1 from pgboss.job where name = 'sar-notify' and state in ('created', 'retry', 'active')")).rowCount === 0,
      30_000,
    );
    const driver = new SlackDriver(slack, () => replica.url);
    const outcome = trials.map((t) => ({ marker: t.marker, step: t.step, sars: sarsNamed(sandbox, t.marker), told: createdIn(driver, t.ts).length }));
    expect(outcome).toEqual(trials.map((t) => ({ marker: t.marker, step: t.step, sars: 1, told: 1 })));
    const states = await sql.query<{ state: string; n: string }>("select state, count(*)::text as n from launches group by state");
    expect(states.rows).toEqual([{ state: "LAUNCHED", n: String(trials.length) }]);
    // Every SAR the sandbox holds belongs to one launch: no stray duplicate under another name.
    expect(sandbox.org.listSars()).toHaveLength(trials.length);
    console.log(`crash anywhere: ${trials.length} kills at ${STEPS.length} steps (+${STEPS.includes("before-search") ? TRIALS_PER_STEP : 0} during recovery), ${trials.length} launches, ${sandbox.org.listSars().length} SARs`);
  }, 900_000);
});
