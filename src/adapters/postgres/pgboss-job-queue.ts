/**
 * The core's job-queue port over pg-boss 10, on PostgreSQL (pg-boss's own
 * pool and schema) or on any SQL executor, PGlite included.
 */
import PgBoss from "pg-boss";
import type { Job, JobQueue, QueueOptions, SendOptions } from "../../governance/jobs.js";
import type { SqlExecutor } from "./sql.js";

export type PgBossConnection =
  /** pg-boss opens its own pool (`max` connections) to this database. */
  | { kind: "connectionString"; connectionString: string; max?: number }
  /** pg-boss sends its SQL through the executor (the way to run it on PGlite). */
  | { kind: "executor"; executor: SqlExecutor };

export interface PgBossJobQueueOptions {
  connection: PgBossConnection;
  /** pg-boss's schema (default `pgboss`). */
  schema?: string;
  /** Errors pg-boss reports from its background loops (default: console.error). */
  onError?: (error: unknown) => void;
  /** Cron schedules (`schedule()`); default true. */
  schedule?: boolean;
  /** Maintenance (expiry, archiving) loop; default true. */
  supervise?: boolean;
}

/** Drops undefined values: pg-boss validates options by key presence. */
function defined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/**
 * pg-boss's `db` option over an executor. Parameterless SQL may be a script
 * with its own BEGIN/COMMIT; running it inside an executor transaction means
 * a failure is rolled back on that same connection instead of leaving it
 * in an aborted transaction. `pending` lets stop() wait for the last writes.
 */
function executorDb(executor: SqlExecutor, pending: Set<Promise<unknown>>): PgBoss.Db {
  return {
    executeSql: (text, values) => {
      const run =
        values === undefined || values.length === 0
          ? executor.transaction((tx) => tx.exec(text))
          : executor.query(text, values);
      pending.add(run);
      const forget = (): void => {
        pending.delete(run);
      };
      run.then(forget, forget);
      return run;
    },
  };
}

function toJob<T>(job: PgBoss.JobWithMetadata<T>): Job<T> {
  return { id: job.id, queue: job.name, data: job.data, retryCount: job.retryCount, retryLimit: job.retryLimit };
}

/** A JobQueue backed by pg-boss; call start() before anything else. */
export function createPgBossJobQueue(options: PgBossJobQueueOptions): JobQueue {
  const pending = new Set<Promise<unknown>>();
  const { connection } = options;
  const boss = new PgBoss({
    ...(connection.kind === "connectionString"
      ? { connectionString: connection.connectionString, max: connection.max ?? 4 }
      : { db: executorDb(connection.executor, pending) }),
    schema: options.schema ?? "pgboss",
    schedule: options.schedule ?? true,
    supervise: options.supervise ?? true,
  });
  // Without a listener an 'error' event would throw and take the process down.
  boss.on("error", options.onError ?? ((error) => console.error("pg-boss error", error)));

  const queues = new Set<string>();
  const assertCreated = (queue: string): void => {
    // pg-boss 10 fails on a missing queue's partition with an obscure message; name the fix instead.
    if (!queues.has(queue)) throw new Error(`job queue "${queue}" was not created; call createQueue("${queue}") first`);
  };

  return {
    start: async () => {
      await boss.start();
    },

    createQueue: async (name, queueOptions: QueueOptions = {}) => {
      await boss.createQueue(
        name,
        defined({
          name,
          policy: queueOptions.policy,
          retryLimit: queueOptions.retryLimit,
          retryDelay: queueOptions.retryDelaySeconds,
          retryBackoff: queueOptions.retryBackoff,
          expireInSeconds: queueOptions.expireInSeconds,
        }) as PgBoss.Queue,
      );
      queues.add(name);
    },

    send: async (queue, data, sendOptions: SendOptions = {}) => {
      assertCreated(queue);
      return boss.send(
        queue,
        data,
        defined({
          singletonKey: sendOptions.singletonKey,
          startAfter: sendOptions.startAfter,
          retryLimit: sendOptions.retryLimit,
          retryDelay: sendOptions.retryDelaySeconds,
          retryBackoff: sendOptions.retryBackoff,
          expireInSeconds: sendOptions.expireInSeconds,
          priority: sendOptions.priority,
        }),
      );
    },

    work: async <T extends object>(
      queue: string,
      workOptions: { batchSize?: number; pollingIntervalSeconds?: number },
      handler: (job: Job<T>) => Promise<void>,
    ) => {
      assertCreated(queue);
      return boss.work<T>(
        queue,
        { ...defined(workOptions), includeMetadata: true as const },
        async (jobs) => {
          // Each job is settled on its own: successes are completed here (awaited,
          // so a graceful stop also waits for the write); if any failed, throwing
          // lets pg-boss fail exactly those still active, which schedules their retries.
          const outcomes = await Promise.allSettled(jobs.map((job) => handler(toJob(job))));
          const done = jobs.filter((_, i) => outcomes[i]?.status === "fulfilled").map((job) => job.id);
          if (done.length > 0) await boss.complete(queue, done);
          const failures = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason as unknown] : []));
          if (failures.length === 1) throw failures[0] instanceof Error ? failures[0] : new Error(String(failures[0]));
          if (failures.length > 1) throw new AggregateError(failures, `${failures.length} jobs of a batch failed`);
        },
      );
    },

    schedule: async (queue, cron, data) => {
      assertCreated(queue);
      await boss.schedule(queue, cron, data ?? {});
    },

    stop: async ({ graceful = true, timeoutMs = 30_000 } = {}) => {
      await boss.stop({ graceful, timeout: timeoutMs, wait: true });
      await Promise.allSettled([...pending]);
    },
  };
}
