// The triage actions store on PGlite (migration 004): one click per
// idempotency key, one action under way per review, item and action (review
// actions too, whose item is NULL), finishing once; and step-up challenges
// that carry an item action instead of a launch.
import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { OktaUserId } from "../../../src/governance/okta/types.js";
import type { NewTriageAction, StepUpChallengeId } from "../../../src/governance/store.js";
import { coreHarnessForFile } from "../../support/core-harness.js";

const harness = coreHarnessForFile();
let n = 0;
const actor = { platform: "slack" as const, tenantId: "T_DEMO", chatUserId: "U_BOB", oktaUserId: "00udemobob0000000000" as OktaUserId, login: "bob.lead@example.com", displayName: "Bob Lead" };
const click = (overrides: Partial<NewTriageAction> = {}): NewTriageAction => ({
  sarId: `sar${String(++n).padStart(17, "0")}`,
  accessId: "aim00000000000000001",
  action: "REVOKE_ACCESS",
  idempotencyKey: `key-${n}`,
  actor,
  note: null,
  ...overrides,
});

describe("the triage actions store", () => {
  it("starts a click once; the same key again is a duplicate, another key on the same action is busy until it finishes", async () => {
    const { store } = harness();
    const first = click({ note: "phished" });
    const started = await store.beginTriageAction(first);
    expect(started).toMatchObject({ kind: "started", record: { state: "pending", sarId: first.sarId, accessId: first.accessId, note: "phished", actor, outcome: null, finishedAt: null } });
    expect(await store.beginTriageAction(first)).toMatchObject({ kind: "duplicate", record: { id: started.record.id } });
    const other = { ...first, idempotencyKey: `${first.idempotencyKey}-b`, actor: { ...actor, login: "carol.admin@example.com" } };
    expect(await store.beginTriageAction(other)).toMatchObject({ kind: "busy", record: { id: started.record.id } });
    // Another item or another action of the same review is not blocked.
    expect((await store.beginTriageAction({ ...other, idempotencyKey: "x1", accessId: "aim00000000000000002" })).kind).toBe("started");
    expect((await store.beginTriageAction({ ...other, idempotencyKey: "x2", action: "FLAG_FOR_MANUAL_REMEDIATION" })).kind).toBe("started");

    expect(await store.finishTriageAction(started.record.id, "done", { itemName: "AWS", comment: "Revoked AWS" })).toBe(true);
    expect(await store.finishTriageAction(started.record.id, "failed", {})).toBe(false);
    expect(await store.getTriageActionByKey(first.idempotencyKey)).toMatchObject({ state: "done", outcome: { itemName: "AWS", comment: "Revoked AWS" } });
    expect((await store.beginTriageAction(other)).kind).toBe("started");
  });

  it("an unknown outcome blocks like a pending one until it is settled", async () => {
    const { store } = harness();
    const first = click();
    const started = await store.beginTriageAction(first);
    expect(await store.finishTriageAction(started.record.id, "unknown", { itemName: "AWS" })).toBe(true);
    expect(await store.beginTriageAction({ ...first, idempotencyKey: "u2" })).toMatchObject({ kind: "busy", record: { state: "unknown" } });
    expect(await store.finishTriageAction(started.record.id, "done", { itemName: "AWS" })).toBe(true);
    expect((await store.beginTriageAction({ ...first, idempotencyKey: "u2" })).kind).toBe("started");
  });

  it("lets one of many concurrent clicks through, review actions (no item) included", async () => {
    const { store } = harness();
    const base = click({ accessId: null, action: "CLOSE_REVIEW" });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.beginTriageAction({ ...base, idempotencyKey: `close-${base.sarId}-${i}` })));
    expect(results.filter((r) => r.kind === "started")).toHaveLength(1);
    expect(results.filter((r) => r.kind === "busy")).toHaveLength(7);
    const listed = await store.listTriageActions(base.sarId);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ accessId: null, action: "CLOSE_REVIEW" });
    expect(await store.listTriageActions(base.sarId, { states: ["done"] })).toEqual([]);
  });

  it("keeps a step-up challenge for an item action, and refuses one for both or neither", async () => {
    const { store, clock } = harness();
    const id = createHash("sha256").update(randomBytes(32)).digest("hex") as StepUpChallengeId;
    const base = {
      id,
      approver: { platform: "slack" as const, tenantId: "T_DEMO", chatUserId: "U_BOB", oktaUserId: actor.oktaUserId },
      state: randomBytes(24).toString("base64url"),
      nonce: "n",
      codeVerifier: randomBytes(32).toString("base64url"),
      acrValues: null,
      expiresAt: new Date(clock.now().getTime() + 300_000),
    };
    const triageAction = { sarId: "sar00000000000000001", accessId: "aim00000000000000001", action: "REVOKE_ACCESS", note: "x", idempotencyKey: "k" };
    const created = await store.createStepUpChallenge({ ...base, launchId: null, triageAction });
    expect(created).toMatchObject({ launchId: null, triageAction });
    expect(await store.getStepUpChallengeByState(base.state)).toEqual(created);
    await expect(store.createStepUpChallenge({ ...base, id: `${id.slice(0, 63)}0` as StepUpChallengeId, state: `${base.state}x`, launchId: null })).rejects.toThrow(/exactly one/);
  });
});
