/**
 * Figure 6: start-up of the bot as a child process until `/readyz` answers
 * 200: PGlite on a fresh data dir (migrations), again on the same dir, and
 * on PostgreSQL (a throwaway database; skipped when unreachable). A bare
 * Bolt child's start is the baseline (Node + tsx + loading Bolt).
 */
import { startChild } from "./lib/child.js";
import { withThrowawayDatabase } from "./lib/postgres.js";
import { startPeers } from "./lib/peers.js";
import { round, spread } from "./lib/stats.js";
import type { BenchContext, FigureResult } from "./lib/report.js";

async function readyMs(env: Record<string, string>, kind: "bot" | "bolt" = "bot"): Promise<number> {
  const started = performance.now();
  const child = await startChild(kind, env);
  try {
    if (kind === "bolt") return performance.now() - started;
    for (;;) {
      const res = await fetch(`${child.url}/readyz`).catch(() => undefined);
      if (res?.status === 200) return performance.now() - started;
      if (performance.now() - started > 120_000) throw new Error(`/readyz not green after 120 s (last ${res?.status ?? "no answer"})`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await child.close();
  }
}

export async function startup(ctx: BenchContext): Promise<FigureResult[]> {
  const peers = await startPeers();
  try {
    const rounds = ctx.quick ? 1 : 2;
    const fresh: number[] = [];
    const again: number[] = [];
    const bolt: number[] = [];
    const postgresFresh: number[] = [];
    const postgresAgain: number[] = [];
    let postgresNote: string | undefined;
    for (let i = 0; i < rounds; i++) {
      const env = peers.env();
      fresh.push(await readyMs(env));
      again.push(await readyMs(env));
      bolt.push(await readyMs(peers.env(), "bolt"));
      const pgResult = await withThrowawayDatabase(async (url) => {
        const pgEnv = peers.env({ DATABASE_URL: url });
        postgresFresh.push(await readyMs(pgEnv));
        postgresAgain.push(await readyMs(pgEnv));
      });
      if (!pgResult.ran) postgresNote = pgResult.skipped;
      ctx.log(`  round ${i + 1}: PGlite fresh ${round(fresh[i]!, 0)} ms, again ${round(again[i]!, 0)} ms; bare Bolt ${round(bolt[i]!, 0)} ms; PostgreSQL ${postgresFresh[i] !== undefined ? `${round(postgresFresh[i] ?? 0, 0)} / ${round(postgresAgain[i]!, 0)} ms` : "skipped"}`);
    }
    const median = (runs: number[]) => (runs.length > 0 ? spread(runs).median : "skipped");
    return [
      {
        name: "startup",
        unit: "ms",
        rows: [
          { label: "PGlite first run (migrations)", readyMs: round(Number(median(fresh)), 0), spread: spread(fresh) },
          { label: "PGlite same data dir", readyMs: round(Number(median(again)), 0), spread: spread(again) },
          ...(postgresFresh.length > 0
            ? [
                { label: "PostgreSQL first run", readyMs: round(Number(median(postgresFresh)), 0), spread: spread(postgresFresh) },
                { label: "PostgreSQL again", readyMs: round(Number(median(postgresAgain)), 0), spread: spread(postgresAgain) },
              ]
            : [{ label: "PostgreSQL", readyMs: "skipped" }]),
          { label: "bare Bolt (baseline)", readyMs: round(Number(median(bolt)), 0), spread: spread(bolt) },
        ],
        target: { note: "report only" },
        met: null,
        notes: ["fork of a child (node --import tsx, TypeScript compiled on the fly) until GET /readyz answers 200", ...(postgresNote ? [postgresNote] : [])],
      },
    ];
  } finally {
    await peers.close();
  }
}
