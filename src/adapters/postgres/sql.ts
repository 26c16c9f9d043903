/**
 * The small SQL surface the store, the migration runner and the job queue
 * use, so one implementation runs over PostgreSQL (`pg`) and PGlite.
 */

export type Row = Record<string, unknown>;

export interface SqlResult<T> {
  rows: T[];
  /** Rows affected by INSERT/UPDATE/DELETE, or returned by SELECT. */
  rowCount: number;
}

/** A connection-like handle: the executor itself or one transaction. */
export interface SqlSession {
  /** One statement with `$n` parameters. */
  query<T extends object = Row>(text: string, params?: readonly unknown[]): Promise<SqlResult<T>>;
  /** A script of statements without parameters; returns the last statement's result. */
  exec(script: string): Promise<SqlResult<Row>>;
  /**
   * Runs `fn` in a transaction, committing when it resolves and rolling back
   * when it throws. Called on a transaction session, it joins that transaction.
   */
  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>;
}

export interface SqlExecutor extends SqlSession {
  readonly kind: "postgres" | "pglite";
  close(): Promise<void>;
}

export { createPgExecutor } from "./pg-executor.js";
export type { PgExecutorOptions } from "./pg-executor.js";
export { createPgliteExecutor } from "./pglite-executor.js";
export type { PgliteExecutorOptions } from "./pglite-executor.js";
