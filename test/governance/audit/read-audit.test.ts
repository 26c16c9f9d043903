// Reading the audit trail for `/sar audit`: filtered by person or by id,
// newest first, in pages joined by an opaque cursor.
import { beforeAll, describe, expect, it } from "vitest";
import { readAudit, type ReadAuditQuery } from "../../../src/governance/audit/index.js";
import { ValidationFailed } from "../../../src/governance/errors.js";
import type { AccessRequestId, OktaUserId, SarId } from "../../../src/governance/okta/types.js";
import type { AuditEntry, GovernanceStore, LaunchId } from "../../../src/governance/store.js";
import { createManualClock, testStoreForFile } from "../../support/core-harness.js";

const ALICE = "00udemoalice00000000" as OktaUserId;
const DAN = "00udemodan0000000000" as OktaUserId;
const ERIN = "00udemoerin000000000" as OktaUserId;
const SAR = "sar00000000000000001" as SarId;
const REQUEST = "reqdemodanpending000" as AccessRequestId;
const LAUNCH = "7b0c1c52-4a0e-4c3e-9a57-0d1f1b2a3c4d" as LaunchId;

const clock = createManualClock("2030-01-01T00:00:00Z");
const testStore = testStoreForFile({ clock });
let store: GovernanceStore;

beforeAll(async () => {
  store = testStore();
  const append = async (action: string, entry: Partial<Parameters<GovernanceStore["appendAudit"]>[0]> = {}) => {
    clock.advance(1_000);
    await store.appendAudit({ actor: { oktaUserId: ALICE }, action, outcome: "succeeded", ...entry });
  };
  await append("sar.launch", { outcome: "requested", target: { oktaUserId: DAN }, launchId: LAUNCH });
  await append("sar.launch.approved", { actor: { oktaUserId: ERIN }, launchId: LAUNCH });
  await append("sar.launch.succeeded", { target: { oktaUserId: DAN, sarId: SAR }, launchId: LAUNCH });
  await append("request.message", { target: { requestId: REQUEST } });
  for (let i = 0; i < 5; i++) await append("audit.read", { actor: { oktaUserId: ERIN }, outcome: "denied" });
});

const actions = (entries: AuditEntry[]) => entries.map((e) => e.action);

describe("readAudit", () => {
  it("lists a person's entries, as actor or as target, newest first", async () => {
    const { entries, nextCursor } = await readAudit(store, { oktaUserId: DAN, limit: 10 });
    expect(actions(entries)).toEqual(["sar.launch.succeeded", "sar.launch"]);
    expect(nextCursor).toBeNull();
    const alice = await readAudit(store, { oktaUserId: ALICE, limit: 10 });
    expect(actions(alice.entries)).toEqual(["request.message", "sar.launch.succeeded", "sar.launch"]);
    expect(alice.entries.map((e) => e.at.getTime())).toEqual([...alice.entries.map((e) => e.at.getTime())].sort((a, b) => b - a));
  });

  it.each<[string, Omit<ReadAuditQuery, "limit">, string[]]>([
    ["a SAR id", { sarId: SAR }, ["sar.launch.succeeded"]],
    ["an access request id", { requestId: REQUEST }, ["request.message"]],
    ["a launch id", { launchId: LAUNCH }, ["sar.launch.succeeded", "sar.launch.approved", "sar.launch"]],
    ["a person and a launch together", { oktaUserId: ERIN, launchId: LAUNCH }, ["sar.launch.approved"]],
  ])("finds entries by %s", async (_how, filter, expected) => {
    expect(actions((await readAudit(store, { ...filter, limit: 10 })).entries)).toEqual(expected);
  });

  it("pages through entries with the cursor, without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await readAudit(store, { oktaUserId: ERIN, limit: 2, ...(cursor !== undefined ? { cursor } : {}) });
      seen.push(...page.entries.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor !== undefined);
    const all = await readAudit(store, { oktaUserId: ERIN, limit: 50 });
    expect(all.entries).toHaveLength(6);
    expect(seen).toEqual(all.entries.map((e) => e.id));
    expect(pages).toBe(3);
  });

  it("ends paging exactly at the last entry (no empty last page)", async () => {
    const page = await readAudit(store, { oktaUserId: DAN, limit: 2 });
    expect(page.entries).toHaveLength(2);
    expect(page.nextCursor).toBeNull();
  });

  it.each([
    ["a limit of 0", { limit: 0 }, "limit"],
    ["a limit above 200", { limit: 201 }, "limit"],
    ["a fractional limit", { limit: 2.5 }, "limit"],
    ["a cursor that is not one", { limit: 5, cursor: "1; DROP TABLE audit_log" }, "cursor"],
    ["a negative cursor", { limit: 5, cursor: "-1" }, "cursor"],
  ])("refuses %s as a form error", async (_how, query, field) => {
    const err = await readAudit(store, query).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationFailed);
    expect(Object.keys((err as ValidationFailed).fields)).toEqual([field]);
  });
});
