/**
 * One bot replica as its own OS process, run with `node --import tsx` by the
 * reliability tests (see `replicas.ts`): `startApp` on the environment the
 * test gives (DATABASE_URL, OKTA_*, SLACK_*, POLICY_FILE), logs to stderr,
 * JSON lines on stdout.
 *
 * Test-only knobs, read here and never by the app:
 * - `REPLICA_TIMINGS`: launch timings (JSON) instead of the defaults.
 * - `REPLICA_SWEEP_MS`: also run the stalled-launch sweep this often (the
 *   sweeper's cron fires once a minute; a restarted replica should not make
 *   every trial wait for it).
 * - `CRASH_AT=<step>:<n>`: SIGKILL this process the n-th time any launch
 *   reaches `<step>` (see src/governance/sar/launch-steps.ts).
 * - stdin `crash <step> <launchId>`: SIGKILL it when that launch reaches
 *   `<step>`; the test arms it once it knows the launch id.
 * - stdin `inspect <launchId>`: answers `{"event":"inspected",...}` with what
 *   the store holds for that launch (state, decisions, audit entry ids), so
 *   a test can tell what was committed before a kill and check it after.
 *
 * stdout: `{"event":"ready","url":...}`, then `{"event":"step",...}` at every
 * launch step, `{"event":"crashing",...}` right before the kill.
 */
import { createInterface } from "node:readline";
import { startApp } from "../../../src/app.js";
import { createLogger } from "../../../src/log.js";
import type { LaunchId } from "../../../src/governance/store.js";
import { isLaunchStep, type LaunchStep, type LaunchStepHook } from "../../../src/governance/sar/launch-steps.js";

const say = (message: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(message)}\n`);
};

function crashAtFromEnv(raw: string | undefined): { step: LaunchStep; nth: number } | undefined {
  if (raw === undefined || raw === "") return undefined;
  const [step = "", nth = "1"] = raw.split(":");
  if (!isLaunchStep(step) || !/^\d+$/.test(nth)) throw new Error(`replica: CRASH_AT must be <step>:<n>, got ${raw}`);
  return { step, nth: Number(nth) };
}

const fromEnv = crashAtFromEnv(process.env.CRASH_AT);
const armed = new Map<string, LaunchStep>();
let inspect: ((launchId: string) => Promise<void>) | undefined;
let seen = 0;

const die = (step: LaunchStep, launchId: string): void => {
  say({ event: "crashing", step, launchId });
  process.kill(process.pid, "SIGKILL");
};

const onLaunchStep: LaunchStepHook = (step, launchId) => {
  say({ event: "step", step, launchId });
  if (armed.get(launchId) === step) die(step, launchId);
  if (fromEnv !== undefined && fromEnv.step === step && ++seen === fromEnv.nth) die(step, launchId);
};

createInterface({ input: process.stdin }).on("line", (line) => {
  const [verb, step = "", launchId = ""] = line.trim().split(/\s+/);
  if (verb === "crash" && isLaunchStep(step) && launchId !== "") {
    armed.set(launchId, step);
    say({ event: "armed", step, launchId });
  }
  if (verb === "inspect" && step !== "") {
    if (inspect === undefined) say({ event: "inspected", launchId: step, error: "not ready" });
    else void inspect(step).catch((err: unknown) => say({ event: "inspected", launchId: step, error: String(err) }));
  }
});

async function main(): Promise<void> {
  const level = process.env.LOG_LEVEL ?? "warn";
  const timings = process.env.REPLICA_TIMINGS;
  const app = await startApp({
    env: process.env,
    port: 0,
    host: "127.0.0.1",
    logger: createLogger({ level, destination: process.stderr }),
    onLaunchStep,
    ...(timings !== undefined && timings !== "" && { launchTimings: JSON.parse(timings) as Record<string, number> }),
  });
  const sweepMs = Number(process.env.REPLICA_SWEEP_MS ?? "0");
  if (sweepMs > 0) {
    setInterval(() => {
      app.core.launches.sweep().catch((err: unknown) => app.logger.warn({ err }, "test sweep failed"));
    }, sweepMs).unref();
  }
  inspect = async (id) => {
    const launchId = id as LaunchId;
    const launch = await app.store.getLaunch(launchId);
    const decisions = await app.store.listDecisions(launchId);
    const audit = await app.store.queryAudit({ launchId, limit: 500 });
    say({ event: "inspected", launchId, state: launch?.state ?? null, decisions: decisions.map((d) => `${d.approver.oktaUserId}:${d.decision}`), audit: audit.map((a) => a.id) });
  };
  process.once("SIGTERM", () => {
    void app.close().then(() => process.exit(0));
  });
  say({ event: "ready", url: app.url, pid: process.pid });
}

main().catch((err: unknown) => {
  say({ event: "error", message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
