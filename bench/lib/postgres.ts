/**
 * A throwaway PostgreSQL database for a benchmark (the "as deployed"
 * configuration): created on the local server, dropped afterwards. When
 * the server is unreachable the caller gets the reason instead.
 */
import pg from "pg";

export const ADMIN_URL = process.env.BENCH_POSTGRES_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** Runs `run` with the URL of a fresh database; a string (why it was skipped) when PostgreSQL cannot be reached. */
export async function withThrowawayDatabase<T>(run: (url: string) => Promise<T>): Promise<{ ran: true; value: T } | { ran: false; skipped: string }> {
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2_000 });
  try {
    await admin.connect();
  } catch (error) {
    return { ran: false, skipped: `skipped: PostgreSQL unreachable at ${ADMIN_URL} (${error instanceof Error ? error.message : String(error)})` };
  }
  const name = `oig_bench_${process.pid}_${Date.now()}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    return { ran: true, value: await run(url.toString()) };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}
