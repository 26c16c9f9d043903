// The doctor's database check: `select 1` and the migration version, on PGlite and PostgreSQL.
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createPgExecutor, createPgliteExecutor, loadMigrations, migrate } from "../../src/adapters/postgres/index.js";
import { checkDatabase } from "../../src/doctor/database-check.js";
import { createTestDatabase, describeWithPostgres, probePostgres } from "../support/databases.js";
import { closedPort, tempDirPerTest } from "./support.js";

const tempDir = tempDirPerTest("oig-doctor-db-");

const known = (await loadMigrations()).length;
const byId = (checks: Awaited<ReturnType<typeof checkDatabase>>) => Object.fromEntries(checks.map((c) => [c.id, c]));

async function pgliteAt(dataDir: string, setUp: (db: Awaited<ReturnType<typeof createPgliteExecutor>>) => Promise<unknown>) {
  const db = await createPgliteExecutor({ dataDir });
  try {
    await setUp(db);
  } finally {
    await db.close();
  }
}

describe("doctor: embedded PGlite", () => {
  it("accepts a data directory the bot has yet to create, and does not create it", async () => {
    const dataDir = join(tempDir(), "data", "pglite");
    const checks = await checkDatabase({ kind: "pglite", dataDir });
    expect(checks).toEqual([expect.objectContaining({ id: "database.connect", status: "ok", detail: expect.stringContaining("does not exist yet") })]);
    await expect(stat(dataDir)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("reports the migration version of a migrated database as the latest", async () => {
    const dataDir = join(tempDir(), "data");
    await pgliteAt(dataDir, (db) => migrate(db));
    const checks = byId(await checkDatabase({ kind: "pglite", dataDir }));
    expect(checks["database.connect"]).toMatchObject({ status: "ok", detail: `embedded PGlite in ${dataDir} answers select 1` });
    expect(checks["database.migrations"]).toMatchObject({ status: "ok", detail: `at migration ${known} (the latest)` });
  });

  it("reports a database with no migration yet as ok: the bot applies them at start", async () => {
    const dataDir = join(tempDir(), "data");
    await pgliteAt(dataDir, (db) => db.query("select 1"));
    const checks = byId(await checkDatabase({ kind: "pglite", dataDir }));
    expect(checks["database.migrations"]).toMatchObject({ status: "ok", detail: `no migration applied yet; the bot applies migrations 1 to ${known} when it starts` });
  });

  it("fails a database at a migration newer than this build", async () => {
    const dataDir = join(tempDir(), "data");
    await pgliteAt(dataDir, async (db) => {
      await migrate(db);
      await db.query("insert into schema_migrations (version, name, checksum) values ($1, 'from_the_future', 'x')", [known + 1]);
    });
    const checks = byId(await checkDatabase({ kind: "pglite", dataDir }));
    expect(checks["database.migrations"]).toMatchObject({ status: "failing", detail: expect.stringContaining(`at migration ${known + 1}, newer than this build knows (${known})`) });
  });
});

describe("doctor: a database the caller already holds open", () => {
  it("checks the given executor and leaves it open for its owner", async () => {
    const db = await createPgliteExecutor({ memory: true });
    try {
      await migrate(db);
      const checks = byId(await checkDatabase({ kind: "pglite", dataDir: join(tempDir(), "unused") }, { executor: db }));
      expect(checks["database.migrations"]).toMatchObject({ status: "ok", detail: `at migration ${known} (the latest)` });
      await expect(db.query("select 1")).resolves.toMatchObject({ rowCount: 1 });
    } finally {
      await db.close();
    }
  });
});

describe("doctor: PostgreSQL that does not answer", () => {
  it("fails the connection without repeating the password, and skips the migrations", async () => {
    const port = await closedPort();

    const checks = await checkDatabase({ kind: "postgres", url: `postgres://bot:s3cret-pw@127.0.0.1:${port}/oig` });
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ["database.connect", "failing"],
      ["database.migrations", "skipped"],
    ]);
    expect(checks[0]?.detail).toContain(`PostgreSQL at 127.0.0.1:${port}/oig did not answer select 1`);
    expect(checks[0]?.fix?.join("\n")).toContain("Check DATABASE_URL");
    expect(JSON.stringify(checks)).not.toContain("s3cret-pw");
  });
});

describeWithPostgres(await probePostgres(), "doctor: PostgreSQL", () => {
  it("reports a reachable database and its migration version before and after migrating", async () => {
    const database = await createTestDatabase();
    try {
      const before = byId(await checkDatabase({ kind: "postgres", url: database.url }));
      expect(before["database.connect"]?.status).toBe("ok");
      expect(before["database.migrations"]?.detail).toMatch(/^no migration applied yet/);

      const db = createPgExecutor(database.url);
      await migrate(db).finally(() => db.close());
      const after = byId(await checkDatabase({ kind: "postgres", url: database.url }));
      expect(after["database.migrations"]).toMatchObject({ status: "ok", detail: `at migration ${known} (the latest)` });
    } finally {
      await database.drop();
    }
  });
});
