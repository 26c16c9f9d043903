/**
 * Bot replicas as OS processes (`replica-process.ts` through tsx, spawned
 * with the launch tests' JSON-line runner): each its own pools, pg-boss,
 * Okta client and HTTP server on the test's PostgreSQL database, sandbox
 * and fake Slack. Every start is tracked so a test can end them all.
 */
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import type { LaunchTimings } from "../../../src/governance/sar/deps.js";
import type { RunningSandbox } from "../../../src/sandbox/index.js";
import { startJsonLineProcess, type FixtureProcess } from "../../governance/sar/fixture-process.js";
import type { FakeSlackApi } from "../../../src/fakes/slack-web-api.js";
import { repoRoot } from "../../support/shared-dir.js";
import { oktaEnv, slackEnv } from "./app-bench.js";

const ENTRY = fileURLToPath(new URL("./replica-process.ts", import.meta.url));

/**
 * Short launch timings for crash tests: a dead worker's launch looks
 * stalled after 5 s (the default is 2 min); attempts end in 2 s, which a
 * loopback sandbox answers well within.
 */
export const CRASH_TIMINGS: Partial<LaunchTimings> = {
  stallAfterMs: 5_000,
  attemptTimeoutMs: 2_000,
  retryBaseMs: 200,
  retryMaxMs: 2_000,
  pollingIntervalSeconds: 0.5,
};

export interface Replica {
  readonly url: string;
  readonly process: FixtureProcess;
  /** Arms a SIGKILL for when `launchId` reaches `step`. */
  crashAt(step: string, launchId: string): Promise<void>;
}

export interface ReplicaOptions {
  /** PostgreSQL; leave it out and give `dataDir` to run on an embedded PGlite folder instead. */
  databaseUrl?: string;
  dataDir?: string;
  sandbox: RunningSandbox;
  slack: FakeSlackApi;
  timings?: Partial<LaunchTimings>;
  /** How often the replica runs the stalled-launch sweep besides its cron (0: only the cron). */
  sweepMs?: number;
  /** `<step>:<n>`: die the n-th time any launch reaches the step. */
  crashAt?: string;
  logLevel?: string;
}

export class ReplicaSet {
  readonly all: FixtureProcess[] = [];

  /**
   * Starts a replica process without waiting for it to listen. A replica
   * started to die (`crashAt`) may reach its step while still starting (its
   * job worker runs before the HTTP server listens), so a test waiting for
   * "ready" first would race the kill; such a test waits for "crashing".
   */
  spawn(o: ReplicaOptions): FixtureProcess {
    const proc = startJsonLineProcess(ENTRY, {
      ...oktaEnv(o.sandbox),
      ...slackEnv(o.slack),
      // Blank DATABASE_URL means PGlite in DATA_DIR (and hides one the test runner may have set).
      DATABASE_URL: o.databaseUrl ?? "",
      ...(o.dataDir !== undefined && { DATA_DIR: o.dataDir }),
      POLICY_FILE: join(repoRoot, "policy.yaml"),
      LOG_LEVEL: o.logLevel ?? "warn",
      REPLICA_TIMINGS: JSON.stringify(o.timings ?? {}),
      REPLICA_SWEEP_MS: String(o.sweepMs ?? 0),
      CRASH_AT: o.crashAt ?? "",
    });
    this.all.push(proc);
    return proc;
  }

  /** Starts a replica and waits until it listens. */
  async start(o: ReplicaOptions): Promise<Replica> {
    const proc = this.spawn(o);
    const ready = await proc.waitFor((m) => m.event === "ready" || m.event === "error");
    if (ready.event === "error") throw new Error(`replica did not start: ${String(ready.message)}; stderr: ${proc.stderr().slice(-2000)}`);
    return {
      url: String(ready.url),
      process: proc,
      async crashAt(step, launchId) {
        proc.send(`crash ${step} ${launchId}`);
        await proc.waitFor((m) => m.event === "armed" && m.launchId === launchId && m.step === step);
      },
    };
  }

  /** Kills every replica still running (SIGKILL) and waits for them to end. */
  async stopAll(): Promise<void> {
    await Promise.all(this.all.splice(0).map((p) => p.stop()));
  }
}
