/**
 * Figure 7: the command-to-Okta overhead and RSS with 10, 1 000 and 10 000
 * open approvals and watches stored first (through the store's methods);
 * the cost should stay flat.
 */
import type { RunningApp } from "../src/app.js";
import type { OktaUserId } from "../src/governance/okta/types.js";
import { DEMO_USERS } from "../src/sandbox/org/index.js";
import { startPeers } from "./lib/peers.js";
import { startBenchApp } from "./lib/launch-driver.js";
import { startChild } from "./lib/child.js";
import { measureOverhead, overheadSummary } from "./command-to-okta.js";
import { round } from "./lib/stats.js";
import type { BenchContext, FigureResult } from "./lib/report.js";

const MB = 1024 * 1024;

async function seedOpenWork(app: RunningApp, count: number): Promise<void> {
  const conversation = { platform: "slack" as const, tenantId: "T0DEMO", conversationId: "C0SEEDED" };
  const inAnHour = new Date(Date.now() + 3_600_000);
  const batch = 50;
  for (let start = 0; start < count; start += batch) {
    const jobs: Promise<unknown>[] = [];
    for (let i = start; i < Math.min(count, start + batch); i++) {
      jobs.push(
        app.store.createLaunch({
          requester: { platform: "slack", tenantId: "T0DEMO", chatUserId: "U0ALICE", oktaUserId: DEMO_USERS.alice.id as OktaUserId },
          target: { oktaUserId: DEMO_USERS.dan.id as OktaUserId, login: DEMO_USERS.dan.login },
          reviewerIds: [DEMO_USERS.erin.id as OktaUserId],
          sarName: (reference) => `SAR seeded ${reference}`,
          sarEndTime: new Date(Date.now() + 7 * 86_400_000),
          reason: `seeded open approval ${i}`,
          incidentRef: `SEED-${i}`,
          approval: { required: true, minApprovals: 1, expiresAt: new Date(Date.now() + 7 * 86_400_000) },
          conversation: { ...conversation, threadId: `1700000000.${String(i).padStart(6, "0")}` },
        }),
        app.store.addWatch({ kind: "request", oktaId: `reqseeded${String(i).padStart(11, "0")}`, conversation, createdBy: DEMO_USERS.alice.id as OktaUserId, lastStatus: "PENDING", nextCheckAt: inAnHour }),
      );
    }
    await Promise.all(jobs);
  }
}

export async function scaleWithWork(ctx: BenchContext): Promise<FigureResult[]> {
  const sizes = ctx.quick ? [10, 1_000] : [10, 1_000, 10_000];
  const rows: { open: number; seedSeconds: number; overheadP50: number; overheadP99: number; submitP50: number; rssMb: number; heapMb: number }[] = [];
  for (const open of sizes) {
    const peers = await startPeers({ noApproval: true });
    try {
      const env = peers.env();
      const app = await startBenchApp(peers, env);
      let closed = false;
      try {
        const t = performance.now();
        await seedOpenWork(app, open);
        const seedSeconds = round((performance.now() - t) / 1000, 1);
        await measureOverhead(app, peers.sandbox, 2, `scale-warm-${open}`);
        const { overhead, submit } = overheadSummary(await measureOverhead(app, peers.sandbox, ctx.quick ? 4 : 8, `scale-${open}`));
        await app.close();
        closed = true;
        // RSS of the bot alone: a child process on the same data dir, after its first sweeps.
        const child = await startChild("bot", env);
        let mem: { rss: number; heapUsed: number };
        try {
          await new Promise((resolve) => setTimeout(resolve, 3_000));
          mem = await child.memory();
        } finally {
          await child.close();
        }
        rows.push({ open, seedSeconds, overheadP50: overhead.p50, overheadP99: overhead.p99, submitP50: submit.p50, rssMb: round(mem.rss / MB, 1), heapMb: round(mem.heapUsed / MB, 1) });
        ctx.log(`  ${open} open: seeded in ${seedSeconds} s, overhead p50 ${overhead.p50} / p99 ${overhead.p99} ms, submit p50 ${submit.p50} ms, bot RSS ${round(mem.rss / MB, 1)} MB`);
      } finally {
        if (!closed) await app.close();
      }
    } finally {
      await peers.close();
    }
  }
  const small = rows[0]!;
  const large = rows[rows.length - 1]!;
  const rssRatio = round(large.rssMb / small.rssMb, 3);
  const ratio = round(large.overheadP50 / small.overheadP50, 3);
  const submitRatio = round(large.submitP50 / small.submitP50, 3);
  return [
    {
      name: "scale-with-work",
      rows,
      ratio: { overheadP50LargeOverSmall: ratio, submitP50LargeOverSmall: submitRatio, rssLargeOverSmall: rssRatio },
      target: { overheadP50LargeOverSmallMax: 1.5, rssLargeOverSmallMax: 1.5 },
      met: ratio <= 1.5 && rssRatio <= 1.5,
      notes: [
        "each size on a fresh PGlite data dir: N launches PENDING_APPROVAL and N request watches (next check in an hour) stored through the store's methods, then launches measured as in command-to-okta",
        "overhead measured on the bot in-process; RSS of a bot child started afterwards on the same data dir, 3 s after ready (idle, with the stored work)",
      ],
    },
  ];
}
