/**
 * Figure 3: Okta calls per launch, counted at the sandbox's call log:
 * cold (identity cache emptied; the very first launch after start also
 * fetches the token) and warm (caches and token reused: target one call, the POST).
 */
import type { RunningApp } from "../src/app.js";
import type { RunningSandbox } from "../src/sandbox/index.js";
import { startPeers } from "./lib/peers.js";
import { clearIdentityCache, startBenchApp, submitLaunch, waitForFinal } from "./lib/launch-driver.js";
import { spread } from "./lib/stats.js";
import type { BenchContext, FigureResult } from "./lib/report.js";

interface Counted {
  /** Calls of the launch itself. */
  total: number;
  token: number;
  byOperation: Record<string, number>;
  /** Calls of the watch poller's round that fell in the launch's time (not the launch's own). */
  poller: number;
}

/**
 * What the watch poller calls each round (every minute, whatever the number
 * of launches). A launch's first attempt never lists reviews; a retry
 * searches by reference, so for a launch that needed more than one attempt
 * every call counts as the launch's.
 */
const POLLER_OPERATIONS = new Set(["listSecurityAccessReviews", "listSecurityAccessReviewAccesses", "listAllRequestsV2"]);

async function countedLaunch(app: RunningApp, sandbox: RunningSandbox, tag: string): Promise<Counted> {
  const before = sandbox.calls.list().length;
  const launch = await submitLaunch(app, tag);
  const final = await waitForFinal(app, launch.id);
  if (final?.state !== "LAUNCHED") throw new Error(`launch ${launch.reference} ended ${final?.state ?? "unfinished"}`);
  // Let follow-up calls of this launch (if any) land before counting.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const all = sandbox.calls.list().slice(before);
  const calls = final.attempts > 1 ? all : all.filter((call) => !POLLER_OPERATIONS.has(call.operationId ?? ""));
  const byOperation: Record<string, number> = {};
  for (const call of calls) {
    const key = call.operationId ?? `${call.method} ${call.path}`;
    byOperation[key] = (byOperation[key] ?? 0) + 1;
  }
  return {
    total: calls.length,
    token: calls.filter((c) => c.path.startsWith("/oauth2/") || c.path.startsWith("/.well-known/")).length,
    byOperation,
    poller: all.length - calls.length,
  };
}

export async function oktaCalls(ctx: BenchContext): Promise<FigureResult[]> {
  const peers = await startPeers({ noApproval: true });
  try {
    const app = await startBenchApp(peers);
    try {
      const first = await countedLaunch(app, peers.sandbox, "first");
      const cold: Counted[] = [];
      const warm: Counted[] = [];
      const rounds = ctx.quick ? 2 : 4;
      for (let i = 0; i < rounds; i++) {
        await clearIdentityCache(app);
        // The store's cache and the in-process layer in front of it.
        app.core.identity.clearMemory?.();
        cold.push(await countedLaunch(app, peers.sandbox, `cold-${i}`));
        for (let j = 0; j < 3; j++) warm.push(await countedLaunch(app, peers.sandbox, `warm-${i}-${j}`));
      }
      const warmSpread = spread(warm.map((c) => c.total));
      ctx.log(`  first launch after start ${first.total} calls ${JSON.stringify(first.byOperation)}`);
      ctx.log(`  cold ${cold.map((c) => c.total).join(",")}; warm ${warm.map((c) => c.total).join(",")}`);
      ctx.log(`  cold calls ${JSON.stringify(cold[0]?.byOperation ?? {})}`);
      for (const c of warm.filter((w) => w.total !== 1)) ctx.log(`  warm launch with ${c.total} calls ${JSON.stringify(c.byOperation)}`);
      ctx.log(`  watch poller calls seen meanwhile (not counted): ${[...cold, ...warm].reduce((a, c) => a + c.poller, 0)}`);
      return [
        {
          name: "okta-calls-per-launch",
          unit: "calls",
          firstAfterStart: first,
          cold: spread(cold.map((c) => c.total)),
          coldByOperation: cold[0]?.byOperation ?? {},
          warm: warmSpread,
          warmByOperation: warm[warm.length - 1]?.byOperation ?? {},
          warmTokenCalls: warm.reduce((a, c) => a + c.token, 0),
          pollerCallsSeen: [...cold, ...warm].reduce((a, c) => a + c.poller, 0),
          target: { warm: 1 },
          met: warm.every((c) => c.total === 1),
          notes: [
            "all sandbox calls (token endpoint included) from submit until the launch is LAUNCHED + 300 ms; cold = identity cache emptied (token kept); firstAfterStart also fetches the token",
            "the watch poller's per-round lists (listSecurityAccessReviews, listSecurityAccessReviewAccesses, listAllRequestsV2) that fall in that time are counted apart (pollerCallsSeen), unless the launch took more than one attempt",
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
