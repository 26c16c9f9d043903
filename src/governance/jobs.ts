/**
 * The job-queue port: durable background work (launch after approval,
 * status polling, approval expiry) that survives restarts and is shared by
 * replicas. `src/adapters/postgres/` implements it with pg-boss.
 */

/**
 * How a queue treats jobs with the same `singletonKey`:
 * - `standard`: no de-duplication by key;
 * - `short`: at most one job per key waiting to run (a second send returns null);
 * - `singleton`: at most one job per key running at a time;
 * - `stately`: at most one per key waiting and one per key running.
 */
export type QueuePolicy = "standard" | "short" | "singleton" | "stately";

export interface RetryOptions {
  /** Retries after the first attempt fails (0: never retry). */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** Doubles the delay on every retry (with jitter). */
  retryBackoff?: boolean;
}

export interface QueueOptions extends RetryOptions {
  policy?: QueuePolicy;
  /** A running job not finished by then is failed (and retried if it may). */
  expireInSeconds?: number;
}

export interface SendOptions extends RetryOptions {
  singletonKey?: string;
  startAfter?: Date;
  expireInSeconds?: number;
  /** Higher runs first. */
  priority?: number;
}

export interface WorkOptions {
  /** Jobs fetched per poll; their handlers run concurrently. Default 1. */
  batchSize?: number;
  /**
   * Default 2; at least 0.5. The fallback for jobs this process did not
   * send (other replicas, retries of failed jobs): jobs sent here wake the worker.
   */
  pollingIntervalSeconds?: number;
}

export interface Job<T> {
  id: string;
  queue: string;
  data: T;
  /** 0 on the first attempt. */
  retryCount: number;
  retryLimit: number;
}

/** Resolves to complete the job; a rejection fails it (retried while retries remain). */
export type JobHandler<T> = (job: Job<T>) => Promise<void>;

export interface StopOptions {
  /** Let running handlers finish (up to `timeoutMs`) before stopping. Default true. */
  graceful?: boolean;
  /** Default 30000. Handlers still running then are failed and retried later. */
  timeoutMs?: number;
}

export interface JobQueue {
  /** Connects and installs or upgrades the queue's own schema. */
  start(): Promise<void>;
  /** Creates the queue if it does not exist (idempotent, safe across replicas). */
  createQueue(name: string, options?: QueueOptions): Promise<void>;
  /**
   * Queues a job; null when the queue's policy refused it as a duplicate
   * `singletonKey`. This process's workers of the queue are woken for it at
   * once (a delayed job: at its `startAfter`), so it need not wait for their
   * next poll; other replicas' workers find it by polling.
   */
  send<T extends object>(queue: string, data: T, options?: SendOptions): Promise<string | null>;
  /** Starts polling `queue`; returns a worker id. */
  work<T extends object>(queue: string, options: WorkOptions, handler: JobHandler<T>): Promise<string>;
  /** Sends `data` to `queue` on a cron schedule (once per tick across replicas). */
  schedule(queue: string, cron: string, data?: object): Promise<void>;
  /** Stops fetching, then finishes or hands back running jobs. */
  stop(options?: StopOptions): Promise<void>;
}
