/**
 * The SQL executor over embedded PGlite (the zero-setup default). PGlite is
 * one connection: statements queue behind a running transaction.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { PGlite, type Results, type Transaction } from "@electric-sql/pglite";
import { lockDataDir, type DataDirLock } from "./data-dir-lock.js";
import type { Row, SqlExecutor, SqlResult, SqlSession } from "./sql.js";

// Sized for a small embedded bot (a few tables, one connection) rather than PostgreSQL's server defaults:
// shared_buffers is PGlite's largest allocation (128 MB by default, all of it in this process's memory).
// Passed as start parameters, not `postgresqlconf`, which would replace the folder's postgresql.conf.
const SMALL_BOT_SETTINGS = ["-c", "shared_buffers=16MB", "-c", "temp_buffers=1MB", "-c", "work_mem=2MB", "-c", "maintenance_work_mem=16MB", "-c", "wal_buffers=1MB"];

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
