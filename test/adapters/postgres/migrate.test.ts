import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { loadMigrations } from "../../../src/adapters/postgres/migrate.js";
import { createPgExecutor } from "../../../src/adapters/postgres/pg-executor.js";
import {
  createPostgresSchema,
  describeWithPostgres,
  pgliteForFile,
  postgresDatabaseForFile,
  probePostgres,
  useFreshSchema,
} from "../../support/databases.js";
import { migrateContract } from "./migrate-contract.js";

const postgres = await probePostgres();

describe("loading migration files", () => {
  it("the shipped migrations are numbered from 001 without gaps", async () => {
    const migrations = await loadMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it("a folder with a gap in its numbering or a badly named file is refused", async () => {
    const dir = await mkdtemp(join(tmpdir(), "oig-migrations-"));
    try {
      const url = pathToFileURL(`${dir}/`);
      await writeFile(join(dir, "001_first.sql"), "SELECT 1");
      await writeFile(join(dir, "003_third.sql"), "SELECT 1");
      await expect(loadMigrations(url)).rejects.toThrow(/without gaps/);
      await writeFile(join(dir, "2-second.sql"), "SELECT 1");
      await expect(loadMigrations(url)).rejects.toThrow(/2-second.sql is not named NNN_lower_snake.sql/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("migrations over PGlite", () => {
  const getExecutor = pgliteForFile();
  migrateContract(async () => {
    const shared = getExecutor();
    const schema = await useFreshSchema(shared);
    return { executor: shared, openExecutor: async () => shared, dispose: schema.drop };
  });
});

describeWithPostgres(postgres, "migrations over PostgreSQL", () => {
  const database = postgresDatabaseForFile();
  migrateContract(async () => {
    const schema = await createPostgresSchema(database().url);
    return {
      executor: createPgExecutor(schema.openPool(2)),
      openExecutor: async () => createPgExecutor(schema.openPool(2)),
      dispose: schema.drop,
    };
  });
});
