/**
 * The SQL executor over a `pg` connection pool (production PostgreSQL).
 */
import pg from "pg";
import type { Row, SqlExecutor, SqlListener, SqlResult, SqlSession } from "./sql.js";

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
    listen: (channel, listener) => listenOn(pool.options, channel, listener),
    close: async () => {
      if (ownsPool && !pool.ended) await pool.end();
    },
  };
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 30_000;

/**
 * LISTEN over one client of its own (a pool would hand the connection to
 * queries and lose the subscription), made with the pool's settings. A lost
 * connection is reported down and made again, waiting 0.5 s, then twice as
 * long each time up to 30 s.
 */
function listenOn(settings: pg.ClientConfig, channel: string, listener: SqlListener): () => Promise<void> {
  if (!CHANNEL_NAME.test(channel)) throw new Error(`not a channel name this executor listens on: ${JSON.stringify(channel)}`);
  let stopped = false;
  let current: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let delayMs = RETRY_FIRST_MS;

  const connect = async (): Promise<void> => {
    if (stopped) return;
    const client = new pg.Client({ ...settings, keepAlive: true });
    current = client;
    let down = false;
    const lost = (error: Error): void => {
      if (down) return;
      down = true;
      client.removeAllListeners("notification");
      if (current === client) current = undefined;
      void client.end().catch(() => undefined);
      if (stopped) return;
      listener.state(false, error);
      retry = setTimeout(() => void connect(), delayMs);
      retry.unref();
      delayMs = Math.min(delayMs * 2, RETRY_MAX_MS);
    };
    client.on("error", lost);
    client.on("end", () => lost(new Error("the listening connection ended")));
    client.on("notification", (message) => {
      if (message.channel === channel) listener.notification(message.payload ?? "");
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
    } catch (error) {
      lost(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (down || stopped) return;
    delayMs = RETRY_FIRST_MS;
    listener.state(true);
  };

  void connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const client = current;
    current = undefined;
    if (client === undefined) return;
    client.removeAllListeners();
    client.on("error", () => undefined);
    await client.end().catch(() => undefined);
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
