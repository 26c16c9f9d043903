/**
 * The database part of the doctor: it answers `select 1`, and its schema is
 * at a migration this build knows. It reads only; migrations are applied by
 * the bot at start.
 */
import { access, constants, stat } from "node:fs/promises";
import { dirname } from "node:path";
import pg from "pg";
import { createPgExecutor, createPgliteExecutor, loadMigrations, type SqlExecutor } from "../adapters/postgres/index.js";
import type { DatabaseConfig } from "../config.js";
import type { DoctorCheck } from "./types.js";

export interface DatabaseCheckOptions {
  /** An executor already open on this database (a running bot's), used instead of opening one. */
  executor?: SqlExecutor;
  /** How long to wait for PostgreSQL to accept a connection. */
  connectTimeoutMs?: number;
}

const row = (id: string, title: string, rest: Pick<DoctorCheck, "status" | "detail"> & Partial<DoctorCheck>): DoctorCheck => ({
  id,
  area: "database",
  title,
  ...rest,
});

/** Checks the configured database. */
export async function checkDatabase(config: DatabaseConfig, options: DatabaseCheckOptions = {}): Promise<DoctorCheck[]> {
  const name = describe(config);
  if (options.executor !== undefined) return probe(options.executor, name);
  if (config.kind === "pglite") {
    const exists = await stat(config.dataDir).then(() => true, () => false);
    if (!exists) return [await notCreatedYet(config.dataDir)];
    const executor = await createPgliteExecutor({ dataDir: config.dataDir }).catch((error: unknown) => error);
    if (!isExecutor(executor)) return [row("database.connect", "connection", { status: "failing", detail: `${name} cannot be opened: ${message(executor)}`, fix: pgliteFix(config.dataDir) })];
    try {
      const checks = await probe(executor, name);
      const single = "PGlite serves one process: run the doctor while the bot is stopped, as two processes must not open one data directory.";
      return checks.map((check) => (check.id === "database.connect" ? { ...check, notes: [single] } : check));
    } finally {
      await executor.close();
    }
  }
  const pool = new pg.Pool({ connectionString: config.url, max: 1, connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000 });
  // An idle connection dropped by the server emits here; the query's own error is what gets reported.
  pool.on("error", () => undefined);
  try {
    return await probe(createPgExecutor(pool), name);
  } finally {
    await pool.end();
  }
}

async function probe(db: SqlExecutor, name: string): Promise<DoctorCheck[]> {
  try {
    await db.query("select 1");
  } catch (error) {
    const fix =
      db.kind === "postgres"
        ? ["Check DATABASE_URL (host, port, database, user, password) and that PostgreSQL accepts connections from this machine.", "Or unset DATABASE_URL to use the embedded PGlite database in DATA_DIR."]
        : ["Check DATA_DIR; see the PGlite note below."];
    return [
      row("database.connect", "connection", { status: "failing", detail: `${name} did not answer select 1: ${message(error)}`, fix }),
      row("database.migrations", "migrations", { status: "skipped", detail: "not checked: no connection" }),
    ];
  }
  return [row("database.connect", "connection", { status: "ok", detail: `${name} answers select 1` }), await migrations(db)];
}

async function migrations(db: SqlExecutor): Promise<DoctorCheck> {
  const known = (await loadMigrations()).length;
  try {
    const { rows } = await db.query<{ present: boolean }>("select to_regclass('schema_migrations') is not null as present");
    if (rows[0]?.present !== true) {
      return row("database.migrations", "migrations", { status: "ok", detail: `no migration applied yet; the bot applies migrations 1 to ${known} when it starts` });
    }
    const latest = await db.query<{ version: number | null }>("select max(version) as version from schema_migrations");
    const current = Number(latest.rows[0]?.version ?? 0);
    if (current > known) {
      return row("database.migrations", "migrations", {
        status: "failing",
        detail: `the database is at migration ${current}, newer than this build knows (${known}); the bot refuses to start on it`,
        fix: ["Run the build that applied those migrations (or a newer one), or point DATABASE_URL / DATA_DIR at this build's database."],
      });
    }
    const pending = current < known ? `; the bot applies ${current + 1} to ${known} when it starts` : " (the latest)";
    return row("database.migrations", "migrations", { status: "ok", detail: `at migration ${current}${pending}` });
  } catch (error) {
    return row("database.migrations", "migrations", { status: "failing", detail: `cannot read schema_migrations: ${message(error)}` });
  }
}

/** A PGlite directory that does not exist yet is fine if the bot can create it. */
async function notCreatedYet(dataDir: string): Promise<DoctorCheck> {
  let parent = dirname(dataDir);
  while (!(await stat(parent).then(() => true, () => false)) && dirname(parent) !== parent) parent = dirname(parent);
  const writable = await access(parent, constants.W_OK).then(() => true, () => false);
  return writable
    ? row("database.connect", "connection", { status: "ok", detail: `embedded PGlite: ${dataDir} does not exist yet; the bot creates it when it starts` })
    : row("database.connect", "connection", {
        status: "failing",
        detail: `embedded PGlite: ${dataDir} does not exist and ${parent} is not writable, so the bot cannot create it`,
        fix: pgliteFix(dataDir),
      });
}

function pgliteFix(dataDir: string): string[] {
  return [`Set DATA_DIR to a directory this user can write (now ${dataDir}), or set DATABASE_URL to a PostgreSQL database.`];
}

/** Names the database without its password. */
function describe(config: DatabaseConfig): string {
  if (config.kind === "pglite") return `embedded PGlite in ${config.dataDir}`;
  try {
    const url = new URL(config.url);
    return `PostgreSQL at ${url.hostname}${url.port === "" ? "" : `:${url.port}`}${url.pathname}`;
  } catch {
    return "PostgreSQL (DATABASE_URL)";
  }
}

function isExecutor(value: unknown): value is SqlExecutor {
  return typeof value === "object" && value !== null && "query" in value && "close" in value;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
