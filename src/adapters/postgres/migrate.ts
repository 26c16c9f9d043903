/**
 * Forward-only, numbered SQL migrations (`migrations/NNN_name.sql`), applied
 * at start in one transaction and recorded in `schema_migrations`.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import type { SqlSession } from "./sql.js";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export interface MigrationReport {
  /** Versions applied by this call, in order. */
  applied: number[];
  /** The newest version now in the database. */
  current: number;
}

const MIGRATIONS_DIR = new URL("./migrations/", import.meta.url);
const FILE_NAME = /^(\d{3})_([a-z0-9_]+)\.sql$/;

// Advisory-lock key ("oig" + 1); locks are per database, so throwaway test
// databases do not contend with each other.
const LOCK_CLASS = 0x6f6967;
const LOCK_OBJECT = 1;

/** Reads `migrations/NNN_name.sql` (or `dir`), checked to be numbered 1, 2, 3, ... */
export async function loadMigrations(dir: URL = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".sql")).sort();
  const migrations: Migration[] = [];
  for (const file of names) {
    const match = FILE_NAME.exec(file);
    if (match === null) throw new Error(`migration file ${file} is not named NNN_lower_snake.sql`);
    migrations.push({ version: Number(match[1]), name: match[2]!, sql: await readFile(new URL(file, dir), "utf8") });
  }
  return checkSequence(migrations);
}

function checkSequence(migrations: Migration[]): Migration[] {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migrations must be numbered 1, 2, 3, ... without gaps; found ${migration.version} at position ${index + 1}`);
    }
  });
  return sorted;
}

function checksum(sql: string): string {
  return createHash("sha256").update(sql).digest("hex");
}

/**
 * Applies pending migrations. An advisory lock held for the transaction lets
 * several replicas start at once: the first applies, the others then find
 * nothing to do. Refuses to run when an applied migration was edited.
 */
export async function migrate(db: SqlSession, options: { migrations?: Migration[] } = {}): Promise<MigrationReport> {
  const migrations = checkSequence(options.migrations ?? (await loadMigrations()));
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1, $2)", [LOCK_CLASS, LOCK_OBJECT]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await tx.query<{ version: number; name: string; checksum: string }>(
      "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
    );
    const done = new Map(rows.map((row) => [Number(row.version), row]));
    const newest = Math.max(0, ...done.keys());
    if (newest > migrations.length) {
      throw new Error(`the database is at migration ${newest}, newer than this build knows (${migrations.length}); refusing to start`);
    }

    const applied: number[] = [];
    for (const migration of migrations) {
      const sum = checksum(migration.sql);
      const recorded = done.get(migration.version);
      if (recorded !== undefined) {
        if (recorded.checksum !== sum) {
          throw new Error(
            `migration ${String(migration.version).padStart(3, "0")}_${migration.name} was changed after it was applied; add a new migration instead`,
          );
        }
        continue;
      }
      await tx.exec(migration.sql);
      await tx.query("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", [
        migration.version,
        migration.name,
        sum,
      ]);
      applied.push(migration.version);
    }
    return { applied, current: Math.max(newest, ...applied) };
  });
}
