// One process per PGlite folder: a live owner's lock refuses the open with one line naming the folder
// and the pid, before PGlite touches the folder; a dead owner's lock is taken over; close removes it.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createPgliteExecutor } from "../../../src/adapters/postgres/pglite-executor.js";
import { isEndedProcess, LOCK_FILE_NAME } from "../../../src/adapters/postgres/data-dir-lock.js";

let dir: string | undefined;
let owner: ChildProcess | undefined;
afterEach(async () => {
  owner?.kill("SIGKILL");
  owner = undefined;
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A live process other than this one, standing in for a bot that holds the folder. */
async function liveProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  await new Promise((resolve) => child.once("spawn", resolve));
  return child;
}

/** A pid that is certainly not running: a process that has exited and been reaped. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid!;
}

/**
 * A killed process its parent never reaped (a zombie): a perl parent forks a child that exits at once
 * and then only sleeps. Gives the zombie's pid once /proc shows it ended.
 */
async function zombiePid(): Promise<{ pid: number; parent: ChildProcess }> {
  const parent = spawn("perl", ["-e", '$| = 1; my $p = fork(); if ($p == 0) { exit 0 } print "$p\\n"; sleep 60;'], { stdio: ["ignore", "pipe", "ignore"] });
  const pid = await new Promise<number>((resolve) => parent.stdout.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
  while (!isEndedProcess(readFileSync(`/proc/${pid}/stat`, "utf8"))) await new Promise((resolve) => setTimeout(resolve, 20));
  return { pid, parent };
}

const hasPerl = spawnSync("perl", ["-e", "1"]).status === 0;

describe("isEndedProcess", () => {
  it("reads the state after the command name in /proc/<pid>/stat, whatever the name holds", () => {
    expect(isEndedProcess("4242 (node) Z 1 4242 4242 0 -1")).toBe(true);
    expect(isEndedProcess("4242 (my (odd) name) X 1 4242")).toBe(true);
    expect(isEndedProcess("4242 (node) S 1 4242 4242 0 -1")).toBe(false);
    expect(isEndedProcess("4242 (Z) R 1 4242")).toBe(false);
  });
});

describe("PGlite data folder lock", () => {
  it.skipIf(process.platform !== "linux" || !hasPerl)("takes over the lock of a killed owner its parent has not reaped yet (a zombie answers kill(pid, 0))", async () => {
    dir = await mkdtemp(join(tmpdir(), "oig-lock-"));
    const dataDir = join(dir, "data");
    await mkdir(dataDir);
    const zombie = await zombiePid();
    owner = zombie.parent;
    expect(() => process.kill(zombie.pid, 0)).not.toThrow();
    await writeFile(join(dataDir, LOCK_FILE_NAME), `${zombie.pid}\n`);

    const db = await createPgliteExecutor({ dataDir });
    try {
      expect(await readFile(join(dataDir, LOCK_FILE_NAME), "utf8")).toBe(`${process.pid}\n`);
    } finally {
      await db.close();
    }
  }, 180_000);

  it("refuses a folder whose lock names a live process, in one line naming the folder and the pid, and leaves the folder alone", async () => {
    dir = await mkdtemp(join(tmpdir(), "oig-lock-"));
    const dataDir = join(dir, "data");
    await mkdir(dataDir);
    owner = await liveProcess();
    await writeFile(join(dataDir, LOCK_FILE_NAME), `${owner.pid}\n`);

    const error = (await createPgliteExecutor({ dataDir }).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain(dataDir);
    expect(error.message).toContain(`pid ${owner.pid}`);
    expect(error.message).not.toContain("\n");
    expect(await readdir(dataDir)).toEqual([LOCK_FILE_NAME]);
    expect(await readFile(join(dataDir, LOCK_FILE_NAME), "utf8")).toBe(`${owner.pid}\n`);
  }, 180_000);

  it("takes over the lock of a process that is gone, and removes it on close", async () => {
    dir = await mkdtemp(join(tmpdir(), "oig-lock-"));
    const dataDir = join(dir, "data");
    await mkdir(dataDir);
    await writeFile(join(dataDir, LOCK_FILE_NAME), `${await deadPid()}\n`);

    const db = await createPgliteExecutor({ dataDir });
    try {
      expect(await readFile(join(dataDir, LOCK_FILE_NAME), "utf8")).toBe(`${process.pid}\n`);
      // A second open from this same process is refused too: two PGlite instances on one folder corrupt it alike.
      await expect(createPgliteExecutor({ dataDir })).rejects.toThrow(`is in use by another process (pid ${process.pid})`);
      expect((await db.query<{ one: number }>("select 1 as one")).rows).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
    expect(await readdir(dataDir)).not.toContain(LOCK_FILE_NAME);
  }, 180_000);
});
