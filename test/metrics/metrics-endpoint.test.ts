// GET /metrics on the composed app: a launch driven through the core and
// Okta calls against the built-in sandbox move the series a scrape shows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../../src/app.js";
import type { Actor } from "../../src/governance/actor.js";
import type { Reply } from "../../src/governance/replies.js";
import { DEMO_USERS } from "../../src/sandbox/org/index.js";
import { startAppUnderTest, type AppUnderTest } from "./app-under-test.js";
import { valueOf, type Sample } from "./scrape.js";

function actor(name: "alice" | "bob"): Actor {
  return { platform: "teams", tenantId: "T-METRICS", userId: `U_${name.toUpperCase()}`, correlationId: `metrics-${name}`, lookupEmail: async () => DEMO_USERS[name].email };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe("GET /metrics", () => {
  let under: AppUnderTest;
  let app: RunningApp;

  beforeAll(async () => {
    under = await startAppUnderTest();
    app = under.app;
    // The start-up readiness check asks Okta once (a user search, shared and cached by /readyz): let it finish
    // before any test counts Okta calls, or it may land between a test's two scrapes.
    await fetch(`${app.url}/readyz`);
  });

  afterAll(async () => {
    await under?.close();
  });

  /** alice asks for a review of dan in a Teams channel; the approval card. */
  async function requestApproval(reason: string, incidentRef: string): Promise<Extract<Reply, { type: "approval-card" }>> {
    const reply = await app.core.submitLaunch(actor("alice"), {
      values: { target: DEMO_USERS.dan.login, reviewers: [DEMO_USERS.erin.login], durationDays: 7, reason, incidentRef },
      conversation: { platform: "teams", tenantId: "T-METRICS", conversationId: `19:${incidentRef}` },
    });
    if (reply.type !== "approval-card") throw new Error(`expected an approval card, got ${JSON.stringify(reply)}`);
    return reply;
  }

  it("serves Prometheus text with a # TYPE for every series, default Node metrics included", async () => {
    const { contentType, types } = await under.scrape();
    expect(contentType).toContain("text/plain");
    expect(types.get("process_cpu_user_seconds_total")).toBe("counter");
    expect(types.get("nodejs_eventloop_lag_seconds")).toBe("gauge");
    expect(types.get("oig_launches_total")).toBe("counter");
    expect(types.get("oig_approval_wait_seconds")).toBe("histogram");
    expect(types.get("oig_okta_calls_total")).toBe("counter");
    expect(types.get("oig_okta_call_duration_seconds")).toBe("histogram");
    expect(types.get("oig_okta_rate_limited_total")).toBe("counter");
    expect(types.get("oig_job_queue_depth")).toBe("gauge");
    expect(types.get("oig_slack_ack_seconds")).toBe("histogram");
    expect(types.get("oig_teams_request_seconds")).toBe("histogram");
  });

  it("counts Okta calls by operation and status, with their durations", async () => {
    const before = (await under.scrape()).samples;
    await app.okta.findUsersByProfileAttribute("profile.email", DEMO_USERS.dan.email);
    const after = (await under.scrape()).samples;
    const calls = (s: Sample[]) => valueOf(s, "oig_okta_calls_total", { operation: "listUsers", status: "200" });
    const timed = (s: Sample[]) => valueOf(s, "oig_okta_call_duration_seconds_count", { operation: "listUsers" });
    expect(calls(after)).toBe(calls(before) + 1);
    expect(timed(after)).toBe(timed(before) + 1);
  });

  it("counts a launch that is approved and created, and the approval wait", async () => {
    const before = (await under.scrape()).samples;
    const card = await requestApproval("suspicious OAuth grant", "INC-4711");
    const decided = await app.core.decideLaunch(actor("bob"), { launchId: card.launch.id, decision: "approve" });
    expect(decided.type).toBe("decision-recorded");

    const launched = (s: Sample[]) => valueOf(s, "oig_launches_total", { outcome: "launched" });
    const after = await until("the launch to be counted", async () => {
      const { samples } = await under.scrape();
      return launched(samples) > launched(before) ? samples : undefined;
    });
    expect(launched(after)).toBe(launched(before) + 1);
    expect(valueOf(after, "oig_launches_total", { outcome: "failed" })).toBe(valueOf(before, "oig_launches_total", { outcome: "failed" }));
    const waits = (s: Sample[]) => valueOf(s, "oig_approval_wait_seconds_count", { decision: "approved" });
    expect(waits(after)).toBe(waits(before) + 1);
    const creates = after.filter((s) => s.name === "oig_okta_calls_total" && s.labels.operation === "createSecurityAccessReview");
    expect(creates.map((s) => s.labels.status)).toEqual([expect.stringMatching(/^2\d\d$/)]);
  });

  it("counts a denied launch once", async () => {
    const before = (await under.scrape()).samples;
    const card = await requestApproval("false alarm", "INC-4712");
    await app.core.decideLaunch(actor("bob"), { launchId: card.launch.id, decision: "deny", reason: "not needed" });
    const after = (await under.scrape()).samples;
    expect(valueOf(after, "oig_launches_total", { outcome: "denied" })).toBe(valueOf(before, "oig_launches_total", { outcome: "denied" }) + 1);
    expect(valueOf(after, "oig_approval_wait_seconds_count", { decision: "denied" })).toBe(valueOf(before, "oig_approval_wait_seconds_count", { decision: "denied" }) + 1);
  });

  it("reads the pg-boss queue depth at scrape time", async () => {
    // A queue nobody works on: its jobs stay `created`.
    await app.jobs.createQueue("metrics-probe");
    const depth = async () => valueOf((await under.scrape()).samples, "oig_job_queue_depth", { queue: "metrics-probe", state: "created" });
    expect(await depth()).toBe(0);
    await app.jobs.send("metrics-probe", { n: 1 });
    await app.jobs.send("metrics-probe", { n: 2 });
    expect(await depth()).toBe(2);
  });

  it("times Teams requests at /api/messages", async () => {
    const count = (s: Sample[]) => valueOf(s, "oig_teams_request_seconds_count");
    const before = (await under.scrape()).samples;
    await fetch(`${app.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    const after = (await under.scrape()).samples;
    expect(count(after)).toBe(count(before) + 1);
  });
});
