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

/** What a LISTEN subscription tells its owner. */
export interface SqlListener {
  /** A NOTIFY on the channel, with its payload. */
  notification(payload: string): void;
  /** The subscription is up (listening) or down (connection lost or not yet made; it keeps retrying). */
  state(up: boolean, error?: Error): void;
}

export interface SqlExecutor extends SqlSession {
  readonly kind: "postgres" | "pglite";
  /**
   * PostgreSQL only: LISTEN on `channel` over a connection of its own,
   * reconnecting when it is lost. Returns the function that stops it.
   */
  listen?(channel: string, listener: SqlListener): () => Promise<void>;
  close(): Promise<void>;
}

export { createPgExecutor } from "./pg-executor.js";
export type { PgExecutorOptions } from "./pg-executor.js";
export { createPgliteExecutor } from "./pglite-executor.js";
export type { PgliteExecutorOptions } from "./pglite-executor.js";
