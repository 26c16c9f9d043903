/**
 * Runs `fixtures/launch-process.ts` (or another entry, such as the
 * reliability suite's replica process) as a separate Node process through
 * tsx, and reads its JSON-line messages.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { testDatabaseUrl } from "../../support/databases.js";
import type { CoreHarness } from "../../support/core-harness.js";

const SCRIPT = fileURLToPath(new URL("./fixtures/launch-process.ts", import.meta.url));
const POLICY = readFileSync(new URL("../../../policy.yaml", import.meta.url), "utf8");

export type FixtureMessage = { event: string } & Record<string, unknown>;

export interface FixtureProcess {
  readonly messages: FixtureMessage[];
  /** The first message matching `predicate`, now or when it arrives; rejects if the process ends first. */
  waitFor(predicate: (m: FixtureMessage) => boolean): Promise<FixtureMessage>;
  send(line: string): void;
  /** Resolves when the process has ended, with how. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What it wrote to stderr, for failure messages. */
  stderr(): string;
  /** Ends it (SIGKILL) if it still runs. */
  stop(): Promise<void>;
  /** Sends `signal` if it still runs, and resolves once it has ended. */
  signal(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The connection string of the harness's throwaway PostgreSQL database. */
export async function databaseUrlOf(h: CoreHarness): Promise<string> {
  const { rows } = await h.executor.query<{ name: string }>("SELECT current_database() AS name");
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${rows[0]!.name}`;
  return url.toString();
}

/** Starts the fixture in `mode` against the harness's database and sandbox. */
export async function startFixture(h: CoreHarness, mode: string, extra: Record<string, string> = {}): Promise<FixtureProcess> {
  return startJsonLineProcess(SCRIPT, {
    FIXTURE_MODE: mode,
    FIXTURE_DATABASE_URL: await databaseUrlOf(h),
    FIXTURE_OKTA_URL: h.sandbox.url,
    FIXTURE_OKTA_TOKEN: h.sandbox.apiToken,
    FIXTURE_POLICY: POLICY,
    ...extra,
  });
}

/** Runs `script` (TypeScript, through tsx) as a Node process with `env` over this one's, reading JSON lines from its stdout. */
export function startJsonLineProcess(script: string, env: Record<string, string>): FixtureProcess {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ["--import", "tsx", script], {
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const messages: FixtureMessage[] = [];
  const waiters: { predicate: (m: FixtureMessage) => boolean; resolve: (m: FixtureMessage) => void; reject: (e: Error) => void }[] = [];
  let errText = "";
  let buffered = "";
  child.stderr.on("data", (chunk: Buffer) => {
    errText += chunk.toString("utf8");
  });
  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines.filter((l) => l.trim().startsWith("{"))) {
      const message = JSON.parse(line) as FixtureMessage;
      messages.push(message);
      for (const waiter of waiters.filter((w) => w.predicate(message))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // "close", not "exit": every line it wrote has been read by then.
    child.once("close", (code, signal) => {
      for (const waiter of waiters.splice(0)) {
        waiter.reject(new Error(`the fixture process ended (${signal ?? code}) first; stderr: ${errText.slice(-2000)}`));
      }
      resolve({ code, signal });
    });
  });
  let running = true;
  void exited.then(() => {
    running = false;
  });
  return {
    messages,
    waitFor: (predicate) => {
      const found = messages.find(predicate);
      if (found !== undefined) return Promise.resolve(found);
      if (!running) return Promise.reject(new Error(`the fixture process has ended; stderr: ${errText.slice(-2000)}`));
      return new Promise((resolve, reject) => waiters.push({ predicate, resolve, reject }));
    },
    send: (line) => {
      if (running) child.stdin.write(`${line}\n`);
    },
    exited,
    stderr: () => errText,
    stop: async () => {
      if (running) child.kill("SIGKILL");
      await exited;
    },
    signal: async (signal) => {
      if (running) child.kill(signal);
      return exited;
    },
  };
}
