// The audit export's core: `since` parsing, keyset paging newest first,
// the joins (launch chat message and permalink, approvals with `stepUp`,
// policy rule, Okta request ids), and the Okta request-id ledger, over a
// real migrated store.
import { pino } from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import {
  AUDIT_EXPORT_FORMAT,
  createAuditRecorder,
  createOktaRequestLedger,
  exportAuditLines,
  exportAuditRecords,
  parseSince,
  type AuditExportRecord,
  type AuditExportSource,
  type PermalinkBuilder,
} from "../../../src/governance/audit/index.js";
import { ValidationFailed } from "../../../src/governance/errors.js";
import type { OktaUserId, SarId } from "../../../src/governance/okta/types.js";
import type { GovernanceStore, LaunchRecord } from "../../../src/governance/store.js";
import { launchIn } from "../../adapters/postgres/contract/fixtures.js";
import { createManualClock, testStoreForFile } from "../../support/core-harness.js";

const NOW = new Date("2030-03-10T12:00:00Z");

describe("parseSince", () => {
  it.each([
    ["", null],
    ["   ", null],
    ["2030-03-01", "2030-03-01T00:00:00.000Z"],
    ["2030-03-09T08:30:00Z", "2030-03-09T08:30:00.000Z"],
    ["2030-03-09T10:30:00+02:00", "2030-03-09T08:30:00.000Z"],
    ["30m", "2030-03-10T11:30:00.000Z"],
    ["24h", "2030-03-09T12:00:00.000Z"],
    ["7d", "2030-03-03T12:00:00.000Z"],
    ["2W", "2030-02-24T12:00:00.000Z"],
  ])("reads %j", (text, expected) => {
    expect(parseSince(text, NOW)?.toISOString() ?? null).toBe(expected);
  });

  it.each([
    ["yesterday", "neither a date nor a duration"],
    ["7 days", "neither a date nor a duration"],
    ["2030-02-30", "not a calendar date"],
    ["2030-03-11", "in the future"],
    ["0d", "not a duration"],
    ["99999w", "not a duration"],
    ["1990-01-01", "more than 10 years ago"],
    ["2030-03-09T08:30:00", "neither a date nor a duration"],
    ["<!channel>", "neither a date nor a duration"],
  ])("refuses %j with a message showing the accepted forms", (text, why) => {
    let error: unknown;
    try {
      parseSince(text, NOW);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ValidationFailed);
    const message = (error as ValidationFailed).message;
    expect(message).toContain(why);
    expect(message).toContain("24h");
    expect(message).not.toContain("<!channel>");
  });
});

describe("the Okta request-id ledger", () => {
  it("hands a flow's calls to its next audit entry once, and ignores calls without ids", async () => {
    const ledger = createOktaRequestLedger();
    ledger.observe({ operation: "listUsers", bucket: "users", status: 200, durationMs: 5, rateLimited: false, correlationId: "c1", oktaRequestId: "rid-1" });
    ledger.observe({ operation: "listUsers", bucket: "users", status: 200, durationMs: 5, rateLimited: false, correlationId: "c2", oktaRequestId: "rid-other" });
    ledger.observe({ operation: "getUser", bucket: "users", status: "error", durationMs: 5, rateLimited: false, correlationId: "c1" });
    ledger.observe({ operation: "getUser", bucket: "users", status: 200, durationMs: 5, rateLimited: false, oktaRequestId: "rid-no-flow" });
    const appended: Parameters<GovernanceStore["appendAudit"]>[0][] = [];
    const recorder = createAuditRecorder({
      store: { appendAudit: async (entry) => (appended.push(entry), { ...entry, id: "1", at: new Date(), actor: { platform: null, tenantId: null, chatUserId: null, oktaUserId: null }, target: { oktaUserId: null, sarId: null, requestId: null }, reason: null, launchId: null, correlationId: entry.correlationId ?? null, details: entry.details ?? {} }) },
      logger: pino({ level: "silent" }),
      oktaRequests: ledger,
    });
    await recorder.record({ actor: {}, action: "sar.read", outcome: "allowed", correlationId: "c1", details: { via: ["responder"] } });
    await recorder.record({ actor: {}, action: "sar.read", outcome: "allowed", correlationId: "c1" });
    expect(appended[0]?.details).toEqual({ via: ["responder"], oktaRequests: [{ operation: "listUsers", status: 200, requestId: "rid-1" }] });
    expect(appended[1]?.details).toBeUndefined();
    expect(ledger.take("c2")).toEqual([{ operation: "listUsers", status: 200, requestId: "rid-other" }]);
  });

  it("forgets the oldest flows beyond its bound", () => {
    const ledger = createOktaRequestLedger({ maxFlows: 2, maxCallsPerFlow: 2 });
    for (const flow of ["a", "b", "c"]) ledger.note(flow, { operation: "op", status: 200, requestId: `${flow}-1` });
    for (const n of [2, 3]) ledger.note("c", { operation: "op", status: 200, requestId: `c-${n}` });
    expect(ledger.take("a")).toEqual([]);
    expect(ledger.take("b").map((c) => c.requestId)).toEqual(["b-1"]);
    expect(ledger.take("c").map((c) => c.requestId)).toEqual(["c-2", "c-3"]);
  });
});

describe("exportAuditRecords over a real store", () => {
  const clock = createManualClock("2030-03-01T00:00:00Z");
  const testStore = testStoreForFile({ clock });
  let store: GovernanceStore;
  let launch: LaunchRecord;
  const APPROVER = "00uapprover1" as OktaUserId;
  const SAR = "sar00000000000000042" as SarId;

  beforeAll(async () => {
    store = testStore();
    // Day 1: twenty unrelated entries. Day 5: a launch, approved, launched.
    for (let i = 0; i < 20; i++) {
      clock.advance(60_000);
      await store.appendAudit({ actor: { platform: "slack", tenantId: "T01", chatUserId: "U100", oktaUserId: "00urequester" as OktaUserId }, action: "whoami", outcome: "succeeded", details: { n: i } });
    }
    clock.set("2030-03-05T10:00:00Z");
    launch = await launchIn(store, clock, "PENDING_APPROVAL");
    await store.appendAudit({
      actor: { platform: "slack", tenantId: "T01", chatUserId: "U100", oktaUserId: "00urequester" as OktaUserId },
      action: "sar.launch",
      outcome: "allowed",
      correlationId: "corr-submit",
      details: { via: ["responder"], because: ['responder: member of Okta group "Incident Responders"'], oktaRequests: [{ operation: "listUsers", status: 200, requestId: "okta-rid-1" }] },
    });
    await store.appendAudit({ actor: { oktaUserId: "00urequester" as OktaUserId }, action: "sar.launch", outcome: "requested", launchId: launch.id, target: { oktaUserId: launch.target.oktaUserId } });
    await store.updateLaunch(launch.id, { approvalMessageId: "1700000005.000500" });
    clock.advance(60_000);
    await store.recordDecision({ launchId: launch.id, approver: { platform: "slack", tenantId: "T01", chatUserId: "U21", oktaUserId: APPROVER }, decision: "approve" });
    clock.advance(1_000);
    await store.appendAudit({
      actor: { platform: "slack", tenantId: "T01", chatUserId: "U21", oktaUserId: APPROVER },
      action: "sar.launch.approve",
      outcome: "allowed",
      launchId: launch.id,
      details: { via: ["approver"] },
    });
    await store.transitionLaunch(launch.id, { from: ["PENDING_APPROVAL"], to: "APPROVED" });
    await store.transitionLaunch(launch.id, { from: ["APPROVED"], to: "LAUNCHING" });
    await store.transitionLaunch(launch.id, { from: ["LAUNCHING"], to: "LAUNCHED", set: { sarId: SAR, sarStatus: "PENDING" } });
    clock.advance(1_000);
    await store.appendAudit({
      actor: { oktaUserId: "00urequester" as OktaUserId },
      action: "sar.launch.launched",
      outcome: "succeeded",
      launchId: launch.id,
      target: { sarId: SAR },
      details: { oktaRequests: [{ operation: "createSecurityAccessReview", status: 201, requestId: "okta-rid-create" }] },
    });
    clock.advance(1_000);
    await store.appendAudit({ actor: { platform: "teams", tenantId: "tn", chatUserId: "29:x", oktaUserId: null }, action: "audit.read", outcome: "denied", reason: "needs admin", details: { requiredRoles: ["admin"] } });
  });

  const collect = async (source: AuditExportSource, since: Date | null, pageSize?: number, permalink?: PermalinkBuilder): Promise<AuditExportRecord[]> => {
    const out: AuditExportRecord[] = [];
    for await (const record of exportAuditRecords(source, { since, ...(pageSize !== undefined && { pageSize }), ...(permalink !== undefined && { permalink }) })) out.push(record);
    return out;
  };

  it("reads the whole trail newest first in pages of at most pageSize entries", async () => {
    const limits: number[] = [];
    const counting: AuditExportSource = {
      queryAudit: async (query) => (limits.push(query.limit ?? -1), store.queryAudit(query)),
      getLaunch: (id) => store.getLaunch(id),
      listDecisions: (id) => store.listDecisions(id),
    };
    const records = await collect(counting, null, 4);
    expect(records).toHaveLength(25);
    expect(records.map((r) => Number(r.id))).toEqual([...records.map((r) => Number(r.id))].sort((a, b) => b - a));
    expect(new Set(records.map((r) => r.id)).size).toBe(25);
    expect(limits.every((limit) => limit === 4)).toBe(true);
    expect(limits.length).toBe(7);
  });

  it("keeps only entries at or after `since`, and stops reading soon after it", async () => {
    const limits: number[] = [];
    const counting: AuditExportSource = {
      queryAudit: async (query) => (limits.push(query.limit ?? -1), store.queryAudit(query)),
      getLaunch: (id) => store.getLaunch(id),
      listDecisions: (id) => store.listDecisions(id),
    };
    const records = await collect(counting, new Date("2030-03-05T00:00:00Z"), 3);
    expect(records.map((r) => r.action)).toEqual(["audit.read", "sar.launch.launched", "sar.launch.approve", "sar.launch", "sar.launch"]);
    // 5 recent entries then day-1 entries: the third page already reaches past the boundary.
    expect(limits.length).toBe(2);
  });

  it("joins the launch: chat message and permalink, SAR id, reference, approvals as they stood", async () => {
    // The link's format belongs to the chat adapter (test/adapters/*/permalink.test.ts); the core hands it the stored ids.
    const link: PermalinkBuilder = (l) => `${l.platform}:${l.conversationId}/${l.threadId ?? "-"}/${l.messageId ?? "-"}`;
    const records = await collect(store, new Date("2030-03-05T00:00:00Z"), undefined, link);
    const byAction = (action: string, outcome?: string) => records.find((r) => r.action === action && (outcome === undefined || r.outcome === outcome));
    const launched = byAction("sar.launch.launched");
    expect(launched).toMatchObject({
      format: AUDIT_EXPORT_FORMAT,
      outcome: "succeeded",
      target: { sarId: SAR, launchId: launch.id, launchReference: launch.reference },
      chat: { platform: "slack", tenantId: "T01", conversationId: "C0INCIDENT", threadId: "1700000000.000100", messageId: "1700000005.000500" },
      oktaRequestIds: ["okta-rid-create"],
      oktaRequests: [{ operation: "createSecurityAccessReview", status: 201, requestId: "okta-rid-create" }],
    });
    expect(launched?.chat?.permalink).toBe("slack:C0INCIDENT/1700000000.000100/1700000005.000500");
    expect(launched?.approvals).toEqual([
      { approver: { platform: "slack", tenantId: "T01", chatUserId: "U21", oktaUserId: APPROVER }, decision: "approve", reason: null, at: "2030-03-05T10:01:00.000Z", stepUp: null },
    ]);
    // Written before anyone approved: no approvals yet, but the SAR the launch later created is named.
    const requested = byAction("sar.launch", "requested");
    expect(requested?.approvals).toEqual([]);
    expect(requested?.target.sarId).toBe(SAR);
    expect(byAction("sar.launch.approve")?.policy).toEqual({ decision: "allowed", rule: "approval.sar.launch", via: ["approver"], because: [], requiredRoles: [] });
  });

  it("carries the policy decision and rule, and Okta's request ids, of a permission check", async () => {
    const records = await collect(store, new Date("2030-03-05T00:00:00Z"));
    const submit = records.find((r) => r.action === "sar.launch" && r.outcome === "allowed");
    expect(submit?.policy).toEqual({ decision: "allowed", rule: "permissions.sar.launch", via: ["responder"], because: ['responder: member of Okta group "Incident Responders"'], requiredRoles: [] });
    expect(submit?.oktaRequestIds).toEqual(["okta-rid-1"]);
    expect(submit?.chat).toBeNull();
    const refused = records.find((r) => r.action === "audit.read");
    expect(refused).toMatchObject({ outcome: "denied", reason: "needs admin", actor: { platform: "teams", chatUserId: "29:x", oktaUserId: null } });
    expect(refused?.policy).toEqual({ decision: "denied", rule: "permissions.audit.read", via: [], because: [], requiredRoles: ["admin"] });
    expect(records.find((r) => r.action === "sar.launch.launched")?.policy).toBeNull();
  });

  it("exports the chat ids without a link when no front end builds one", async () => {
    const records = await collect(store, new Date("2030-03-05T00:00:00Z"));
    const launched = records.find((r) => r.action === "sar.launch.launched");
    expect(launched?.chat).toMatchObject({ conversationId: "C0INCIDENT", messageId: "1700000005.000500", permalink: null });
  });

  it("writes one JSON object per line", async () => {
    let text = "";
    for await (const chunk of exportAuditLines(store, { since: new Date("2030-03-05T00:00:00Z") })) {
      expect(chunk.endsWith("\n")).toBe(true);
      expect(chunk.slice(0, -1)).not.toContain("\n");
      text += chunk;
    }
    const lines = text.trimEnd().split("\n").map((line) => JSON.parse(line) as AuditExportRecord);
    expect(lines.map((l) => l.action)).toEqual(["audit.read", "sar.launch.launched", "sar.launch.approve", "sar.launch", "sar.launch"]);
  });

  it("stops between pages when aborted", async () => {
    const aborted = new AbortController();
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const record of exportAuditRecords(store, { since: null, pageSize: 2, signal: aborted.signal })) {
          seen.push(record.id);
          aborted.abort();
        }
      })(),
    ).rejects.toThrow();
    expect(seen.length).toBe(2);
  });
});

describe("exportAuditRecords: approvals carry their step-up proof", () => {
  const clock = createManualClock("2030-04-01T00:00:00Z");
  const testStore = testStoreForFile({ clock });

  it("exports the recorded Okta sign-in of a verified approval, and null for a plain one", async () => {
    const store = testStore();
    const launch = await launchIn(store, clock, "PENDING_APPROVAL");
    const verified = "00uverified1" as OktaUserId;
    const plain = "00uplain0001" as OktaUserId;
    clock.advance(1_000);
    await store.recordDecision({
      launchId: launch.id,
      approver: { platform: "slack", tenantId: "T01", chatUserId: "U31", oktaUserId: verified },
      decision: "approve",
      verification: { issuer: "https://acme.okta.com", sub: verified, authTime: new Date("2030-04-01T00:00:00.500Z"), acr: "urn:okta:loa:2fa:any", jti: "ID.jti-1", nonce: "n-1" },
    });
    await store.recordDecision({ launchId: launch.id, approver: { platform: "slack", tenantId: "T01", chatUserId: "U32", oktaUserId: plain }, decision: "approve" });
    clock.advance(1_000);
    await store.appendAudit({ actor: { oktaUserId: verified }, action: "sar.launch.approve", outcome: "allowed", launchId: launch.id });
    const records: AuditExportRecord[] = [];
    for await (const record of exportAuditRecords(store, { since: null })) records.push(record);
    const approvals = records.find((r) => r.action === "sar.launch.approve")?.approvals ?? [];
    expect(approvals.find((a) => a.approver.oktaUserId === verified)?.stepUp).toEqual({
      issuer: "https://acme.okta.com",
      sub: verified,
      authTime: "2030-04-01T00:00:00.500Z",
      acr: "urn:okta:loa:2fa:any",
      jti: "ID.jti-1",
      nonce: "n-1",
    });
    expect(approvals.find((a) => a.approver.oktaUserId === plain)?.stepUp).toBeNull();
  });
});
