/**
 * Figure 4: a burst of launches (approval off) against a small
 * `governance-sar` rate limit: completed, lost, duplicated (SARs per launch
 * reference in the sandbox), 429 answers seen, and wall time against the
 * theoretical minimum the limit allows.
 */
import type { RunningApp } from "../src/app.js";
import type { LaunchId, LaunchRecord } from "../src/governance/store.js";
import type { RunningSandbox } from "../src/sandbox/index.js";
import { startPeers } from "./lib/peers.js";
import { startBenchApp, submitLaunch, waitForFinal, type Submitted } from "./lib/launch-driver.js";
import { round } from "./lib/stats.js";
import type { BenchContext, FigureResult } from "./lib/report.js";

const BUCKET = "governance-sar";

const FINAL = new Set<LaunchRecord["state"]>(["LAUNCHED", "FAILED", "DENIED", "EXPIRED", "CANCELED"]);

/**
 * Waits until every launch is final; null for those still open after
 * `timeoutMs`. The sandbox's SAR list (in memory) says when the last one may
 * be done (the database is also looked at once a second, for failures), so
 * the bot's database is not polled 100 times every few milliseconds while
 * the burst runs: that polling was the benchmark's own load, competing with
 * the bot for PGlite (about 150 launch reads per launch).
 */
async function waitForAll(app: RunningApp, sandbox: RunningSandbox, submitted: Submitted[], timeoutMs: number): Promise<(LaunchRecord | null)[]> {
  const giveUpAt = Date.now() + timeoutMs;
  const finals = new Map<string, LaunchRecord>();
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  for (let round = 1; ; round++) {
    const names = sandbox.org.listSars().map((sar) => sar.name);
    const landed = submitted.filter((s) => names.some((name) => name.includes(s.reference))).length;
    // Every second regardless: a launch that failed never lands a SAR.
    if (landed >= submitted.length || round % 50 === 0 || Date.now() > giveUpAt) {
      for (const s of submitted) {
        if (finals.has(s.id)) continue;
        const launch = await app.store.getLaunch(s.id as LaunchId);
        if (launch && FINAL.has(launch.state)) finals.set(s.id, launch);
      }
      if (finals.size === submitted.length || Date.now() > giveUpAt) return submitted.map((s) => finals.get(s.id) ?? null);
    }
    await pause(20);
  }
}

export async function burst(ctx: BenchContext): Promise<FigureResult[]> {
  const launches = ctx.quick ? 30 : 100;
  const limit = 10;
  const windowMs = 5_000;
  const peers = await startPeers({ noApproval: true });
  try {
    const app = await startBenchApp(peers);
    try {
      // Warm the token and identity caches so the burst is about the SAR bucket.
      const warm = await submitLaunch(app, "burst-warm");
      await waitForFinal(app, warm.id);
      peers.sandbox.rateLimits.set(BUCKET, { limit, windowMs });
      peers.sandbox.rateLimits.reset(BUCKET);
      const before = peers.sandbox.calls.list().length;
      const started = performance.now();
      const submitted = await Promise.all(Array.from({ length: launches }, (_, i) => submitLaunch(app, `burst-${i}`)));
      const submittedMs = performance.now() - started;
      const finals = await waitForAll(app, peers.sandbox, submitted, 300_000);
      const wallMs = performance.now() - started;
      const calls = peers.sandbox.calls.list().slice(before);
      const sars = peers.sandbox.org.listSars();
      const sarsPer = submitted.map((s) => sars.filter((sar) => sar.name.includes(s.reference)).length);
      const completed = finals.filter((f, i) => f?.state === "LAUNCHED" && sarsPer[i] === 1).length;
      const lost = sarsPer.filter((n) => n === 0).length;
      const duplicated = sarsPer.filter((n) => n > 1).length;
      const answers429 = calls.filter((c) => c.status === 429).length;
      const bucketCalls = calls.filter((c) => c.bucket === BUCKET && c.status !== 429).length;
      // The first `limit` go at once, then one window per further `limit` launches.
      const minimumMs = (Math.ceil(launches / limit) - 1) * windowMs;
      const ratio = round(wallMs / minimumMs, 3);
      // The bot's other calls in the bucket (the watch poller's lists and access counts of the new
      // reviews) take windows too; the minimum for every call it made there, for comparison.
      const minimumAllCallsMs = (Math.ceil(bucketCalls / limit) - 1) * windowMs;
      // Where the wall time goes: submitting, the first accepted POST, pacing between the first and
      // the last one (its own minimum is the same as the burst's), and the tail after the last.
      const startedAt = performance.timeOrigin + started;
      const posts = calls.filter((c) => c.bucket === BUCKET && c.method === "POST" && c.status < 300).map((c) => Date.parse(c.time) - startedAt);
      const breakdown = {
        submitAllSeconds: round(submittedMs / 1000, 2),
        firstPostSeconds: round(Math.min(...posts) / 1000, 2),
        postsSpanSeconds: round((Math.max(...posts) - Math.min(...posts)) / 1000, 2),
        tailSeconds: round((wallMs - Math.max(...posts)) / 1000, 2),
      };
      ctx.log(`  submit ${breakdown.submitAllSeconds} s, first POST at ${breakdown.firstPostSeconds} s, POSTs span ${breakdown.postsSpanSeconds} s, tail ${breakdown.tailSeconds} s`);
      ctx.log(`  ${completed}/${launches} completed, ${lost} lost, ${duplicated} duplicated, ${answers429} 429s, ${round(wallMs / 1000, 1)} s vs ${minimumMs / 1000} s`);
      ctx.log(`  ${bucketCalls} calls accepted in the bucket (${bucketCalls - launches} besides the POSTs): minimum for all ${minimumAllCallsMs / 1000} s, ratio ${round(wallMs / minimumAllCallsMs, 3)}`);
      return [
        {
          name: "burst-under-rate-limit",
          launches,
          rateLimit: { bucket: BUCKET, limit, windowMs },
          completed,
          lost,
          duplicated,
          unfinished: finals.filter((f) => f === null).length,
          failed: finals.filter((f) => f?.state === "FAILED").length,
          answers429,
          bucketCallsAccepted: bucketCalls,
          wallSeconds: round(wallMs / 1000, 2),
          minimumSeconds: minimumMs / 1000,
          ratio,
          minimumAllCallsSeconds: minimumAllCallsMs / 1000,
          ratioAllCalls: round(wallMs / minimumAllCallsMs, 3),
          breakdown,
          target: { lost: 0, duplicated: 0, ratioMax: 1.15 },
          met: lost === 0 && duplicated === 0 && completed === launches && ratio <= 1.15,
          notes: ["sandbox windows are fixed and start at the first call; minimum = (ceil(launches/limit) - 1) × window; accepted calls in the bucket include any GETs the bot makes on SARs"],
        },
      ];
    } finally {
      await app.close();
    }
  } finally {
    await peers.close();
  }
}
