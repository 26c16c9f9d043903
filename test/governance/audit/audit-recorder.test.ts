// The audit recorder never breaks the flow it records: a failed write is
// logged (without the entry's free text) and swallowed, unless the caller
// asks for it to be raised.
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { auditActor, createAuditRecorder } from "../../../src/governance/audit/index.js";
import type { OktaUserId } from "../../../src/governance/okta/types.js";
import type { GovernanceStore, NewAuditEntry } from "../../../src/governance/store.js";
import { createManualClock, testStoreForFile } from "../../support/core-harness.js";

const clock = createManualClock("2030-01-01T00:00:00Z");
const testStore = testStoreForFile({ clock });

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

const entry: NewAuditEntry = {
  actor: auditActor({ platform: "slack", tenantId: "T_DEMO", userId: "U_ALICE" }, "00udemoalice00000000" as OktaUserId),
  action: "request.message",
  outcome: "succeeded",
  reason: "secret incident details typed by a responder",
  correlationId: "corr-1",
  details: { message: "the attacker used token sk_live_123" },
};

const failing: Pick<GovernanceStore, "appendAudit"> = { appendAudit: () => Promise.reject(new Error("connection lost")) };

describe("AuditRecorder", () => {
  it("appends the entry and returns it as stored", async () => {
    const { logger } = capturingLogger();
    const stored = await createAuditRecorder({ store: testStore(), logger }).record(entry);
    expect(stored).toMatchObject({
      action: "request.message",
      actor: { platform: "slack", tenantId: "T_DEMO", chatUserId: "U_ALICE", oktaUserId: "00udemoalice00000000" },
      correlationId: "corr-1",
      at: clock.now(),
    });
    const [latest] = await testStore().queryAudit({ limit: 1 });
    expect(latest?.id).toBe(stored?.id);
  });

  it("swallows a failed write, logging it at error level without the entry's text", async () => {
    const { logger, lines } = capturingLogger();
    await expect(createAuditRecorder({ store: failing, logger }).record(entry)).resolves.toBeNull();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, msg: "audit write failed", audit: { action: "request.message", outcome: "succeeded", correlationId: "corr-1" } });
    const text = JSON.stringify(lines);
    expect(text).toContain("connection lost");
    expect(text).not.toContain("sk_live_123");
    expect(text).not.toContain("secret incident details");
  });

  it("raises a failed write when the caller requires the entry", async () => {
    const { logger, lines } = capturingLogger();
    await expect(createAuditRecorder({ store: failing, logger }).record(entry, { rethrow: true })).rejects.toThrow("connection lost");
    expect(lines).toHaveLength(1);
  });
});
