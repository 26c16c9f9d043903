/**
 * Figure 4: a burst of launches (approval off) against a small
 * `governance-sar` rate limit: completed, lost, duplicated (SARs per launch
 * reference in the sandbox), 429 answers seen, and wall time against the
 * theoretical minimum the limit allows.
 */
import { startPeers } from "./lib/peers.js";
import { startBenchApp, submitLaunch, waitForFinal } from "./lib/launch-driver.js";
import { round } from "./lib/stats.js";
import type { BenchContext, FigureResult } from "./lib/report.js";

const BUCKET = "governance-sar";

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
      const finals = await Promise.all(submitted.map((s) => waitForFinal(app, s.id, 300_000)));
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
      ctx.log(`  ${completed}/${launches} completed, ${lost} lost, ${duplicated} duplicated, ${answers429} 429s, ${round(wallMs / 1000, 1)} s vs ${minimumMs / 1000} s`);
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
