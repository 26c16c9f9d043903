// The embedded PGlite folder survives SIGKILL under launch load. One bot
// process (the replica runner, on DATA_DIR instead of PostgreSQL) takes
// launches through Slack from a few concurrent drivers (command, form,
// approval card, Bob approves); at a seeded random moment once launches are
// being committed, the test kills it with SIGKILL and starts a new process
// on the same folder. The new process
// must start (taking over the dead owner's lock) and hold every launch,
// decision and audit entry the old one had committed: what the test read
// back from the old process through its store (`inspect`) before the kill.
//
// The folder is created once and reused by every trial: a fresh one takes
// long to build on a loaded machine, and restarting on a folder that was
// killed mid-write is the point. Default 1 trial at a moment seeded from the
// clock (the fast suite: one kill and restart, a different moment each run,
// the seed printed); CHAOS=1: 20 (PGLITE_CRASH_TRIALS=<n> and
// PGLITE_CRASH_SEED=<n> choose others).
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCK_FILE_NAME } from "../../src/adapters/postgres/data-dir-lock.js";
import { SLACK_USERS, type FakeSlackApi } from "../../src/fakes/slack-web-api.js";
import { mulberry32 } from "../../src/sandbox/faults.js";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import type { FixtureMessage } from "../governance/sar/fixture-process.js";
import { CHAOS, launchForm, SlackDriver, startFakeSlackApi, startOktaSandbox } from "./support/app-bench.js";
import { CRASH_TIMINGS, ReplicaSet, type Replica } from "./support/replicas.js";

const TRIALS = Number(process.env.PGLITE_CRASH_TRIALS ?? (CHAOS ? 20 : 1));
const SEED = Number(process.env.PGLITE_CRASH_SEED ?? Date.now() % 1_000_000);
const DRIVERS = 3;
const { alice, bob } = SLACK_USERS;

/** What one process had committed for a launch, as read back from its store. */
interface Committed {
  state: string | null;
  decisions: string[];
  audit: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a PGlite bot killed with SIGKILL under launch load", () => {
  let dataDir: string;
  let sandbox: RunningSandbox;
  let slack: FakeSlackApi;
  const replicas = new ReplicaSet();

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "oig-pglite-crash-"));
    sandbox = await startOktaSandbox();
    slack = await startFakeSlackApi();
  }, 60_000);

  afterAll(async () => {
    await replicas.stopAll();
    await slack?.close();
    await sandbox?.close();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  const start = (): Promise<Replica> => replicas.start({ dataDir, sandbox, slack, timings: CRASH_TIMINGS, sweepMs: 1_000 });

  // Each answer is consumed once, so an older answer for the same launch is never taken for a new one.
  const used = new WeakSet<FixtureMessage>();
  async function inspect(replica: Replica, launchId: string): Promise<Committed> {
    replica.process.send(`inspect ${launchId}`);
    const m = await replica.process.waitFor((x) => x.event === "inspected" && x.launchId === launchId && !used.has(x));
    used.add(m);
    if (m.error !== undefined) throw new Error(`inspect ${launchId}: ${JSON.stringify(m.error)}`);
    return { state: m.state as string | null, decisions: m.decisions as string[], audit: m.audit as string[] };
  }

  it(`keeps every committed launch, decision and audit entry across ${TRIALS} SIGKILLs`, async () => {
    console.log(`pglite crash: seed ${SEED} (PGLITE_CRASH_SEED=${SEED} repeats this run), ${TRIALS} trials, data folder ${dataDir}`);
    const random = mulberry32(SEED);
    const committed = new Map<string, Committed>();
    let replica = await start();
    let serial = 0;
    let kills = 0;
    let steps = 0;

    for (let trial = 0; trial < TRIALS; trial++) {
      const current = replica;
      const dead = current.process.exited.then(() => {
        throw new Error("killed");
      });
      dead.catch(() => undefined);
      const whileAlive = <T>(p: Promise<T>): Promise<T> => Promise.race([p, dead]);
      const driver = new SlackDriver(slack, () => current.url);
      let underway: () => void = () => undefined;
      const loadUnderway = new Promise<void>((resolve) => (underway = resolve));

      // One driver: launch after launch until the process dies; only what inspect read back counts as committed.
      const drive = async (): Promise<void> => {
        for (;;) {
          const marker = `INC-PGK-${String(++serial).padStart(4, "0")}`;
          const view = await whileAlive(driver.openForm(alice, `<@U0TARGET|dan.target> ${marker}`));
          await whileAlive(driver.submit(alice, view, launchForm(marker)));
          const { ts, launchId } = await whileAlive(driver.card(marker));
          committed.set(launchId, await whileAlive(inspect(current, launchId)));
          underway();
          await whileAlive(driver.click(bob, "sar_approve", launchId, ts));
          // The click is answered before the decision is stored: read back once the approval, then the SAR, is committed.
          for (const step of ["approval-committed", "recorded"]) {
            await whileAlive(current.process.waitFor((m) => m.event === "step" && m.step === step && m.launchId === launchId));
            committed.set(launchId, await whileAlive(inspect(current, launchId)));
          }
        }
      };
      const drivers = Array.from({ length: DRIVERS }, () => drive().catch(() => undefined));

      // A random moment into the load, once it reaches the database (a restarted bot opens its folder first):
      // up to 6 s after this process committed its first launch, while the drivers keep launching and approving.
      await whileAlive(loadUnderway);
      await sleep(Math.floor(random() * 6_000));
      const before = committed.size;
      await current.process.stop();
      steps += current.process.messages.filter((m) => m.event === "step").length;
      kills++;
      expect(await current.process.exited).toEqual({ code: null, signal: "SIGKILL" });
      await Promise.all(drivers);
      const stalePid = Number((await readFile(join(dataDir, LOCK_FILE_NAME), "utf8")).trim());

      replica = await start();
      const ownerNow = Number((await readFile(join(dataDir, LOCK_FILE_NAME), "utf8")).trim());
      expect(ownerNow, "the restarted bot took over the dead owner's lock").not.toBe(stalePid);

      const missing: string[] = [];
      for (const [launchId, had] of committed) {
        const has = await inspect(replica, launchId);
        if (has.state === null) missing.push(`${launchId}: launch (was ${had.state})`);
        // LAUNCHING may be handed back to APPROVED; nothing else moves back.
        else if ((had.state !== "PENDING_APPROVAL" && has.state === "PENDING_APPROVAL") || (had.state === "LAUNCHED" && has.state !== "LAUNCHED")) {
          missing.push(`${launchId}: state ${had.state} (now ${has.state})`);
        }
        for (const d of had.decisions) if (!has.decisions.includes(d)) missing.push(`${launchId}: decision ${d}`);
        for (const a of had.audit) if (!has.audit.includes(a)) missing.push(`${launchId}: audit entry ${a}`);
      }
      expect(missing, `trial ${trial + 1} (seed ${SEED}): committed before the kill, gone after the restart`).toEqual([]);
      console.log(`pglite crash: trial ${trial + 1}/${TRIALS}: killed with ${before} launches committed so far, restarted, all present`);
    }

    const launched = [...committed.values()].filter((c) => c.state === "LAUNCHED").length;
    const decisions = [...committed.values()].reduce((n, c) => n + c.decisions.length, 0);
    const audit = [...committed.values()].reduce((n, c) => n + c.audit.length, 0);
    console.log(`pglite crash: seed ${SEED}, ${kills} SIGKILLs, ${committed.size} launches (${launched} LAUNCHED), ${decisions} decisions, ${audit} audit entries committed, ${steps} launch steps reached by the killed processes; lost 0`);
    expect(kills).toBe(TRIALS);
  }, 1_800_000);
});
