/**
 * What the store contract needs from a backend, and the two backends that
 * provide it: a fresh schema per test, on one shared PGlite instance or in
 * one throwaway PostgreSQL database per test file.
 */
import { createPgExecutor } from "../../../../src/adapters/postgres/pg-executor.js";
import { migrate } from "../../../../src/adapters/postgres/migrate.js";
import { createPostgresStore, type PostgresStore, type StoreIds } from "../../../../src/adapters/postgres/postgres-store.js";
import type { SqlExecutor } from "../../../../src/adapters/postgres/sql.js";
import { randomLaunchReference } from "../../../../src/adapters/postgres/store/ids.js";
import { createPostgresSchema, useFreshSchema } from "../../../support/databases.js";
import { manualClock, type ManualClock } from "../manual-clock.js";

export interface StoreHarness {
  store: PostgresStore;
  clock: ManualClock;
  /** References the store hands out next, before random ones. */
  references: string[];
  /** For raw SQL the store would never send. */
  executor: SqlExecutor;
  /**
   * More stores on the same database: each over its own pool on PostgreSQL
   * (so they really race), over the shared session on PGlite.
   */
  openStores: (count: number) => Promise<PostgresStore[]>;
  dispose: () => Promise<void>;
}

export type HarnessFactory = () => Promise<StoreHarness>;

/** Launch references come from `references` first (a test can force a collision), then at random. */
function referenceIds(references: string[]): Partial<StoreIds> {
  return { launchReference: () => references.shift() ?? randomLaunchReference() };
}

async function harness(
  executor: SqlExecutor,
  openExecutor: () => SqlExecutor,
  dispose: () => Promise<void>,
): Promise<StoreHarness> {
  try {
    await migrate(executor);
  } catch (error) {
    await dispose();
    throw error;
  }
  const clock = manualClock();
  const references: string[] = [];
  return {
    store: createPostgresStore(executor, { clock, ids: referenceIds(references) }),
    clock,
    references,
    executor,
    openStores: async (count) => Array.from({ length: count }, () => createPostgresStore(openExecutor(), { clock })),
    dispose,
  };
}

/** Fresh schema per harness on one PGlite instance (`getExecutor` supplies it). */
export function pgliteHarness(getExecutor: () => SqlExecutor): HarnessFactory {
  return async () => {
    const executor = getExecutor();
    const schema = await useFreshSchema(executor);
    return harness(executor, () => executor, schema.drop);
  };
}

/** Fresh schema per harness in one PostgreSQL database (`getDatabaseUrl` supplies it). */
export function postgresHarness(getDatabaseUrl: () => string): HarnessFactory {
  return async () => {
    const schema = await createPostgresSchema(getDatabaseUrl());
    return harness(createPgExecutor(schema.openPool(4)), () => createPgExecutor(schema.openPool(1)), schema.drop);
  };
}
