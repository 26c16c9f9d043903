/**
 * The SQL executor over embedded PGlite (the zero-setup default). PGlite is
 * one connection: statements queue behind a running transaction.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { PGlite, type Results, type Transaction } from "@electric-sql/pglite";
import { lockDataDir, type DataDirLock } from "./data-dir-lock.js";
import type { Row, SqlExecutor, SqlResult, SqlSession } from "./sql.js";

// Sized for a small embedded bot (a few tables, one connection) rather than PostgreSQL's server defaults.
// Passed as start parameters, not `postgresqlconf`, which would replace the folder's postgresql.conf.
// PostgreSQL's shared memory, sized at start from these, lives in PGlite's WebAssembly memory and is
// resident in full whether used or not. Resident WebAssembly memory measured with the bot's migrations
// applied (node 22, /proc/self/smaps): 31.3 MB with shared_buffers=16MB, 23.3 MB with 8MB, 19.3 MB with
// 8MB and max_connections=5 (shared_buffers=4MB alone: 19.3 MB; max_connections=2: no further gain);
// PGlite's own defaults (shared_buffers=128MB) grow that memory from 128 to 186 MB.
// - shared_buffers=8MB: PostgreSQL's page cache (1024 pages of 8 kB), its largest allocation; a page not
//   in it is read again from the folder's files, which the OS caches.
// - max_connections=5: PGlite is one connection in single-user mode, but PostgreSQL sizes its per-backend
//   slots and lock table by this (100 by default): about 4 MB. Above superuser_reserved_connections (3).
// - temp_buffers, work_mem, maintenance_work_mem: per-operation limits; larger sorts spill to files.
// - wal_buffers=1MB: fixed, rather than 1/32 of shared_buffers (256 kB at 8MB).
// Durability settings (fsync, synchronous_commit, full_page_writes) are left as PGlite sets them.
const SMALL_BOT_SETTINGS = [
  "-c",
  "shared_buffers=8MB",
  "-c",
  "max_connections=5",
  "-c",
  "temp_buffers=1MB",
  "-c",
  "work_mem=2MB",
  "-c",
  "maintenance_work_mem=16MB",
  "-c",
  "wal_buffers=1MB",
];

// The first start on a new folder runs initdb: PGlite starts a second PostgreSQL and the initdb program,
// each with its own WebAssembly memory and compiled code, and copies the result over as a tar. That memory
// is freed inside V8 but stays in the process (malloc arenas, and the compiled initdb module, which PGlite
// caches for the life of the process); closing and reopening PGlite in the same process did not give it
// back. So initdb runs in a short-lived child process, which returns all of it when it exits; this process
// then opens a folder that is ready, like any later start. Measured (node 22, a process that opens the
// executor, applies the migrations, writes a little and GCs; three runs each): 318-387 MB on a new folder
// before, 198-218 MB after; on a restart 175-192 MB before (16MB/100 above), 145-184 MB after. The whole
// bot with no configuration, first start: 512 MB -> 248 MB (medians); ready about 2 s later, once.
// The child's arguments: this process's pid, the PGlite entry point, the folder, the start parameters (JSON).
// The lock names this process only, so a child left running after this process died could still be writing
// the folder when the next start takes the lock over: a watchdog thread (the main thread is busy in
// WebAssembly for seconds at a time) kills the child as soon as its parent is no longer this process.
const INITDB_CHILD = `
const [parentPid, entry, dataDir, params] = process.argv.slice(1);
const { Worker } = require("node:worker_threads");
new Worker(
  "setInterval(() => { if (process.ppid !== " + Number(parentPid) + ") process.kill(process.pid, 'SIGKILL'); }, 100);",
  { eval: true },
).unref();
const { PGlite } = require(entry);
PGlite.create({ dataDir, startParams: JSON.parse(params) })
  .then((db) => db.close())
  .then(() => process.exit(0), (error) => {
    // PGlite's file system errors are not Error objects: name them by their errno.
    const text = error instanceof Error ? error.message : error?.errno !== undefined ? \`a file system error in the folder (\${error.name ?? "error"} errno \${error.errno})\` : String(error);
    console.error(text);
    process.exit(1);
  });
`;

export type PgliteExecutorOptions = { dataDir: string } | { memory: true };

interface OpenTransaction {
  open: boolean;
}

/** Opens (creating if needed) a PGlite database in `dataDir`, or one in memory. */
export async function createPgliteExecutor(options: PgliteExecutorOptions): Promise<SqlExecutor> {
  const startParams = [...PGlite.defaultStartParams, ...SMALL_BOT_SETTINGS];
  let lock: DataDirLock | undefined;
  let db: PGlite;
  if ("dataDir" in options) {
    const dataDir = resolve(options.dataDir);
    // PGlite creates only the last path segment; a fresh `./data/pglite` needs its parents.
    await mkdir(dataDir, { recursive: true });
    lock = await lockDataDir(dataDir);
    try {
      // The lock stays held while the child creates the folder: no other process can open it meanwhile.
      if (!existsSync(join(dataDir, "PG_VERSION"))) await initialiseInChild(dataDir, startParams);
      db = await PGlite.create({ dataDir, startParams });
    } catch (error) {
      await lock.release();
      throw error;
    }
  } else {
    db = await PGlite.create({ startParams });
  }
  const inTransaction = new AsyncLocalStorage<OpenTransaction>();

  // A statement on the root handle from inside a transaction would wait for
  // that transaction to end, forever; fail loudly instead.
  const assertNotInTransaction = (): void => {
    if (inTransaction.getStore()?.open === true) {
      throw new Error("PGlite: a statement on the executor inside a transaction would deadlock; use the transaction handle");
    }
  };

  return {
    kind: "pglite",
    query: async (text, params) => {
      assertNotInTransaction();
      return toResult(await db.query(text, params as unknown[] | undefined));
    },
    exec: async (script) => {
      assertNotInTransaction();
      return lastResult(await db.exec(script));
    },
    transaction: async (fn) => {
      assertNotInTransaction();
      const marker: OpenTransaction = { open: true };
      try {
        return await db.transaction((tx) => inTransaction.run(marker, () => fn(transactionSession(tx))));
      } finally {
        marker.open = false;
      }
    },
    close: async () => {
      if (!db.closed) await db.close();
      await lock?.release();
    },
  };
}

/** Runs initdb on `dataDir` in a child process (see INITDB_CHILD); rejects with the child's message if it fails. */
async function initialiseInChild(dataDir: string, startParams: string[]): Promise<void> {
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  // No inherited environment: the bot's secrets have no business in the child.
  const env: NodeJS.ProcessEnv = {};
  for (const name of ["PATH", "HOME", "TMPDIR", "SYSTEMROOT"]) if (process.env[name] !== undefined) env[name] = process.env[name];
  const child = spawn(process.execPath, ["-e", INITDB_CHILD, String(process.pid), entry, dataDir, JSON.stringify(startParams)], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
    windowsHide: true,
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-8192);
  });
  const outcome = await new Promise<{ code: number | null; signal: NodeJS.Signals | null } | Error>((resolveRun) => {
    child.once("error", resolveRun);
    child.once("close", (code, signal) => resolveRun({ code, signal }));
  });
  if (!(outcome instanceof Error) && outcome.code === 0) return;
  const detail =
    stderr.trim().split("\n").slice(-5).join("\n") ||
    (outcome instanceof Error ? outcome.message : `the initdb process ended with ${outcome.signal ?? `code ${outcome.code}`}`);
  throw new Error(`PGlite: could not create a new database in ${dataDir}: ${detail}`);
}

function transactionSession(tx: Transaction): SqlSession {
  const session: SqlSession = {
    query: async (text, params) => toResult(await tx.query(text, params as unknown[] | undefined)),
    exec: async (script) => lastResult(await tx.exec(script)),
    transaction: (fn) => fn(session),
  };
  return session;
}

function toResult<T extends object>(result: Results<unknown>): SqlResult<T> {
  const rows = result.rows as T[];
  return { rows, rowCount: Math.max(result.affectedRows ?? 0, rows.length) };
}

function lastResult(results: Results[]): SqlResult<Row> {
  const last = results[results.length - 1];
  return last === undefined ? { rows: [], rowCount: 0 } : toResult<Row>(last);
}
