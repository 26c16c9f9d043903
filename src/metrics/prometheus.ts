/**
 * The bot's Prometheus metrics on their own prom-client Registry. The core
 * and the adapters only expose observer hooks; this module implements them,
 * and `src/app.ts` wires the two together.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { OktaCallObservation } from "../adapters/okta/http.js";
import type { SlackAckObservation } from "../adapters/slack/index.js";

/** Launch outcomes counted in `oig_launches_total`. */
export const LAUNCH_OUTCOMES = ["launched", "failed", "denied", "expired", "canceled"] as const;
export type LaunchOutcome = (typeof LAUNCH_OUTCOMES)[number];

/** Queue depth per pg-boss queue and state, read at scrape time. */
export type QueueDepthReader = () => Promise<{ queue: string; state: string; count: number }[]>;

export interface BotMetrics {
  readonly registry: Registry;
  readonly launchOutcome: (outcome: LaunchOutcome) => void;
  readonly approvalWait: (seconds: number, decision: "approved" | "denied") => void;
  readonly oktaCall: (call: OktaCallObservation) => void;
  readonly slackAck: (ack: SlackAckObservation) => void;
  readonly teamsRequest: (seconds: number, status: number) => void;
}

const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10];
const APPROVAL_BUCKETS = [10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 43200, 86400];

/** Creates the registry with default Node metrics and the bot's series. */
export function createBotMetrics(options: { queueDepth?: QueueDepthReader; onCollectError?: (err: unknown) => void } = {}): BotMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const launches = new Counter({ name: "oig_launches_total", help: "Launches by outcome.", labelNames: ["outcome"], registers: [registry] });
  for (const outcome of LAUNCH_OUTCOMES) launches.inc({ outcome }, 0);
  const approvalWait = new Histogram({
    name: "oig_approval_wait_seconds",
    help: "Time from a launch's submit to its approval decision.",
    labelNames: ["decision"],
    buckets: APPROVAL_BUCKETS,
    registers: [registry],
  });
  const oktaCalls = new Counter({
    name: "oig_okta_calls_total",
    help: "Okta API calls (one per HTTP attempt) by operation and status.",
    labelNames: ["operation", "status"],
    registers: [registry],
  });
  const oktaDuration = new Histogram({
    name: "oig_okta_call_duration_seconds",
    help: "Okta API call duration by operation.",
    labelNames: ["operation"],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const rateLimited = new Counter({ name: "oig_okta_rate_limited_total", help: "Okta 429 answers by rate-limit bucket.", labelNames: ["bucket"], registers: [registry] });
  const slackAck = new Histogram({
    name: "oig_slack_ack_seconds",
    help: "Time from a Slack interaction's arrival to its ack.",
    labelNames: ["kind", "timed_out"],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const teams = new Histogram({
    name: "oig_teams_request_seconds",
    help: "Time to answer a Teams activity (invokes included) at /api/messages.",
    labelNames: ["status"],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const { queueDepth, onCollectError } = options;
  if (queueDepth !== undefined) {
    new Gauge({
      name: "oig_job_queue_depth",
      help: "pg-boss jobs waiting or running, by queue and state (created, retry, active).",
      labelNames: ["queue", "state"],
      registers: [registry],
      async collect() {
        this.reset();
        try {
          for (const row of await queueDepth()) this.set({ queue: row.queue, state: row.state }, row.count);
        } catch (err) {
          // A scrape must still answer when the database is briefly away.
          onCollectError?.(err);
        }
      },
    });
  }

  return {
    registry,
    launchOutcome: (outcome) => launches.inc({ outcome }),
    approvalWait: (seconds, decision) => approvalWait.observe({ decision }, Math.max(0, seconds)),
    oktaCall: (call) => {
      oktaCalls.inc({ operation: call.operation, status: String(call.status) });
      oktaDuration.observe({ operation: call.operation }, call.durationMs / 1000);
      if (call.rateLimited) rateLimited.inc({ bucket: call.bucket });
    },
    slackAck: (ack) => slackAck.observe({ kind: ack.kind, timed_out: String(ack.timedOut) }, ack.durationMs / 1000),
    teamsRequest: (seconds, status) => teams.observe({ status: String(status) }, seconds),
  };
}
