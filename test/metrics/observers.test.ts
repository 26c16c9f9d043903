// The observer hooks the metrics hang on: the Okta client reports every
// attempt (429s included), and launch events are counted once each.
import { describe, expect, it } from "vitest";
import { createOktaClient } from "../../src/adapters/okta/index.js";
import type { OktaCallObservation } from "../../src/adapters/okta/http.js";
import type { GovernanceEvent, Notifier } from "../../src/governance/notifier.js";
import type { LaunchView } from "../../src/governance/replies.js";
import { createBotMetrics, observeLaunchEvents } from "../../src/metrics/index.js";
import { capturingLogger, fakeClock, recordingSleep } from "../adapters/okta/support/test-kit.js";
import { parseExposition, valueOf } from "./scrape.js";

function stubFetch(answers: Response[]): typeof fetch {
  return async () => {
    const next = answers.shift();
    if (next === undefined) throw new Error("no more answers");
    return next;
  };
}

describe("the Okta client's onCall hook", () => {
  it("reports each attempt with its operation, bucket and status, and flags the 429", async () => {
    const clock = fakeClock(new Date("2026-01-01T00:00:00Z"));
    const reset = String(Math.floor(clock.now().getTime() / 1000) + 2);
    const seen: OktaCallObservation[] = [];
    const okta = createOktaClient({
      orgUrl: new URL("https://acme.okta.com"),
      auth: { kind: "ssws", apiToken: "t" },
      logger: capturingLogger().logger,
      clock,
      sleep: recordingSleep(clock).sleep,
      fetch: stubFetch([
        new Response(JSON.stringify({ errorCode: "E0000047", errorSummary: "rate limit" }), {
          status: 429,
          headers: { "content-type": "application/json", "x-rate-limit-limit": "10", "x-rate-limit-remaining": "0", "x-rate-limit-reset": reset },
        }),
        new Response("[]", { status: 200, headers: { "content-type": "application/json" } }),
      ]),
      onCall: (call) => seen.push(call),
    });
    await okta.findUsersByProfileAttribute("profile.email", "dan@example.com");
    expect(seen.map(({ operation, bucket, status, rateLimited }) => ({ operation, bucket, status, rateLimited }))).toEqual([
      { operation: "listUsers", bucket: "users", status: 429, rateLimited: true },
      { operation: "listUsers", bucket: "users", status: 200, rateLimited: false },
    ]);
  });

  it("feeds oig_okta_calls_total and oig_okta_rate_limited_total", async () => {
    const metrics = createBotMetrics();
    metrics.oktaCall({ operation: "listUsers", bucket: "users", status: 429, durationMs: 12, rateLimited: true });
    metrics.oktaCall({ operation: "listUsers", bucket: "users", status: 200, durationMs: 30, rateLimited: false });
    metrics.oktaCall({ operation: "getSecurityAccessReview", bucket: "governance-sar", status: "error", durationMs: 5, rateLimited: false });
    const { samples } = parseExposition(await metrics.registry.metrics());
    expect(valueOf(samples, "oig_okta_calls_total", { operation: "listUsers", status: "429" })).toBe(1);
    expect(valueOf(samples, "oig_okta_calls_total", { operation: "listUsers", status: "200" })).toBe(1);
    expect(valueOf(samples, "oig_okta_calls_total", { operation: "getSecurityAccessReview", status: "error" })).toBe(1);
    expect(valueOf(samples, "oig_okta_rate_limited_total", { bucket: "users" })).toBe(1);
    expect(valueOf(samples, "oig_okta_call_duration_seconds_sum", { operation: "listUsers" })).toBeCloseTo(0.042);
  });

  it("records Slack acks by kind", async () => {
    const metrics = createBotMetrics();
    metrics.slackAck({ kind: "command", durationMs: 40, timedOut: false });
    const { samples } = parseExposition(await metrics.registry.metrics());
    expect(valueOf(samples, "oig_slack_ack_seconds_count", { kind: "command", timed_out: "false" })).toBe(1);
    expect(valueOf(samples, "oig_slack_ack_seconds_bucket", { kind: "command", le: "0.05" })).toBe(1);
    expect(valueOf(samples, "oig_slack_ack_seconds_bucket", { kind: "command", le: "0.025" })).toBe(0);
  });
});

function launchView(state: LaunchView["state"], decisions: LaunchView["approval"]["decisions"] = []): LaunchView {
  return {
    id: "launch-1",
    reference: "L000001",
    state,
    requester: { oktaUserId: "00ua", login: "a", platform: "slack", chatUserId: "U1" },
    target: { oktaUserId: "00ud", login: "d" },
    reviewers: [],
    sarName: "SAR d",
    endTime: new Date(),
    reason: "r",
    incidentRef: null,
    approval: { required: true, minApprovals: 1, expiresAt: null, decisions },
    conversation: { platform: "slack", tenantId: "T1", conversationId: "C1" },
    approvalMessageId: null,
    sarId: null,
    sarStatus: null,
    failure: null,
  };
}

describe("observeLaunchEvents", () => {
  const conversation = { platform: "slack" as const, tenantId: "T1", conversationId: "C1" };

  it("counts each outcome once even when the event is delivered again, and passes every event on", async () => {
    const outcomes: string[] = [];
    const waits: [number, string][] = [];
    const delivered: GovernanceEvent[] = [];
    const inner: Notifier = { notify: async (_c, e) => void delivered.push(e) };
    const notifier = observeLaunchEvents(inner, {
      metrics: { launchOutcome: (o) => outcomes.push(o), approvalWait: (s, d) => waits.push([s, d]) },
      submittedAt: async () => new Date("2026-01-01T00:00:00Z"),
    });
    const approver = { oktaUserId: "00ub", login: "b", platform: "slack" as const, chatUserId: "U2" };
    const approved = launchView("APPROVED", [{ approver, decision: "approve", reason: null, at: new Date("2026-01-01T00:01:30Z") }]);
    await notifier.notify(conversation, { type: "launch-updated", launch: approved });
    await notifier.notify(conversation, { type: "launch-updated", launch: approved });
    const sar = { id: "0r1", name: "SAR d", status: "PENDING", endTime: "" };
    await notifier.notify(conversation, { type: "launch-succeeded", launch: launchView("LAUNCHED"), sar });
    await notifier.notify(conversation, { type: "launch-succeeded", launch: launchView("LAUNCHED"), sar });
    await notifier.notify(conversation, { type: "launch-updated", launch: { ...launchView("CANCELED"), id: "launch-2" } });
    expect(outcomes).toEqual(["launched", "canceled"]);
    expect(waits).toEqual([[90, "approved"]]);
    expect(delivered).toHaveLength(5);
  });

  it("still delivers the event when reading the submit time fails", async () => {
    const errors: unknown[] = [];
    let delivered = 0;
    const notifier = observeLaunchEvents({ notify: async () => void delivered++ }, {
      metrics: { launchOutcome: () => undefined, approvalWait: () => undefined },
      submittedAt: () => Promise.reject(new Error("database away")),
      onError: (err) => errors.push(err),
    });
    const approver = { oktaUserId: "00ub", login: "b", platform: "slack" as const, chatUserId: "U2" };
    await notifier.notify(conversation, { type: "launch-updated", launch: launchView("DENIED", [{ approver, decision: "deny", reason: "no", at: new Date() }]) });
    expect(delivered).toBe(1);
    expect(errors).toHaveLength(1);
  });
});
