// The renderer shows user text, never executes it, and keeps every reply
// within Slack's limits (checked by the same rules the fake Slack API applies).
import { describe, expect, it } from "vitest";
import { renderReply } from "../../../src/adapters/slack/render/render-reply.js";
import { renderLaunchCard } from "../../../src/adapters/slack/render/render-launch.js";
import { ACTION_IDS } from "../../../src/adapters/slack/surface.js";
import type { Reply, RequestView } from "../../../src/governance/replies.js";
import { messageLimitProblems } from "../../../src/fakes/slack-web-api.js";
import { sampleLaunch } from "./support/fake-core.js";
import { hostileTriageView, sampleActionDone, sampleTriageDetails, TRIAGE_HOSTILE } from "../../support/triage-views.js";

const HOSTILE = `<!channel> <https://evil.example|click> & <@U0BOB> "quoted" \u0007`;
const LONG = "x".repeat(12_000);

const request = (id: string, extra: Partial<RequestView> = {}): RequestView => ({
  id,
  status: "PENDING",
  created: "2030-01-01T00:00:00Z",
  requestedFor: { oktaUserId: "00udemodan0000000000", login: HOSTILE },
  resource: { name: HOSTILE, type: "APP" },
  ...extra,
});

/** One reply of every type (the mapped type makes a missing one a compile error), each with hostile or huge text. */
const samples: { [K in Reply["type"]]: Extract<Reply, { type: K }> } = {
  text: { type: "text", text: `${HOSTILE}\n${LONG}` },
  "launch-form": { type: "launch-form", values: { reviewers: [HOSTILE], durationDays: 7, reason: HOSTILE } },
  "approval-card": { type: "approval-card", launch: sampleLaunch({ reason: `${HOSTILE} ${LONG}`, incidentRef: HOSTILE }) },
  "launch-queued": { type: "launch-queued", launch: sampleLaunch({ state: "APPROVED", reason: HOSTILE }) },
  "launch-status": { type: "launch-status", launch: sampleLaunch({ state: "FAILED", failure: { code: "x", message: HOSTILE } }) },
  "decision-recorded": { type: "decision-recorded", launch: sampleLaunch(), decision: "approve", outcome: "approved" },
  "sar-status": {
    type: "sar-status",
    sar: { id: "sar123", name: HOSTILE, status: "ACTIVE", endTime: "2030-01-08T00:00:00Z", stats: { [HOSTILE]: 3 }, url: "javascript:alert(1)" },
  },
  "request-status": { type: "request-status", request: request("reqdemodanpending000", { approvals: [{ status: "APPROVED", by: HOSTILE, at: "2030-01-01T00:00:00Z" }] }) },
  "request-list": { type: "request-list", items: Array.from({ length: 120 }, (_, i) => request(`req${String(i).padStart(17, "0")}`)), filter: { status: "PENDING" }, nextCursor: "cursor-abc" },
  "message-posted": { type: "message-posted", requestId: "reqdemodanpending000", text: `${HOSTILE}\n${LONG}` },
  "watch-started": { type: "watch-started", kind: "request", id: "reqdemodanpending000", alreadyWatching: false, currentStatus: "PENDING" },
  whoami: {
    type: "whoami",
    access: {
      oktaUserId: "00udemoalice00000000" as never,
      login: HOSTILE,
      status: "ACTIVE",
      roles: [{ role: "responder", because: HOSTILE }],
      allowedActions: ["sar.launch"],
      deniedActions: [{ action: "audit.read", requiredRoles: ["admin"], reason: HOSTILE }],
    },
  },
  "identity-linked": { type: "identity-linked", chatUserId: "U0BOB", platform: "slack", person: { oktaUserId: "00udemobob0000000000", login: HOSTILE } },
  "audit-log": {
    type: "audit-log",
    entries: Array.from({ length: 250 }, (_, i) => ({
      id: String(i),
      at: new Date("2030-01-01T00:00:00Z"),
      actor: { platform: "slack" as const, tenantId: "T0DEMO", chatUserId: "U0ALICE", oktaUserId: null },
      action: "sar.launch.submit",
      target: { oktaUserId: null, sarId: null, requestId: null },
      outcome: "denied" as const,
      reason: HOSTILE,
      launchId: null,
      correlationId: null,
      details: {},
    })),
    nextCursor: "42",
  },
  help: { type: "help", entries: [{ usage: `sar ${HOSTILE}`, description: LONG }] },
  version: { type: "version", name: HOSTILE, version: LONG },
  "doctor-report": {
    type: "doctor-report",
    ok: false,
    checks: Array.from({ length: 80 }, (_, i) => ({
      id: `check.${i}`,
      area: "okta",
      title: `${HOSTILE} ${i}`,
      status: i % 2 === 0 ? ("missing" as const) : ("ok" as const),
      detail: `${HOSTILE} ${LONG}`,
      fix: [HOSTILE, LONG],
      notes: [HOSTILE],
    })),
  },
  error: { type: "error", code: "validation_failed", message: HOSTILE, hint: LONG, fields: { reason: HOSTILE } },
  "triage-card": { type: "triage-card", triage: hostileTriageView() },
  "triage-details": { type: "triage-details", details: sampleTriageDetails() },
  "triage-action-done": { type: "triage-action-done", done: sampleActionDone({ note: `${TRIAGE_HOSTILE} ${"x".repeat(600)}` }), triage: hostileTriageView() },
  "triage-summary": { type: "triage-summary", sarId: "sar00000000000000001", summary: { status: "ok", message: `${TRIAGE_HOSTILE}\n${"x".repeat(12_000)}` } },
};

describe("renderReply", () => {
  it.each(Object.values(samples).map((reply) => [reply.type, reply] as const))("keeps a %s reply within Slack's message limits", (_type, reply) => {
    const rendered = renderReply(reply);
    expect(messageLimitProblems({ text: rendered.text, blocks: rendered.blocks })).toEqual([]);
    expect(rendered.text.length).toBeLessThanOrEqual(3000);
  });

  it.each(Object.values(samples).map((reply) => [reply.type, reply] as const))("shows hostile text in a %s reply escaped, never as a mention or link", (_type, reply) => {
    const rendered = renderReply(reply);
    const json = JSON.stringify(rendered);
    expect(json).not.toContain("<!channel>");
    expect(json).not.toContain("<https://evil.example");
    expect(json).not.toContain("\u0007");
  });

  it("escapes &, < and > in a reason so Slack displays them literally", () => {
    const card = renderLaunchCard(sampleLaunch({ reason: "a & b <!channel> <https://evil.example|click>" }));
    const text = JSON.stringify(card.blocks);
    expect(text).toContain("a &amp; b &lt;!channel&gt; &lt;https://evil.example|click&gt;");
  });

  it("cuts a 12,000-character reason to fit one section, ending in an ellipsis and no broken entity", () => {
    const card = renderLaunchCard(sampleLaunch({ reason: "&".repeat(12_000) }));
    const reason = card.blocks.find((b) => b.type === "section" && JSON.stringify(b).includes("Reason")) as { text: { text: string } };
    expect(reason.text.text.length).toBeLessThanOrEqual(3000);
    expect(reason.text.text.endsWith("…")).toBe(true);
    expect(reason.text.text).toMatch(/(&amp;)+…$/);
  });

  it("pages a long request list: at most 50 blocks, a note of what is left out, and the Next page button kept", () => {
    const rendered = renderReply(samples["request-list"]);
    expect(rendered.blocks.length).toBeLessThanOrEqual(50);
    const json = JSON.stringify(rendered.blocks);
    expect(json).toMatch(/more (on this page are )?not shown/);
    const last = rendered.blocks.at(-1) as { type: string; elements: { action_id: string; value: string }[] };
    expect(last.type).toBe("actions");
    expect(last.elements[0]?.action_id).toBe(ACTION_IDS.requestsNextPage);
    expect(JSON.parse(last.elements[0]?.value ?? "{}")).toEqual({ c: "cursor-abc", s: "PENDING" });
  });

  it("leaves out the Next page button when the cursor would not fit a button value (2000 characters)", () => {
    const rendered = renderReply({ ...samples["request-list"], items: [], nextCursor: "c".repeat(2500) });
    expect(JSON.stringify(rendered.blocks)).not.toContain(ACTION_IDS.requestsNextPage);
    expect(JSON.stringify(rendered.blocks)).toContain("narrow the list");
  });

  it("offers Approve and Deny carrying the launch id only while the launch waits for approval", () => {
    const pending = renderLaunchCard(sampleLaunch());
    const buttons = pending.blocks.flatMap((b) => (b.type === "actions" ? b.elements : [])) as { action_id: string; value: string }[];
    expect(buttons.map((b) => [b.action_id, b.value])).toEqual([
      [ACTION_IDS.approve, sampleLaunch().id],
      [ACTION_IDS.deny, sampleLaunch().id],
    ]);
    const denied = renderLaunchCard(sampleLaunch({ state: "DENIED" }));
    expect(denied.blocks.some((b) => b.type === "actions")).toBe(false);
  });

  it("never links a URL that is not plain http(s)", () => {
    const json = JSON.stringify(renderReply(samples["sar-status"]).blocks);
    expect(json).not.toContain("javascript:");
    const safe = JSON.stringify(renderReply({ ...samples["sar-status"], sar: { ...samples["sar-status"].sar, url: "https://acme.okta.com/review/1" } }).blocks);
    expect(safe).toContain('"url":"https://acme.okta.com/review/1"');
  });

  it("shows dates in each reader's time zone with an ISO fallback", () => {
    const json = JSON.stringify(renderLaunchCard(sampleLaunch()).blocks);
    expect(json).toContain(`<!date^${Date.parse("2030-01-08T00:00:00Z") / 1000}^{date_short_pretty} {time}|2030-01-08T00:00:00Z>`);
  });

  it("sends errors, whoami, help and audit only to the asker, and cards to the channel", () => {
    const audience = (type: Reply["type"]) => renderReply(samples[type]).audience;
    expect(["error", "whoami", "help", "audit-log", "identity-linked", "text"].map((t) => audience(t as Reply["type"]))).toEqual(Array(6).fill("private"));
    expect(["approval-card", "sar-status", "request-status", "request-list", "message-posted", "watch-started"].map((t) => audience(t as Reply["type"]))).toEqual(
      Array(6).fill("channel"),
    );
  });
});

describe("regression: SAR access counts under human labels", () => {
  it("the status card says \"Access items\" and \"Medium priority\", never the raw keys accessItems or medium", () => {
    const sar = { id: "sar1", name: "SAR dan", status: "ACTIVE", endTime: "2030-01-08T00:00:00Z", stats: { low: 2, accessItems: 3, medium: 1 } };
    const text = JSON.stringify(renderReply({ type: "sar-status", sar }).blocks);
    expect(text).toContain("Access items: *3* · Medium priority: *1* · Low priority: *2*");
    expect(text).not.toMatch(/accessItems|medium:|low:/);
  });
});
