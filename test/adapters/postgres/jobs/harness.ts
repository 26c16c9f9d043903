/**
 * Backends for the job-queue contract: pg-boss through the PGlite executor,
 * and pg-boss with its own pools on PostgreSQL. Each harness gets a fresh
 * pg-boss schema; every queue it opens is stopped on dispose.
 */
import { randomBytes } from "node:crypto";
import { createPgExecutor } from "../../../../src/adapters/postgres/pg-executor.js";
import { createPgBossJobQueue, type PgBossConnection } from "../../../../src/adapters/postgres/pgboss-job-queue.js";
import type { SqlExecutor } from "../../../../src/adapters/postgres/sql.js";
import type { JobQueue } from "../../../../src/governance/jobs.js";

export interface JobsHarness {
  /** A started queue; each call is another "replica" (its own pool on PostgreSQL). */
  openQueue: () => Promise<JobQueue>;
  /** The job's pg-boss state (`created`, `active`, `completed`, `retry`, `failed`, ...), null if unknown. */
  jobState: (id: string) => Promise<string | null>;
  /** The cron schedule pg-boss keeps for a queue, null if none. */
  scheduleOf: (queue: string) => Promise<{ cron: string; data: unknown } | null>;
  /** Errors pg-boss reported in the background. */
  errors: unknown[];
  dispose: () => Promise<void>;
}

export type JobsHarnessFactory = () => Promise<JobsHarness>;

/** `closeAfter` are executors the harness opened and closes once the queues stopped. */
function harness(connection: () => PgBossConnection, sql: SqlExecutor, closeAfter: SqlExecutor[]): JobsHarness {
  const schema = `boss_${randomBytes(5).toString("hex")}`;
  const queues: JobQueue[] = [];
  const errors: unknown[] = [];
  return {
    errors,
    openQueue: async () => {
      const queue = createPgBossJobQueue({ connection: connection(), schema, onError: (error) => errors.push(error) });
      queues.push(queue);
      await queue.start();
      return queue;
    },
    jobState: async (id) => {
      const { rows } = await sql.query<{ state: string }>(
        `SELECT state::text AS state FROM ${schema}.job WHERE id = $1
         UNION ALL SELECT state::text FROM ${schema}.archive WHERE id = $1`,
        [id],
      );
      return rows[0]?.state ?? null;
    },
    scheduleOf: async (queue) => {
      const { rows } = await sql.query<{ cron: string; data: unknown }>(`SELECT cron, data FROM ${schema}.schedule WHERE name = $1`, [queue]);
      return rows[0] ?? null;
    },
    dispose: async () => {
      await Promise.all(queues.map((queue) => queue.stop({ graceful: false })));
      await sql.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await Promise.all(closeAfter.map((executor) => executor.close()));
    },
  };
}

/** pg-boss over the shared PGlite executor. */
export function pgliteJobsHarness(getExecutor: () => SqlExecutor): JobsHarnessFactory {
  return async () => {
    const executor = getExecutor();
    return harness(() => ({ kind: "executor", executor }), executor, []);
  };
}

/**
 * pg-boss on the PostgreSQL database at `getUrl()`, each queue with its own
 * pool: pg-boss's own (`connectionString`) or a pg executor (`executor`).
 */
export function postgresJobsHarness(getUrl: () => string, via: "connectionString" | "executor"): JobsHarnessFactory {
  return async () => {
    const url = getUrl();
    const sql = createPgExecutor(url, { max: 2 });
    const opened: SqlExecutor[] = [sql];
    const connection = (): PgBossConnection => {
      if (via === "connectionString") return { kind: "connectionString", connectionString: url, max: 3 };
      const executor = createPgExecutor(url, { max: 3 });
      opened.push(executor);
      return { kind: "executor", executor };
    };
    return harness(connection, sql, opened);
  };
}
