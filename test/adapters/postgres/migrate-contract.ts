/**
 * Migration runner behaviour on each backend: every test gets an empty
 * database (a fresh schema on PGlite, a fresh database on PostgreSQL).
 */
import { expect, it } from "vitest";
import { loadMigrations, migrate, type Migration } from "../../../src/adapters/postgres/migrate.js";
import type { SqlExecutor } from "../../../src/adapters/postgres/sql.js";
import { perTest } from "./per-test.js";

export interface EmptyDatabase {
  executor: SqlExecutor;
  /** Another executor on the same database (its own connections on PostgreSQL). */
  openExecutor: () => Promise<SqlExecutor>;
  dispose: () => Promise<void>;
}

const one: Migration = { version: 1, name: "first", sql: "CREATE TABLE first_table (id int PRIMARY KEY)" };
const two: Migration = { version: 2, name: "second", sql: "ALTER TABLE first_table ADD COLUMN label text" };

async function tableNames(executor: SqlExecutor): Promise<string[]> {
  const { rows } = await executor.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1",
  );
  return rows.map((row) => row.name);
}

export function migrateContract(makeEmpty: () => Promise<EmptyDatabase>): void {
  const d = perTest(makeEmpty);

  it("the migrations apply on an empty database and a second run is a no-op", async () => {
    const { executor } = d();
    const shipped = await loadMigrations();
    const first = await migrate(executor);
    expect(first).toEqual({ applied: shipped.map((m) => m.version), current: shipped.length });
    expect(await tableNames(executor)).toEqual(
      expect.arrayContaining(["audit_log", "launches", "launch_decisions", "schema_migrations", "watches"]),
    );
    const before = await executor.query("SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version");
    expect(await migrate(executor)).toEqual({ applied: [], current: shipped.length });
    expect((await executor.query("SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version")).rows).toEqual(
      before.rows,
    );
  });

  it("only migrations newer than the recorded ones are applied", async () => {
    const { executor } = d();
    expect(await migrate(executor, { migrations: [one] })).toEqual({ applied: [1], current: 1 });
    expect(await migrate(executor, { migrations: [one, two] })).toEqual({ applied: [2], current: 2 });
    await executor.query("INSERT INTO first_table (id, label) VALUES (1, 'works')");
  });

  it("a failing migration leaves the database as it was", async () => {
    const { executor } = d();
    const broken: Migration = { version: 2, name: "broken", sql: "ALTER TABLE no_such_table ADD COLUMN x int" };
    await expect(migrate(executor, { migrations: [one, broken] })).rejects.toThrow(/no_such_table/);
    expect(await tableNames(executor)).toEqual([]);
  });

  it("a migration edited after it was applied stops the run", async () => {
    const { executor } = d();
    await migrate(executor, { migrations: [one] });
    const edited = { ...one, sql: `${one.sql}; CREATE TABLE sneaky (id int)` };
    await expect(migrate(executor, { migrations: [edited] })).rejects.toThrow("001_first was changed after it was applied");
    expect(await tableNames(executor)).not.toContain("sneaky");
  });

  it("a database migrated by a newer build is refused", async () => {
    const { executor } = d();
    await migrate(executor, { migrations: [one, two] });
    await expect(migrate(executor, { migrations: [one] })).rejects.toThrow(/newer than this build/);
  });

  it("migrations numbered with a gap are refused before anything runs", async () => {
    const { executor } = d();
    await expect(migrate(executor, { migrations: [one, { ...two, version: 3 }] })).rejects.toThrow(/without gaps/);
    expect(await tableNames(executor)).toEqual([]);
  });

  it("two processes migrating at once apply each migration once", async () => {
    const { executor, openExecutor } = d();
    const other = await openExecutor();
    const reports = await Promise.all([migrate(executor), migrate(other)]);
    const shipped = await loadMigrations();
    expect(reports.map((r) => r.applied).sort((a, b) => b.length - a.length)).toEqual([shipped.map((m) => m.version), []]);
    const { rows } = await executor.query<{ n: number }>("SELECT count(*)::int AS n FROM schema_migrations");
    expect(rows[0]?.n).toBe(shipped.length);
  });
}
