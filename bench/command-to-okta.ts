/**
 * Figure 2: time from a launch reaching the core (submit of a form that
 * needs no approval) to its SAR POST reaching the Okta sandbox (sandbox
 * latency 0), timestamped by the sandbox's call log, over many launches.
 */
import type { RunningApp } from "../src/app.js";
import { startPeers } from "./lib/peers.js";
import { CREATE_SAR, startBenchApp, submitLaunch, waitForFinal } from "./lib/launch-driver.js";
import { summarize, type Summary } from "./lib/stats.js";
import type { BenchContext, FigureResult } from "./lib/report.js";
import type { RunningSandbox } from "../src/sandbox/index.js";

export interface OverheadSample {
  overheadMs: number;
  submitMs: number;
}

/** Runs `count` launches one after another; each sample is submit -> SAR POST answered. */
export async function measureOverhead(app: RunningApp, sandbox: RunningSandbox, count: number, tag: string): Promise<OverheadSample[]> {
  const samples: OverheadSample[] = [];
  for (let i = 0; i < count; i++) {
    const before = sandbox.calls.count({ operationId: CREATE_SAR });
    const launch = await submitLaunch(app, `${tag}-${i}`);
    const final = await waitForFinal(app, launch.id);
    if (final?.state !== "LAUNCHED") throw new Error(`launch ${launch.reference} ended ${final?.state ?? "unfinished"}`);
    const posts = sandbox.calls.list({ operationId: CREATE_SAR }).slice(before);
    const post = posts.find((call) => call.status < 300);
    if (!post) throw new Error(`no SAR POST seen for ${launch.reference}`);
    samples.push({ overheadMs: Date.parse(post.time) - launch.submittedAt, submitMs: launch.submitMs });
  }
  return samples;
}

export function overheadSummary(samples: OverheadSample[]): { overhead: Summary; submit: Summary } {
  return { overhead: summarize(samples.map((s) => s.overheadMs)), submit: summarize(samples.map((s) => s.submitMs)) };
}

export async function commandToOkta(ctx: BenchContext): Promise<FigureResult[]> {
  const peers = await startPeers({ noApproval: true });
  try {
    const app = await startBenchApp(peers);
    try {
      // Warm-up: token, identity caches, JIT.
      await measureOverhead(app, peers.sandbox, 3, "warm");
      const samples = await measureOverhead(app, peers.sandbox, ctx.quick ? 15 : 30, "c2o");
      const { overhead, submit } = overheadSummary(samples);
      ctx.log(`  command -> Okta POST: p50 ${overhead.p50} ms, p99 ${overhead.p99} ms (submit answered p50 ${submit.p50} ms)`);
      return [
        {
          name: "command-to-okta",
          unit: "ms",
          overhead,
          submit,
          target: { note: "report only; the baseline is the sandbox POST itself (latency 0)" },
          met: null,
          notes: [
            "launches one at a time through core.submitLaunch on startApp (PGlite, pg-boss, approval off); end = the sandbox's call-log time of the answered POST (ms resolution, same clock)",
          ],
        },
      ];
    } finally {
      await app.close();
    }
  } finally {
    await peers.close();
  }
}
