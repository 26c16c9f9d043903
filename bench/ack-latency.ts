/**
 * Figures 1 and 5: ack latency of a signed `/sar <@target> reason` under
 * fixed concurrency, the bot vs a bare Bolt app whose `/sar` only acks;
 * a Teams `composeExtension/fetchTask` invoke vs a bare botbuilder bot
 * answering an empty task; and the bot's RSS idle and at peak under that
 * load. Each target runs in its own child process; runs alternate.
 */
import { randomUUID } from "node:crypto";
import { startChild, type RunningChild } from "./lib/child.js";
import { runFixedRate, runLoad, type LoadRequest, type LoadResult } from "./lib/load.js";
import { startPeers, SIGNING_SECRET } from "./lib/peers.js";
import { round, spread, summarize } from "./lib/stats.js";
import type { BenchContext, FigureResult } from "./lib/report.js";
import { sign, slashCommandBody } from "../test/adapters/slack/support/slack-payloads.js";
import { SLACK_USERS } from "../test/support/fake-slack-api.js";
import { startFakeBotConnector } from "../test/support/fake-bot-connector.js";
import { CHANNEL, teamsUser, TENANT_ID, BOT } from "../test/adapters/teams/support/teams-client.js";
import { DEMO_USERS } from "../src/sandbox/org/index.js";

const MB = 1024 * 1024;

function slashRequest(): LoadRequest {
  const body = slashCommandBody({ user: SLACK_USERS.alice, text: "<@U0TARGET|dan.target> suspicious OAuth grant" });
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    path: "/slack/events",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": String(timestamp), "x-slack-signature": sign(body, SIGNING_SECRET, timestamp) },
    body,
  };
}

function fetchTaskRequest(serviceUrl: string): () => LoadRequest {
  const alice = teamsUser("alice.responder", DEMO_USERS.alice.email);
  return () => ({
    path: "/api/messages",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      type: "invoke",
      name: "composeExtension/fetchTask",
      id: `f:${randomUUID()}`,
      channelId: "msteams",
      serviceUrl,
      timestamp: new Date().toISOString(),
      from: { id: alice.id, name: alice.name, aadObjectId: alice.aadObjectId },
      recipient: { ...BOT },
      conversation: { id: CHANNEL.id, conversationType: "channel", isGroup: true, tenantId: TENANT_ID },
      channelData: { tenant: { id: TENANT_ID }, team: { id: CHANNEL.teamId }, channel: { id: CHANNEL.id } },
      value: { commandId: "startSecurityAccessReview", commandContext: "compose", context: { theme: "default" } },
    }),
  });
}

interface Pair {
  name: string;
  bot: RunningChild;
  baseline: RunningChild;
  next: () => LoadRequest;
}

interface RunRecord {
  target: "bot" | "baseline";
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  rps: number;
  statuses: Record<string, number>;
}

const record = (target: RunRecord["target"], r: LoadResult): RunRecord => {
  const s = summarize(r.latenciesMs);
  return { target, p50: s.p50, p99: s.p99, requests: r.latenciesMs.length, errors: r.errors, rps: round(r.requestsPerSecond, 1), statuses: r.statuses };
};

async function alternate(ctx: BenchContext, pair: Pair, onBotRun?: (phase: "start" | "stop") => void): Promise<FigureResult> {
  const load = (child: RunningChild, durationMs: number) => runLoad({ url: child.url, concurrency: ctx.concurrency, durationMs, next: pair.next });
  // Warm-up: JIT, connection pools, identity caches of the bot.
  await load(pair.bot, ctx.warmupMs);
  await load(pair.baseline, ctx.warmupMs);
  const runs: RunRecord[] = [];
  for (let i = 0; i < ctx.rounds; i++) {
    const order: ("bot" | "baseline")[] = i % 2 === 0 ? ["bot", "baseline"] : ["baseline", "bot"];
    for (const target of order) {
      if (target === "bot") onBotRun?.("start");
      const result = await load(target === "bot" ? pair.bot : pair.baseline, ctx.runMs);
      if (target === "bot") onBotRun?.("stop");
      runs.push(record(target, result));
      ctx.log(`  ${pair.name} ${target} run ${i + 1}: p50 ${record(target, result).p50} ms, p99 ${record(target, result).p99} ms, ${result.latenciesMs.length} ok, ${result.errors} errors`);
    }
  }
  const bot = runs.filter((r) => r.target === "bot");
  const base = runs.filter((r) => r.target === "baseline");
  // Ratio per round (bot run vs the baseline run next to it), then the median of those.
  const ratiosP99 = bot.map((r, i) => r.p99 / base[i]!.p99);
  const ratiosP50 = bot.map((r, i) => r.p50 / base[i]!.p50);
  const ratioP99 = spread(ratiosP99);
  const errors = bot.reduce((a, r) => a + r.errors, 0);
  return {
    name: pair.name,
    unit: "ms",
    concurrency: ctx.concurrency,
    runMs: ctx.runMs,
    runs,
    bot: { p50: spread(bot.map((r) => r.p50)), p99: spread(bot.map((r) => r.p99)) },
    baseline: { p50: spread(base.map((r) => r.p50)), p99: spread(base.map((r) => r.p99)) },
    ratio: { p50: spread(ratiosP50), p99: ratioP99 },
    target: { metric: "ratio.p99.median", max: 1.2 },
    met: ratioP99.median <= 1.2 && errors === 0,
    notes: errors > 0 ? [`${errors} bot requests failed`] : [],
  };
}

const FIXED_RATE = 20;

/** A supplementary open-loop comparison at a modest fixed rate (how a busy incident channel looks), alternating. */
async function fixedRate(ctx: BenchContext, bot: RunningChild, baseline: RunningChild, next: () => LoadRequest): Promise<Record<string, unknown>> {
  const durationMs = ctx.quick ? 2_500 : 5_000;
  const bots: number[] = [];
  const bases: number[] = [];
  for (let i = 0; i < 2; i++) {
    for (const target of i % 2 === 0 ? [bot, baseline] : [baseline, bot]) {
      const r = await runFixedRate({ url: target.url, ratePerSecond: FIXED_RATE, durationMs, next });
      (target === bot ? bots : bases).push(summarize(r.latenciesMs).p99);
    }
  }
  const ratios = bots.map((b, i) => b / bases[i]!);
  ctx.log(`  at ${FIXED_RATE}/s: bot p99 ${bots.map((b) => round(b, 1)).join(", ")} ms, baseline p99 ${bases.map((b) => round(b, 1)).join(", ")} ms`);
  return { ratePerSecond: FIXED_RATE, runMs: durationMs, botP99: spread(bots), baselineP99: spread(bases), ratioP99: spread(ratios) };
}

export async function ackLatency(ctx: BenchContext): Promise<FigureResult[]> {
  const peers = await startPeers();
  const connector = await startFakeBotConnector();
  const alice = teamsUser("alice.responder", DEMO_USERS.alice.email);
  connector.addMember({ id: alice.id, aadObjectId: alice.aadObjectId, name: alice.name, email: alice.email });
  const children: RunningChild[] = [];
  try {
    const bot = await startChild("bot", peers.env());
    children.push(bot);
    await new Promise((r) => setTimeout(r, 2000));
    const idle = await bot.memory();
    ctx.log(`  bot idle RSS ${round(idle.rss / MB, 1)} MB (ready in ${round(bot.readyMs, 0)} ms)`);
    const bolt = await startChild("bolt", peers.env());
    children.push(bolt);
    const boltIdle = await bolt.memory();

    let stopSampling: (() => number) | undefined;
    const peaks: number[] = [];
    const slack = await alternate(ctx, { name: "slack-ack-latency", bot, baseline: bolt, next: slashRequest }, (phase) => {
      if (phase === "start") stopSampling = bot.sampleRss(100);
      else if (stopSampling) peaks.push(stopSampling());
    });
    slack.atFixedRate = await fixedRate(ctx, bot, bolt, slashRequest);
    await bolt.close();
    children.splice(children.indexOf(bolt), 1);

    const bare = await startChild("teams-bare", {});
    children.push(bare);
    const teams = await alternate(ctx, { name: "teams-fetchtask-latency", bot, baseline: bare, next: fetchTaskRequest(connector.serviceUrl) });

    const peak = Math.max(...peaks);
    const memory: FigureResult = {
      name: "memory",
      unit: "MB",
      bot: { idleRss: round(idle.rss / MB, 1), idleHeap: round(idle.heapUsed / MB, 1), peakRssUnderSlackLoad: round(peak / MB, 1), peakPerRun: peaks.map((p) => round(p / MB, 1)) },
      baseline: { boltIdleRss: round(boltIdle.rss / MB, 1) },
      ratio: { peakOverIdle: round(peak / idle.rss, 2) },
      target: { note: "report only (no target in PRODUCT.md)" },
      met: null,
      notes: ["RSS of the bot's own child process (process.memoryUsage over IPC, sampled every 100 ms during the bot's Slack runs); the Okta sandbox and fake Slack API run in the parent"],
    };
    return [slack, teams, memory];
  } finally {
    for (const child of children) await child.close();
    await connector.close();
    await peers.close();
  }
}
