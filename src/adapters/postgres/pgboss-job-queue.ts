/**
 * The core's job-queue port over pg-boss 10, on PostgreSQL (pg-boss's own
 * pool and schema) or on any SQL executor, PGlite included.
 *
 * A job sent here wakes this process's workers of its queue at once (or, when
 * delayed, by a timer at its `startAfter`) through pg-boss's `notifyWorker`,
 * instead of waiting up to a polling interval; a worker whose batch came back
 * full fetches again as soon as it is done. Polling stays the fallback: it
 * picks up jobs other replicas sent, retries pg-boss schedules itself, and
 * anything a wake missed.
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

/** Longest delay a wake timer is set for; later jobs are left to polling (and to setTimeout's 24.8-day limit). */
const MAX_WAKE_DELAY_MS = 6 * 3_600_000;
/** A wake timer fires this long after `startAfter`, so the database's clock has passed it too. */
const WAKE_MARGIN_MS = 20;

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
  /** This process's pg-boss worker ids, by queue. */
  const workers = new Map<string, string[]>();
  const wakeTimers = new Set<NodeJS.Timeout>();
  let stopped = false;

  const wake = (queue: string): void => {
    if (stopped) return;
    for (const id of workers.get(queue) ?? []) boss.notifyWorker(id);
  };
  /** Wakes the queue's local workers now, or when a delayed job comes due. */
  const wakeFor = (queue: string, startAfter: Date | undefined): void => {
    const delayMs = startAfter === undefined ? 0 : startAfter.getTime() - Date.now();
    if (delayMs <= 0) {
      wake(queue);
      return;
    }
    if (delayMs > MAX_WAKE_DELAY_MS || stopped) return;
    const timer = setTimeout(() => {
      wakeTimers.delete(timer);
      wake(queue);
    }, delayMs + WAKE_MARGIN_MS);
    // A pending wake never keeps the process alive; polling covers a job it would have woken.
    timer.unref();
    wakeTimers.add(timer);
  };

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
      const id = await boss.send(
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
      if (id !== null) wakeFor(queue, sendOptions.startAfter);
      return id;
    },

    work: async <T extends object>(
      queue: string,
      workOptions: { batchSize?: number; pollingIntervalSeconds?: number },
      handler: (job: Job<T>) => Promise<void>,
    ) => {
      assertCreated(queue);
      const batchSize = workOptions.batchSize ?? 1;
      // Set once boss.work() answers, which is before its first fetch comes back.
      const worker: { id?: string } = {};
      const id = await boss.work<T>(
        queue,
        { ...defined(workOptions), includeMetadata: true as const },
        async (jobs) => {
          // A full batch may have left more waiting: fetch again at once instead of after a polling interval.
          if (jobs.length >= batchSize && worker.id !== undefined && !stopped) boss.notifyWorker(worker.id);
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
      worker.id = id;
      workers.set(queue, [...(workers.get(queue) ?? []), id]);
      return id;
    },

    schedule: async (queue, cron, data) => {
      assertCreated(queue);
      await boss.schedule(queue, cron, data ?? {});
    },

    stop: async ({ graceful = true, timeoutMs = 30_000 } = {}) => {
      stopped = true;
      for (const timer of wakeTimers) clearTimeout(timer);
      wakeTimers.clear();
      await boss.stop({ graceful, timeout: timeoutMs, wait: true });
      await Promise.allSettled([...pending]);
    },
  };
}
