/**
 * One process per PGlite folder. PGlite is PostgreSQL compiled to
 * WebAssembly with no postmaster: two processes that open one folder both
 * write its files and corrupt it for good. The owner's pid goes into a lock
 * file in the folder, created exclusively; a lock whose pid is no longer
 * running (the owner was killed) is taken over.
 */
import { existsSync, readFileSync } from "node:fs";
import { open, readFile, unlink } from "node:fs/promises";
import { join } from "node:path";

export const LOCK_FILE_NAME = "oig-chatops.lock";

/** Another live process holds the folder; the message is the one line a person reads. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`the data folder ${dataDir} is in use by another process (pid ${pid}): stop that process first (only one process may open a PGlite folder), or set DATA_DIR to another folder`);
    this.name = "DataDirLockedError";
  }
}

export interface DataDirLock {
  /** Removes the lock file (only if it is still this process's). */
  release(): Promise<void>;
}

// Folders this process holds: a second open in the same process is refused too (its pid is "alive").
const heldHere = new Set<string>();

/**
 * Linux: a process that has ended but was not yet reaped by its parent (a zombie, state Z or X in
 * /proc/<pid>/stat) still answers `kill(pid, 0)`, yet holds no files and writes nothing. A killed bot
 * whose parent does not reap it (a container whose pid 1 is not an init) stays one for a while.
 */
export function isEndedProcess(statText: string): boolean {
  // The state follows the command name in parentheses, which may itself hold spaces and parentheses.
  const state = statText.slice(statText.lastIndexOf(")") + 1).trim().charAt(0);
  return state === "Z" || state === "X";
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    return !isEndedProcess(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    // No /proc (not Linux), or the process was reaped just now: kill() said it exists.
    return existsSync(`/proc/${pid}`) || !existsSync("/proc/self/stat");
  }
}

async function readOwner(path: string): Promise<number | undefined> {
  const text = await readFile(path, "utf8").catch(() => "");
  const pid = Number(text.trim().split(/\s+/)[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Takes the folder's lock for this process, or rejects with DataDirLockedError naming the owner. */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const path = join(dataDir, LOCK_FILE_NAME);
  if (heldHere.has(dataDir)) throw new DataDirLockedError(dataDir, process.pid);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const handle = await open(path, "wx");
      try {
        await handle.writeFile(`${process.pid}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      heldHere.add(dataDir);
      return { release: () => release(dataDir, path) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = await readOwner(path);
    // The same pid as ours after a restart (a container's pid 1) is a previous life of this process, not a live owner.
    if (owner !== undefined && owner !== process.pid && isRunning(owner)) throw new DataDirLockedError(dataDir, owner);
    // An empty lock is one being written right now, or one a crash cut short: wait a moment once before taking it over.
    if (owner === undefined && attempt === 0) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      continue;
    }
    // Stale (the owner is gone): remove it and try again; a concurrent taker makes the exclusive create fail for one of us.
    await unlink(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
  }
  throw new Error(`could not take the lock ${path} (it keeps changing hands)`);
}

async function release(dataDir: string, path: string): Promise<void> {
  if (!heldHere.delete(dataDir)) return;
  if ((await readOwner(path)) !== process.pid) return;
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
}
