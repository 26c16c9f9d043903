/**
 * The PostgreSQL/PGlite adapter: what the composition root wires.
 * Order at start: executor -> migrate -> store and job queue.
 */
export { createPgExecutor, createPgliteExecutor } from "./sql.js";
export type { PgExecutorOptions, PgliteExecutorOptions, SqlExecutor, SqlSession, SqlResult } from "./sql.js";
export { loadMigrations, migrate } from "./migrate.js";
export type { Migration, MigrationReport } from "./migrate.js";
export { createPostgresStore } from "./postgres-store.js";
export type { PostgresStoreOptions, StoreIds } from "./postgres-store.js";
export { createPgBossJobQueue } from "./pgboss-job-queue.js";
export type { PgBossConnection, PgBossJobQueueOptions } from "./pgboss-job-queue.js";
