/**
 * Throwaway databases for tests: a PostgreSQL database per test (created on
 * the server at TEST_DATABASE_URL, dropped afterwards) or a PGlite instance.
 * Suites needing PostgreSQL skip without it, but fail when CI is set.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, it } from "vitest";
import { createPgliteExecutor } from "../../src/adapters/postgres/pglite-executor.js";
import type { SqlExecutor } from "../../src/adapters/postgres/sql.js";

export const testDatabaseUrl: string = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export type PostgresProbe = { available: true; url: string } | { available: false; url: string; reason: string };

/** The URL without its password, for messages. */
function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable TEST_DATABASE_URL)";
  }
}

let probing: Promise<PostgresProbe> | undefined;

/** Whether PostgreSQL answers at TEST_DATABASE_URL (asked once per test process). */
export function probePostgres(): Promise<PostgresProbe> {
  probing ??= (async (): Promise<PostgresProbe> => {
    const client = new pg.Client({ connectionString: testDatabaseUrl, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return { available: true, url: testDatabaseUrl };
    } catch (error) {
      return { available: false, url: testDatabaseUrl, reason: error instanceof Error ? error.message : String(error) };
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return probing;
}

/**
 * `describe` for suites that need PostgreSQL. Without it: one failing test
 * naming the problem when CI is set, otherwise a skipped suite and a warning.
 */
export function describeWithPostgres(probe: PostgresProbe, title: string, body: () => void): void {
  if (probe.available) {
    describe(title, body);
    return;
  }
  const message = `PostgreSQL is not reachable at ${redacted(probe.url)} (${probe.reason})`;
  if (process.env.CI !== undefined && process.env.CI !== "") {
    describe(title, () => {
      it("has PostgreSQL to test against (CI is set)", () => {
        throw new Error(`${message}; start PostgreSQL or point TEST_DATABASE_URL at one`);
      });
    });
    return;
  }
  console.warn(`Skipping "${title}": ${message}. Start PostgreSQL or set TEST_DATABASE_URL to run it.`);
  describe.skip(`${title} (skipped: ${message})`, body);
}

export interface TestDatabase {
  name: string;
  /** Connection string of the new database. */
  url: string;
  /** Drops the database, closing any connection still open to it. */
  drop: () => Promise<void>;
}

async function withAdminClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates `oig_test_<random>` on the TEST_DATABASE_URL server. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `oig_test_${randomBytes(6).toString("hex")}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** An in-memory PGlite executor (a second or more to start: share it within a file). */
export function createTestPglite(): Promise<SqlExecutor> {
  return createPgliteExecutor({ memory: true });
}

/** A PGlite instance for the whole test file, closed after its tests. */
export function pgliteForFile(): () => SqlExecutor {
  let executor: SqlExecutor | undefined;
  beforeAll(async () => {
    executor = await createTestPglite();
  });
  afterAll(async () => {
    await executor?.close();
  });
  return () => {
    if (executor === undefined) throw new Error("PGlite did not start");
    return executor;
  };
}

/** A throwaway PostgreSQL database for the whole test file (call inside describeWithPostgres). */
export function postgresDatabaseForFile(): () => TestDatabase {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });
  return () => {
    if (database === undefined) throw new Error("the test database was not created");
    return database;
  };
}

export interface PostgresTestSchema {
  name: string;
  /** A pool whose connections use the schema (the caller may end it early; drop() ends the rest). */
  openPool: (max: number) => pg.Pool;
  /** Drops the schema and ends every pool opened on it. */
  drop: () => Promise<void>;
}

/** A fresh schema in the database at `url`, so tests sharing one database start empty. */
export async function createPostgresSchema(url: string): Promise<PostgresTestSchema> {
  const name = `t_${randomBytes(6).toString("hex")}`;
  const pools: pg.Pool[] = [];
  const openPool = (max: number): pg.Pool => {
    const pool = new pg.Pool({ connectionString: url, max, options: `-c search_path=${name}` });
    // A connection still closing when the file's database is dropped (WITH FORCE) is killed by the server
    // (57P01); the pool re-emits that as 'error', which must not become an unhandled error of the run.
    pool.on("error", () => undefined);
    pools.push(pool);
    return pool;
  };
  const admin = openPool(1);
  await admin.query(`CREATE SCHEMA ${name}`);
  return {
    name,
    openPool,
    drop: async () => {
      await admin.query(`DROP SCHEMA ${name} CASCADE`);
      await Promise.all(pools.filter((pool) => !pool.ended).map((pool) => pool.end()));
    },
  };
}

export interface TestSchema {
  name: string;
  drop: () => Promise<void>;
}

/**
 * Creates a fresh schema and points the (single-connection) PGlite session
 * at it, so tests sharing one instance start from an empty database.
 */
export async function useFreshSchema(executor: SqlExecutor): Promise<TestSchema> {
  if (executor.kind !== "pglite") throw new Error("useFreshSchema relies on PGlite's single session; use createTestDatabase on PostgreSQL");
  const name = `t_${randomBytes(6).toString("hex")}`;
  await executor.exec(`CREATE SCHEMA ${name}; SET search_path TO ${name}`);
  return {
    name,
    drop: async () => {
      await executor.exec(`SET search_path TO public; DROP SCHEMA ${name} CASCADE`);
    },
  };
}
