/** pg-boss queue depth from one grouped count, read at scrape time. */
import type { SqlSession } from "../adapters/postgres/index.js";
import type { QueueDepthReader } from "./prometheus.js";

const COUNT = `select name, state::text as state, count(*)::int as count
  from pgboss.job where state in ('created', 'retry', 'active') group by name, state`;

/** Counts waiting and running jobs per queue over the app's SQL executor. */
export function pgBossQueueDepth(sql: SqlSession): QueueDepthReader {
  return async () => {
    const { rows } = await sql.query<{ name: string; state: string; count: number | string }>(COUNT);
    return rows.map((r) => ({ queue: r.name, state: r.state, count: Number(r.count) }));
  };
}
