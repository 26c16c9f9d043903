// One process per PGlite folder: a live owner's lock refuses the open with one line naming the folder
// and the pid, before PGlite touches the folder; a dead owner's lock is taken over; close removes it.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createPgliteExecutor } from "../../../src/adapters/postgres/pglite-executor.js";
import { LOCK_FILE_NAME } from "../../../src/adapters/postgres/data-dir-lock.js";

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

describe("PGlite data folder lock", () => {
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
