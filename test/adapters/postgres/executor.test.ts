import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPgExecutor } from "../../../src/adapters/postgres/pg-executor.js";
import type { SqlExecutor } from "../../../src/adapters/postgres/sql.js";
import { describeWithPostgres, pgliteForFile, postgresDatabaseForFile, probePostgres } from "../../support/databases.js";

const postgres = await probePostgres();

function executorContract(getExecutor: () => SqlExecutor): void {
  const table = "executor_probe";
  beforeEach(async () => {
    await getExecutor().exec(`DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (id int PRIMARY KEY, label text)`);
  });
  afterEach(async () => {
    await getExecutor().exec(`DROP TABLE IF EXISTS ${table}`);
  });

  it("a query binds its parameters and reports the rows it touched", async () => {
    const db = getExecutor();
    const inserted = await db.query(`INSERT INTO ${table} (id, label) VALUES ($1, $2), ($3, $4)`, [1, "it's \"quoted\"", 2, null]);
    expect(inserted.rowCount).toBe(2);
    const { rows } = await db.query<{ id: number; label: string | null }>(`SELECT id, label FROM ${table} WHERE id = ANY($1::int[]) ORDER BY id`, [[1, 2]]);
    expect(rows).toEqual([
      { id: 1, label: 'it\'s "quoted"' },
      { id: 2, label: null },
    ]);
  });

  it("a script runs every statement and answers with the last one's rows", async () => {
    const result = await getExecutor().exec(`INSERT INTO ${table} VALUES (1, 'a'); INSERT INTO ${table} VALUES (2, 'b'); SELECT count(*)::int AS n FROM ${table}`);
    expect(result.rows).toEqual([{ n: 2 }]);
  });

  it("a transaction commits when its function resolves and rolls back when it throws", async () => {
    const db = getExecutor();
    const value = await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${table} VALUES (1, 'kept')`);
      return "done";
    });
    expect(value).toBe("done");
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} VALUES (2, 'dropped')`);
        await tx.transaction(async (inner) => inner.query(`INSERT INTO ${table} VALUES (3, 'dropped too')`));
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect((await db.query(`SELECT id FROM ${table} ORDER BY id`)).rows).toEqual([{ id: 1 }]);
  });

  it("after a failed statement rolled back a transaction, the executor keeps working", async () => {
    const db = getExecutor();
    await expect(db.transaction((tx) => tx.query("SELECT * FROM no_such_table"))).rejects.toThrow(/no_such_table/);
    expect((await db.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });
}

describe("SQL executor over PGlite", () => {
  const get = pgliteForFile();

  executorContract(get);

  it("a statement on the executor inside one of its transactions fails instead of waiting forever", async () => {
    const db = get();
    await expect(db.transaction(async () => db.query("SELECT 1"))).rejects.toThrow(/would deadlock; use the transaction handle/);
    expect((await db.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });
});

describeWithPostgres(postgres, "SQL executor over PostgreSQL", () => {
  const database = postgresDatabaseForFile();
  let executor: SqlExecutor | undefined;
  beforeAll(() => {
    executor = createPgExecutor(database().url, { max: 2 });
  });
  afterAll(async () => {
    await executor?.close();
  });

  executorContract(() => {
    if (executor === undefined) throw new Error("the test database was not created");
    return executor;
  });
});
