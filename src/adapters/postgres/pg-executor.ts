/**
 * The SQL executor over a `pg` connection pool (production PostgreSQL).
 */
import pg from "pg";
import type { Row, SqlExecutor, SqlResult, SqlSession } from "./sql.js";

export interface PgExecutorOptions {
  /** Idle-client errors of a pool the executor created (default: console.error). */
  onPoolError?: (error: Error) => void;
  /** Pool size when the executor creates the pool. */
  max?: number;
}

type Queryable = pg.Pool | pg.PoolClient;

/**
 * An executor over `source`: a connection string (the executor owns the pool
 * and `close()` ends it) or a pool the caller owns (and ends).
 */
export function createPgExecutor(source: string | pg.Pool, options: PgExecutorOptions = {}): SqlExecutor {
  const ownsPool = typeof source === "string";
  const pool = ownsPool ? new pg.Pool({ connectionString: source, max: options.max ?? 10 }) : source;
  if (ownsPool) {
    // An idle client losing its connection emits on the pool; unhandled, it would crash the process.
    pool.on("error", options.onPoolError ?? ((error) => console.error("PostgreSQL pool error", error)));
  }

  return {
    kind: "postgres",
    query: (text, params) => runQuery(pool, text, params),
    exec: (script) => runScript(pool, script),
    transaction: async (fn) => {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query("BEGIN");
        const result = await fn(clientSession(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        try {
          await client.query("ROLLBACK");
        } catch (rollbackError) {
          // The connection is unusable; drop it from the pool rather than reuse it.
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: async () => {
      if (ownsPool && !pool.ended) await pool.end();
    },
  };
}

function clientSession(client: pg.PoolClient): SqlSession {
  const session: SqlSession = {
    query: (text, params) => runQuery(client, text, params),
    exec: (script) => runScript(client, script),
    transaction: (fn) => fn(session),
  };
  return session;
}

async function runQuery<T extends object>(db: Queryable, text: string, params?: readonly unknown[]): Promise<SqlResult<T>> {
  const result = await db.query<T & pg.QueryResultRow>(text, params as unknown[] | undefined);
  return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
}

async function runScript(db: Queryable, script: string): Promise<SqlResult<Row>> {
  // Without parameters pg uses the simple protocol, which accepts several statements
  // and then answers with one result per statement.
  const raw = (await db.query(script)) as pg.QueryResult | pg.QueryResult[];
  const last = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (last === undefined) return { rows: [], rowCount: 0 };
  return { rows: last.rows as Row[], rowCount: last.rowCount ?? last.rows.length };
}
