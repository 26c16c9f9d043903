/**
 * Group commit for the audit trail. Every flow waits for its audit entry to
 * be committed before the person hears the answer (a refusal or a launch is
 * never unaudited), so under load each answer used to wait for its own
 * INSERT and commit. Here, entries that arrive while a write is under way
 * are written together by the next one, as one multi-row INSERT in one
 * commit. Nothing is acknowledged earlier than before: each caller's
 * promise resolves only once the statement holding its row has committed,
 * and a crash loses only entries whose callers were still waiting. With no
 * write under way an entry is written at once, so a quiet bot adds no
 * delay.
 *
 * A batch that fails is retried one entry at a time, so one entry the
 * database refuses does not take the others with it.
 */
import type { SqlSession } from "../sql.js";

/** Rows per INSERT: 14 parameters a row stays far below PostgreSQL's 65 535. */
export const MAX_AUDIT_BATCH = 200;

export interface GroupCommit<Params extends readonly unknown[], Row> {
  /** Resolves to the entry's stored row once it is committed. */
  write(params: Params): Promise<Row>;
}

interface Waiting<Params, Row> {
  params: Params;
  resolve(row: Row): void;
  reject(error: unknown): void;
}

export interface GroupCommitOptions<Row> {
  db: SqlSession;
  /** `INSERT INTO t (cols) VALUES` (the rows' placeholders are appended) ... */
  insertInto: string;
  /** ... and what follows them, e.g. `RETURNING *`. */
  returning: string;
  /** The order rows were inserted in, from a returned row (a serial id): rows come back sorted by it. */
  orderOf(row: Row): bigint;
  /** A cast after a column's placeholder (`::text::jsonb`), by column index; none by default. */
  casts?: readonly string[];
  /** Called with the size of each batch written (metrics, tests). */
  onBatch?: (size: number) => void;
  maxBatch?: number;
}

export function groupCommit<Params extends readonly unknown[], Row extends object>(options: GroupCommitOptions<Row>): GroupCommit<Params, Row> {
  const maxBatch = options.maxBatch ?? MAX_AUDIT_BATCH;
  const queue: Waiting<Params, Row>[] = [];
  let writing = false;

  const insert = async (batch: Waiting<Params, Row>[]): Promise<Row[]> => {
    const params: unknown[] = [];
    const tuples = batch.map(({ params: row }) => `(${row.map((value, column) => `$${params.push(value)}${options.casts?.[column] ?? ""}`).join(", ")})`);
    const { rows } = await options.db.query<Row>(`${options.insertInto} ${tuples.join(", ")} ${options.returning}`, params);
    if (rows.length !== batch.length) throw new Error(`audit group commit: ${batch.length} rows written, ${rows.length} returned`);
    // Serial ids are drawn row by row in VALUES order, so sorted by id the rows line up with the batch.
    return [...rows].sort((a, b) => (options.orderOf(a) < options.orderOf(b) ? -1 : options.orderOf(a) > options.orderOf(b) ? 1 : 0));
  };

  const writeBatch = async (batch: Waiting<Params, Row>[]): Promise<void> => {
    options.onBatch?.(batch.length);
    try {
      const rows = await insert(batch);
      batch.forEach((waiting, i) => waiting.resolve(rows[i]!));
      return;
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
    }
    // One at a time: each entry gets its own outcome.
    for (const waiting of batch) {
      options.onBatch?.(1);
      await insert([waiting]).then(
        ([row]) => waiting.resolve(row!),
        (error: unknown) => waiting.reject(error),
      );
    }
  };

  const drain = async (): Promise<void> => {
    writing = true;
    try {
      while (queue.length > 0) await writeBatch(queue.splice(0, maxBatch));
    } finally {
      writing = false;
    }
  };

  return {
    write(params) {
      return new Promise<Row>((resolve, reject) => {
        queue.push({ params, resolve, reject });
        if (!writing) void drain();
      });
    },
  };
}
