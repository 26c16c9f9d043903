// `npm start` as a person or a service manager runs it: the compiled bot boots on the embedded defaults,
// serves /healthz, holds its PGlite folder against a second start, and one SIGTERM to npm's pid (or one
// to the whole process group) ends in one graceful drain, exit 0, no process left and no lock file.
import { execFile, spawn, type ChildProcessByStdio } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCK_FILE_NAME } from "../../src/adapters/postgres/data-dir-lock.js";
import { repoRoot } from "../support/shared-dir.js";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Started {
  npm: ChildProcessByStdio<null, Readable, Readable>;
  output: () => string;
  exited: Promise<number | null>;
}

/** `npm start` in its own process group (as a service manager starts it), with the bot's settings in env. */
function npmStart(env: Record<string, string>): Started {
  const npm = spawn("npm", ["start", "--silent"], {
    cwd: repoRoot,
    detached: true,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, POLICY_FILE: join(repoRoot, "policy.yaml"), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  npm.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => npm.once("exit", (code) => resolve(code)));
  return { npm, output: () => output, exited };
}

async function waitFor(started: Started, text: string): Promise<void> {
  // Bounded by the test's timeout, not by a clock here: a loaded machine is slow, not broken.
  while (!started.output().includes(text)) {
    if (started.npm.exitCode !== null) throw new Error(`npm start exited (${started.npm.exitCode}) before "${text}":\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** True while any process of the group `pgid` is alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pid of npm's child (`exec node ...` in the start script makes it node itself). */
function childOf(pid: number): number {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).map(Number);
  expect(children).toHaveLength(1);
  return children[0]!;
}

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

let dir: string;
const cleanup: number[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "oig-start-"));
  // npm start runs dist/: compile what this checkout has (incremental; `npm ci` did it on a fresh clone).
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, [join(repoRoot, "scripts/build.js")], { cwd: repoRoot }, (error, _out, stderr) => (error ? reject(new Error(`build failed: ${stderr}`)) : resolve())),
  );
}, 600_000);

afterAll(async () => {
  for (const pgid of cleanup) if (groupAlive(pgid)) process.kill(-pgid, "SIGKILL");
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform !== "linux")("npm start (the compiled bot as a process)", () => {
  it("serves /healthz, refuses a second start on its folder, and one SIGTERM to npm's pid drains once and leaves nothing behind", async () => {
    const dataDir = join(dir, "data");
    const port = await freePort();
    const first = npmStart({ PORT: String(port), DATA_DIR: dataDir });
    cleanup.push(first.npm.pid!);
    await waitFor(first, "is listening on");
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    const bot = childOf(first.npm.pid!);
    expect(readFileSync(`/proc/${bot}/cmdline`, "utf8")).toContain("dist/bin/start.js");
    expect(readFileSync(`/proc/${bot}/cmdline`, "utf8")).not.toContain("tsx");
    expect(readFileSync(join(dataDir, LOCK_FILE_NAME), "utf8").trim()).toBe(String(bot));

    const second = npmStart({ PORT: String(await freePort()), DATA_DIR: dataDir });
    cleanup.push(second.npm.pid!);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`the data folder ${dataDir} is in use by another process (pid ${bot})`);
    expect(second.output()).not.toContain("is listening on");

    process.kill(first.npm.pid!, "SIGTERM");
    expect(await first.exited).toBe(0);
    expect(count(first.output(), "shutting down: finishing running work")).toBe(1);
    expect(first.output()).toContain("stopped");
    expect(groupAlive(first.npm.pid!)).toBe(false);
    expect(await readdir(dataDir)).not.toContain(LOCK_FILE_NAME);
  }, 600_000);

  it("one SIGTERM to the process group (npm may forward a second to the bot) still drains once and exits 0", async () => {
    const dataDir = join(dir, "data");
    const started = npmStart({ PORT: String(await freePort()), DATA_DIR: dataDir, LOG_LEVEL: "debug" });
    cleanup.push(started.npm.pid!);
    await waitFor(started, "is listening on");
    // The start script's --expose-gc lets the bot give start-up's heap back once it runs (src/runtime/compact-heap.ts).
    await waitFor(started, "heap compacted after start-up");

    process.kill(-started.npm.pid!, "SIGTERM");
    expect(await started.exited).toBe(0);
    expect(count(started.output(), "shutting down: finishing running work")).toBe(1);
    expect(started.output()).toContain("stopped");
    expect(groupAlive(started.npm.pid!)).toBe(false);
    expect(await readdir(dataDir)).not.toContain(LOCK_FILE_NAME);
  }, 600_000);
});
