/**
 * Figure 6: start-up of the compiled bot as `npm start` runs it (`node <the
 * start script's options> dist/bin/start.js`) until `/readyz` answers 200:
 * PGlite on a fresh data folder (migrations), again on the same (warm)
 * folder, and on PostgreSQL (a throwaway database; skipped when
 * unreachable); bare Bolt run the same way (compiled, plain node) is the
 * baseline. Then a start on a port already taken: how soon it is refused,
 * and that it did no database work first (the data folder is not created).
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startChild } from "./lib/child.js";
import { START_EXEC_ARGV, startBotProcess, startOnTakenPort } from "./lib/bot-process.js";
import { withThrowawayDatabase } from "./lib/postgres.js";
import { startPeers } from "./lib/peers.js";
import { round, spread } from "./lib/stats.js";
import type { BenchContext, FigureResult } from "./lib/report.js";

/** Targets of the start-up figures, ms. */
export const STARTUP_TARGETS = { warmPgliteReadyMs: 3_000, takenPortRefusedMs: 1_000 } as const;

async function botReadyMs(env: Record<string, string>, cwd: string): Promise<number> {
  const bot = await startBotProcess({ env, cwd });
  try {
    return bot.readyMs;
  } finally {
    await bot.close();
  }
}

async function boltReadyMs(env: Record<string, string>): Promise<number> {
  const child = await startChild("bolt", env);
  try {
    return child.readyMs;
  } finally {
    await child.close();
  }
}

function listenOn(host: string): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ port: 0, host }, () => {
      const address = server.address();
      resolve({ server, port: typeof address === "object" && address !== null ? address.port : 0 });
    });
  });
}

export async function startup(ctx: BenchContext): Promise<FigureResult[]> {
  const peers = await startPeers();
  const cwd = await mkdtemp(join(tmpdir(), "oig-bench-cwd-"));
  try {
    const rounds = ctx.quick ? 1 : 3;
    const fresh: number[] = [];
    const warm: number[] = [];
    const bolt: number[] = [];
    const postgresFresh: number[] = [];
    const postgresAgain: number[] = [];
    let postgresNote: string | undefined;
    for (let i = 0; i < rounds; i++) {
      const env = peers.env();
      fresh.push(await botReadyMs(env, cwd));
      warm.push(await botReadyMs(env, cwd));
      bolt.push(await boltReadyMs(peers.env()));
      const pgResult = await withThrowawayDatabase(async (url) => {
        const pgEnv = peers.env({ DATABASE_URL: url });
        postgresFresh.push(await botReadyMs(pgEnv, cwd));
        postgresAgain.push(await botReadyMs(pgEnv, cwd));
      });
      if (!pgResult.ran) postgresNote = pgResult.skipped;
      ctx.log(`  round ${i + 1}: PGlite fresh ${round(fresh[i]!, 0)} ms, warm ${round(warm[i]!, 0)} ms; bare Bolt ${round(bolt[i]!, 0)} ms; PostgreSQL ${postgresFresh[i] !== undefined ? `${round(postgresFresh[i] ?? 0, 0)} / ${round(postgresAgain[i]!, 0)} ms` : "skipped"}`);
    }

    // A taken port: another process listens on it; the bot must refuse before it opens (or creates) its data folder.
    const taken = await listenOn("127.0.0.1");
    const refusals: { ms: number; code: number | null; named: boolean; dataDirCreated: boolean }[] = [];
    try {
      for (let i = 0; i < rounds + 1; i++) {
        const env = peers.env();
        const r = await startOnTakenPort(env, cwd, taken.port);
        refusals.push({ ms: r.ms, code: r.code, named: /already in use/.test(r.stderr), dataDirCreated: existsSync(env.DATA_DIR!) });
      }
    } finally {
      await new Promise<void>((resolve) => taken.server.close(() => resolve()));
    }
    const refusedMs = refusals.map((r) => r.ms);
    const refusedProperly = refusals.every((r) => r.code !== 0 && r.code !== null && r.named && !r.dataDirCreated);
    ctx.log(`  taken port: refused in ${refusedMs.map((ms) => round(ms, 0)).join(", ")} ms${refusedProperly ? "" : ` (not as expected: ${JSON.stringify(refusals)})`}`);

    const median = (runs: number[]) => round(spread(runs).median, 0);
    const warmMedian = median(warm);
    const refusedMedian = median(refusedMs);
    return [
      {
        name: "startup",
        unit: "ms",
        rows: [
          { label: "PGlite first run (migrations)", readyMs: median(fresh), spread: spread(fresh) },
          { label: "PGlite warm data folder", readyMs: warmMedian, spread: spread(warm) },
          ...(postgresFresh.length > 0
            ? [
                { label: "PostgreSQL first run", readyMs: median(postgresFresh), spread: spread(postgresFresh) },
                { label: "PostgreSQL again", readyMs: median(postgresAgain), spread: spread(postgresAgain) },
              ]
            : [{ label: "PostgreSQL", readyMs: "skipped" }]),
          { label: "bare Bolt (baseline)", readyMs: median(bolt), spread: spread(bolt) },
        ],
        ratio: { warmPgliteOverBolt: round(spread(warm).median / spread(bolt).median, 2) },
        target: { warmPgliteReadyMaxMs: STARTUP_TARGETS.warmPgliteReadyMs },
        met: warmMedian <= STARTUP_TARGETS.warmPgliteReadyMs,
        notes: [
          `spawn of \`node ${START_EXEC_ARGV.join(" ")} dist/bin/start.js\` (what npm start runs) until GET /readyz answers 200; bare Bolt: spawn of a compiled child until its HTTP receiver listens`,
          ...(postgresNote ? [postgresNote] : []),
        ],
      },
      {
        name: "startup-taken-port",
        unit: "ms",
        refusedMs: refusedMedian,
        spread: spread(refusedMs),
        runs: refusals.map((r) => ({ ...r, ms: round(r.ms, 0) })),
        target: { refusedMaxMs: STARTUP_TARGETS.takenPortRefusedMs, beforeDatabaseWork: true },
        met: refusedMedian <= STARTUP_TARGETS.takenPortRefusedMs && refusedProperly,
        notes: ["spawn of the compiled bot on a port another process listens on, until it exits; met needs a non-zero exit, a message naming the port as in use, and no data folder created"],
      },
    ];
  } finally {
    await rm(cwd, { recursive: true, force: true });
    await peers.close();
  }
}
