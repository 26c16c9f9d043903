/**
 * Launches through the real core of an in-process bot (`startApp` against
 * the benchmark peers): an actor, a valid form, submit, and waiting for the
 * launch to finish; timestamps of the SAR POST come from the sandbox's call log.
 */
import { startApp, type RunningApp } from "../../src/app.js";
import { createLogger } from "../../src/log.js";
import type { Actor } from "../../src/governance/actor.js";
import type { LaunchId, LaunchRecord } from "../../src/governance/store.js";
import { DEMO_USERS } from "../../src/sandbox/org/index.js";
import { startBot } from "../../src/fakes/whole-bot.js";
import { REPO_ROOT, type Peers } from "./peers.js";
import { fileURLToPath } from "node:url";

export const CREATE_SAR = "createSecurityAccessReview";

/** The bot in this process; `env` defaults to a fresh data dir of `peers`. */
export async function startBenchApp(peers: Peers, env: Record<string, string> = peers.env()): Promise<RunningApp> {
  const bot = await startBot({ startApp, createLogger }, env, { cwd: fileURLToPath(REPO_ROOT), logLevel: "silent", logs: "discard" });
  return bot.app;
}

let sequence = 0;

export function actor(): Actor {
  return { platform: "slack", tenantId: "T0DEMO", userId: "U0ALICE", displayName: "alice.responder", correlationId: `bench-${++sequence}`, lookupEmail: async () => DEMO_USERS.alice.email };
}

export interface Submitted {
  id: string;
  reference: string;
  incidentRef: string;
  /** performance.timeOrigin-based wall ms at submit. */
  submittedAt: number;
  /** Time submitLaunch took to answer, ms. */
  submitMs: number;
}

/** Submits a launch of a review of dan by erin (no approval in the bench policy); throws unless it was queued. */
export async function submitLaunch(app: RunningApp, tag: string): Promise<Submitted> {
  const incidentRef = `INC-${tag}`;
  const submittedAt = performance.timeOrigin + performance.now();
  const reply = await app.core.submitLaunch(actor(), {
    values: { target: DEMO_USERS.dan.login, reviewers: [DEMO_USERS.erin.login], durationDays: 7, reason: `bench ${tag}`, incidentRef },
    // The channel itself, as a /sar command typed there (no thread): the bench's fake Slack has no
    // thread to name, and a launch event posted into a missing one is refused and retried.
    conversation: { platform: "slack", tenantId: "T0DEMO", conversationId: "C0INCIDENT" },
    idempotencyKey: `bench-${tag}-${sequence}`,
  });
  const submitMs = performance.timeOrigin + performance.now() - submittedAt;
  if (!("launch" in reply)) throw new Error(`launch ${tag} was not queued: ${JSON.stringify(reply).slice(0, 300)}`);
  return { id: reply.launch.id, reference: reply.launch.reference, incidentRef, submittedAt, submitMs };
}

const FINAL = new Set<LaunchRecord["state"]>(["LAUNCHED", "FAILED", "DENIED", "EXPIRED", "CANCELED"]);

/** Polls the store until the launch is final; null after `timeoutMs`. */
export async function waitForFinal(app: RunningApp, id: string, timeoutMs = 60_000): Promise<LaunchRecord | null> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const launch = await app.store.getLaunch(id as LaunchId);
    if (launch && FINAL.has(launch.state)) return launch;
    if (Date.now() > giveUpAt) return null;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Clears the bot's identity cache (every entry expires "now + 10 years"). */
export async function clearIdentityCache(app: RunningApp): Promise<void> {
  await app.store.purgeExpiredCache(new Date(Date.now() + 10 * 365 * 86_400_000));
}
