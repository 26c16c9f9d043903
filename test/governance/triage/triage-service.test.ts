// The triage service against the sandbox over HTTP and a real PGlite
// store: the card (cold and warm Okta calls, the viewer's buttons), who may
// act (refusals with no review call), exactly once (duplicate deliveries,
// concurrent clicks, two replicas), unknown outcomes, hostile input, the
// review actions, updates, comments and the closing summary.
import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { toExportRecord } from "../../../src/governance/audit/export-record.js";
import { OktaOutcomeUnknown } from "../../../src/governance/okta/errors.js";
import type { SarAccessAction } from "../../../src/governance/okta/sar-triage-types.js";
import { parsePolicy } from "../../../src/governance/policy/index.js";
import type { Reply } from "../../../src/governance/replies.js";
import type { TriageView } from "../../../src/governance/triage/types.js";
import type { OktaUserId } from "../../../src/governance/okta/types.js";
import { coreHarnessForFile, DEMO_USERS, type CoreHarness } from "../../support/core-harness.js";
import { activeReview, cardOf, triageBench, type TriageBench } from "./support.js";

const harness = coreHarnessForFile({ sarActivationDelayMs: 1_000 });
const REPO_POLICY = readFileSync(new URL("../../../policy.yaml", import.meta.url), "utf8");

let key = 0;
const nextKey = () => `click-${++key}`;

function cardOf_(reply: Reply): TriageView {
  if (reply.type !== "triage-card") throw new Error(`expected a triage card, got ${JSON.stringify(reply)}`);
  return reply.triage;
}

/** Warms the identity cache of these people, so counted calls are the review's own. */
async function warm(bench: TriageBench, h: CoreHarness, ...users: (keyof typeof DEMO_USERS)[]) {
  for (const user of users) await bench.core.whoami(h.actorFor(user));
}

/** The first item of `sarId` that offers `action`, as the shared card shows it. */
async function itemWith(bench: TriageBench, h: CoreHarness, sarId: string, action: SarAccessAction) {
  const view = cardOf_(await bench.core.openTriage(h.actorFor("bob"), { ref: sarId, viewer: "shared" }));
  const item = view.items.find((i) => i.supportedActions.includes(action));
  if (item === undefined) throw new Error(`no item offers ${action}`);
  return item;
}

const posts = (bench: TriageBench, name = "executeSecurityAccessReviewAccessesAction") => bench.gateway.calls.filter((c) => c === name).length;

describe("the triage card", () => {
  beforeEach(async () => harness().reset());

  it("is read cold in at most 3 review calls, warm in none, and again after invalidate; items highest priority first", async () => {
    const h = harness();
    const bench = triageBench(h);
    const sarId = activeReview(h);
    await warm(bench, h, "alice");
    bench.gateway.reset();

    const view = cardOf_(await bench.core.openTriage(h.actorFor("alice"), { ref: sarId, viewer: "shared" }));
    expect(bench.gateway.reviewCalls()).toBeLessThanOrEqual(3);
    expect(bench.gateway.calls).toEqual(expect.arrayContaining(["getSecurityAccessReview", "getSecurityAccessReviewPrincipalDetails", "listSecurityAccessReviewAccesses"]));
    expect(view.sar).toMatchObject({ id: sarId, status: "ACTIVE", reviewers: [{ oktaUserId: DEMO_USERS.erin.id }] });
    expect(view.principal).toMatchObject({ oktaUserId: DEMO_USERS.dan.id, email: DEMO_USERS.dan.email, status: "ACTIVE" });
    expect(view.items.length).toBeGreaterThan(0);
    const rank = { HIGH: 3, MEDIUM: 2, LOW: 1 } as const;
    const ranks = view.items.map((i) => rank[i.priority ?? "LOW"]);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(view.items.some((i) => i.labels.some((l) => /: /.test(l)))).toBe(true);
    expect(view.readOnly).toBe(false);

    bench.gateway.reset();
    await bench.core.openTriage(h.actorFor("alice"), { ref: sarId, viewer: "shared" });
    expect(bench.gateway.reviewCalls()).toBe(0);

    h.clock.advance(61_000);
    await bench.core.openTriage(h.actorFor("alice"), { ref: sarId, viewer: "shared" });
    expect(bench.gateway.reviewCalls()).toBe(3);

    bench.gateway.reset();
    bench.core.triage.invalidate(sarId);
    await bench.core.openTriage(h.actorFor("alice"), { ref: sarId, viewer: "shared" });
    expect(bench.gateway.reviewCalls()).toBe(3);
  });

  it("opens by launch reference; a launch without a review and an unknown reference are clear errors", async () => {
    const h = harness();
    const bench = triageBench(h);
    const sarId = activeReview(h);
    const launch = await h.store.createLaunch({
      requester: { platform: "slack", tenantId: "T_DEMO", chatUserId: "U_ALICE", oktaUserId: DEMO_USERS.alice.id as OktaUserId },
      target: { oktaUserId: DEMO_USERS.dan.id as OktaUserId, login: DEMO_USERS.dan.login },
      reviewerIds: [DEMO_USERS.erin.id as OktaUserId],
      sarName: (ref) => `SAR dan ${ref}`,
      sarEndTime: new Date(h.clock.now().getTime() + 7 * 86_400_000),
      reason: "phished",
      approval: { required: false, minApprovals: 0, expiresAt: null },
      conversation: h.conversation(),
    });
    const pending = await bench.core.openTriage(h.actorFor("alice"), { ref: launch.reference, viewer: "shared" });
    expect(pending).toMatchObject({ type: "error", code: "not_found", message: expect.stringContaining("has no security access review yet") });
    await h.store.transitionLaunch(launch.id, { from: ["APPROVED"], to: "LAUNCHING" });
    await h.store.transitionLaunch(launch.id, { from: ["LAUNCHING"], to: "LAUNCHED", set: { sarId: sarId as never } });

    const view = cardOf_(await bench.core.openTriage(h.actorFor("alice"), { ref: launch.reference.toLowerCase(), viewer: "shared" }));
    expect(view.sar).toMatchObject({ id: sarId, launchReference: launch.reference });
    expect(await bench.core.openTriage(h.actorFor("alice"), { ref: "LZZZZZZ" })).toMatchObject({ type: "error", code: "not_found" });
    bench.gateway.reset();
    expect(await bench.core.openTriage(h.actorFor("alice"), { ref: "../../users" })).toMatchObject({ type: "error", code: "validation_failed" });
    expect(bench.gateway.reviewCalls()).toBe(0);
  });

  it("gives each person only the buttons they may use; the shared card every one; only sar.read or an assigned reviewer sees it", async () => {
    const h = harness();
    const bench = triageBench(h);
    const sarId = activeReview(h);
    const shared = cardOf_(await bench.core.openTriage(h.actorFor("alice"), { ref: sarId, viewer: "shared" }));
    expect(shared.viewer).toEqual({ kind: "shared" });
    expect(shared.controls).toEqual(["close", "restore-all", "extend", "reviewers", "comment", "summarize"]);
    for (const item of shared.items) expect(item.allowedActions).toEqual(item.supportedActions);

    const bob = cardOf_(await bench.core.openTriage(h.actorFor("bob"), { ref: sarId }));
    expect(bob.viewer).toEqual({ kind: "person", oktaUserId: DEMO_USERS.bob.id });
    expect(bob.controls).toEqual(["close", "restore-all", "extend", "reviewers", "comment", "summarize"]);
    expect(bob.items.some((i) => i.allowedActions.length > 0)).toBe(true);

    const alice = cardOf_(await bench.core.openTriage(h.actorFor("alice"), { ref: sarId }));
    expect(alice.controls).toEqual(["extend", "reviewers", "comment", "summarize"]);
    for (const item of alice.items) expect(item.allowedActions).toEqual([]);

    // erin holds no role but is the review's assigned reviewer: she sees what she may act on (sar.reviewersMayAct).
    const erin = cardOf_(await bench.core.openTriage(h.actorFor("erin"), { ref: sarId }));
    expect(erin.controls).toEqual(["close", "restore-all", "summarize"]);
    expect(erin.items.some((i) => i.allowedActions.includes("REVOKE_ACCESS"))).toBe(true);
    const firstItem = erin.items.find((i) => i.hasDetails);
    if (firstItem !== undefined) expect(await bench.core.triageDetails(h.actorFor("erin"), { sarId, accessId: firstItem.id })).toMatchObject({ type: "triage-details" });
    // Without sar.reviewersMayAct she may not see it; dan, under review and holding no role, never sees it either.
    const strict = parsePolicy(REPO_POLICY.replace('namePrefix: "SAR"', 'namePrefix: "SAR"\n  reviewersMayAct: false'), "policy.yaml");
    expect(await triageBench(h, { policy: strict }).core.openTriage(h.actorFor("erin"), { ref: sarId })).toMatchObject({ type: "error", code: "not_allowed" });
    expect(await bench.core.openTriage(h.actorFor("dan"), { ref: sarId })).toMatchObject({ type: "error", code: "not_allowed" });
  });

  it("pages with opaque cursors, forward and back; a forged cursor is refused", async () => {
    const h = harness();
    const bench = triageBench(h);
    const sarId = activeReview(h);
    const first = cardOf_(await bench.core.openTriage(h.actorFor("alice"), { ref: sarId, viewer: "shared" }));
    expect(first.page).toMatchObject({ index: 0, size: 10 });
    expect(first.page.previousCursor).toBeUndefined();
    expect(await bench.core.openTriage(h.actorFor("alice"), { ref: sarId, cursor: "not a cursor" })).toMatchObject({ type: "error", code: "validation_failed" });
    if (first.page.nextCursor !== undefined) {
      const second = cardOf_(await bench.core.openTriage(h.actorFor("alice"), { ref: sarId, cursor: first.page.nextCursor }));
      expect(second.page.index).toBe(1);
      const back = cardOf_(await bench.core.openTriage(h.actorFor("alice"), { ref: sarId, cursor: second.page.previousCursor! }));
      expect(back.items.map((i) => i.id)).toEqual(first.items.map((i) => i.id));
    }
  });

  it("Details reads sub-accesses and anomalies in 2 calls (none warm); the card then shows the item's anomalies", async () => {
    const h = harness();
    const bench = triageBench(h);
    const sarId = activeReview(h);
    const first = cardOf_(await bench.core.openTriage(h.actorFor("alice"), { ref: sarId, viewer: "shared" }));
    const item = first.items.find((i) => i.hasDetails) ?? first.items[0]!;
    bench.gateway.reset();
    const reply = await bench.core.triageDetails(h.actorFor("alice"), { sarId, accessId: item.id });
    expect(reply.type).toBe("triage-details");
    expect(bench.gateway.reviewCalls()).toBe(2);
    const details = reply.type === "triage-details" ? reply.details : undefined;
    expect(details?.item.id).toBe(item.id);
    expect(details?.item.anomalies.length).toBeGreaterThan(0);
    bench.gateway.reset();
    await bench.core.triageDetails(h.actorFor("alice"), { sarId, accessId: item.id });
    expect(bench.gateway.reviewCalls()).toBe(0);
    const again = cardOf_(await bench.core.openTriage(h.actorFor("alice"), { ref: sarId, viewer: "shared" }));
    expect(again.items.find((i) => i.id === item.id)?.anomalies.length).toBeGreaterThanOrEqual(details?.item.anomalies.length ?? 1);
  });
});

describe("who may act", () => {
  beforeEach(async () => harness().reset());

  it("refuses someone without the role with a message naming it, and the principal, with no review call", async () => {
    const h = harness();
    const bench = triageBench(h);
    const sarId = activeReview(h);
    const item = await itemWith(bench, h, sarId, "REVOKE_ACCESS");
    bench.core.triage.invalidate(sarId);
    // A launch record of the review says who the principal and reviewers are.
    const launch = await h.store.createLaunch({
      requester: { platform: "slack", tenantId: "T_DEMO", chatUserId: "U_ALICE", oktaUserId: DEMO_USERS.alice.id as OktaUserId },
      target: { oktaUserId: DEMO_USERS.dan.id as OktaUserId, login: DEMO_USERS.dan.login },
      reviewerIds: [DEMO_USERS.erin.id as OktaUserId],
      sarName: (ref) => `SAR dan ${ref}`,
      sarEndTime: new Date(h.clock.now().getTime() + 7 * 86_400_000),
      reason: "phished",
      approval: { required: false, minApprovals: 0, expiresAt: null },
      conversation: h.conversation(),
    });
    await h.store.transitionLaunch(launch.id, { from: ["APPROVED"], to: "LAUNCHING" });
    await h.store.transitionLaunch(launch.id, { from: ["LAUNCHING"], to: "LAUNCHED", set: { sarId: sarId as never } });
    await warm(bench, h, "alice", "frank", "dan");
    bench.gateway.reset();

    const alice = await bench.core.triageItemAction(h.actorFor("alice"), { sarId, accessId: item.id, action: "REVOKE_ACCESS", idempotencyKey: nextKey() });
    expect(alice).toMatchObject({ type: "error", code: "not_allowed", message: expect.stringMatching(/You need the approver role .* to revoke, restore or flag access items/) });
    const frankClose = await bench.core.triageReviewAction(h.actorFor("frank"), { sarId, action: "CLOSE_REVIEW", idempotencyKey: nextKey() });
    expect(frankClose).toMatchObject({ type: "error", code: "not_allowed", message: expect.stringContaining("approver role") });
    const dan = await bench.core.triageItemAction(h.actorFor("dan"), { sarId, accessId: item.id, action: "REVOKE_ACCESS", idempotencyKey: nextKey() });
    expect(dan).toMatchObject({ type: "error", code: "principal_cannot_act" });
    const danComment = await bench.core.triageComment(h.actorFor("dan"), { sarId, text: "it was not me", idempotencyKey: nextKey() });
    expect(danComment).toMatchObject({ type: "error", code: "principal_cannot_act" });
    expect(bench.gateway.reviewCalls()).toBe(0);

    const denied = await h.store.queryAudit({ sarId: sarId as never });
    expect(denied.filter((e) => e.outcome === "denied").map((e) => e.action)).toEqual(expect.arrayContaining(["sar.remediate", "sar.close", "sar.update"]));
    expect(denied.find((e) => e.action === "sar.remediate" && e.outcome === "denied")?.launchId).toBe(launch.id);
  });

  it("lets an assigned reviewer revoke, naming them in a SAR comment; not with sar.reviewersMayAct: false", async () => {
    const h = harness();
    const bench = triageBench(h);
    const sarId = activeReview(h);
    const item = await itemWith(bench, h, sarId, "REVOKE_ACCESS");
    const reply = await bench.core.triageItemAction(h.actorFor("erin"), { sarId, accessId: item.id, action: "REVOKE_ACCESS", note: "phished", idempotencyKey: nextKey() });
    expect(reply).toMatchObject({ type: "triage-action-done", done: { action: "REVOKE_ACCESS", item: { id: item.id, name: item.name }, by: { login: DEMO_USERS.erin.login }, note: "phished" } });
    const comments = h.sandbox.org.getSar(sarId)!.comments.map((c) => c.comment);
    expect(comments).toEqual([`Revoked ${item.name} - ${DEMO_USERS.erin.login} via chat: phished`]);
    expect(h.sandbox.org.actions(sarId)).toHaveLength(1);
    const after = reply.type === "triage-action-done" ? reply.triage : undefined;
    expect(after?.items.find((i) => i.id === item.id)?.remediationStatus).toBe("IN_PROGRESS");

    const strict = parsePolicy(REPO_POLICY.replace('namePrefix: "SAR"', 'namePrefix: "SAR"\n  reviewersMayAct: false'), "policy.yaml");
    const strictBench = triageBench(h, { policy: strict });
    const other = await itemWith(strictBench, h, sarId, "REVOKE_ACCESS");
    const refused = await strictBench.core.triageItemAction(h.actorFor("erin"), { sarId, accessId: other.id, action: "REVOKE_ACCESS", idempotencyKey: nextKey() });
    expect(refused).toMatchObject({ type: "error", code: "not_allowed" });
    expect((refused as { message: string }).message).not.toContain("reviewers may act");
    const closeRefused = await strictBench.core.triageReviewAction(h.actorFor("erin"), { sarId, action: "CLOSE_REVIEW", idempotencyKey: nextKey() });
    expect(closeRefused).toMatchObject({ type: "error", code: "not_allowed" });
    expect(h.sandbox.org.actions(sarId)).toHaveLength(1);
  });
});

describe("exactly once", () => {
  beforeEach(async () => harness().reset());

  it("a click delivered twice makes one Okta action and one comment; the second gets the first outcome", async () => {
    const h = harness();
    const bench = triageBench(h);
    const sarId = activeReview(h);
    const item = await itemWith(bench, h, sarId, "REVOKE_ACCESS");
    const click = { sarId, accessId: item.id, action: "REVOKE_ACCESS" as const, idempotencyKey: nextKey() };
    const first = await bench.core.triageItemAction(h.actorFor("bob"), click);
    expect(first.type).toBe("triage-action-done");
    bench.gateway.reset();
    const second = await bench.core.triageItemAction(h.actorFor("bob"), click);
    expect(second).toMatchObject({ type: "triage-action-done", done: { action: "REVOKE_ACCESS", item: { id: item.id }, by: { login: DEMO_USERS.bob.login } } });
    expect(posts(bench)).toBe(0);
    expect(bench.gateway.calls).not.toContain("addSecurityAccessReviewComment");
    expect(h.sandbox.org.actions(sarId)).toHaveLength(1);
    expect(h.sandbox.org.getSar(sarId)!.comments).toHaveLength(1);
  });

  it("two clicks at once on two replicas make one Okta action; the other is told who is doing it", async () => {
    const h = harness();
    const replicaA = triageBench(h);
    const replicaB = triageBench(h);
    const sarId = activeReview(h);
    const item = await itemWith(replicaA, h, sarId, "REVOKE_ACCESS");
    await warm(replicaB, h, "carol");
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inPost = new Promise<void>((resolve) => (entered = resolve));
    replicaA.gateway.script.executeSecurityAccessReviewAccessesAction = async (real, ...args) => {
      entered();
      await gate;
      return real(...args);
    };
    const a = replicaA.core.triageItemAction(h.actorFor("bob"), { sarId, accessId: item.id, action: "REVOKE_ACCESS", idempotencyKey: nextKey() });
    await inPost;
    const b = await replicaB.core.triageItemAction(h.actorFor("carol"), { sarId, accessId: item.id, action: "REVOKE_ACCESS", idempotencyKey: nextKey() });
    expect(b).toMatchObject({ type: "error", code: "in_progress", message: `Bob Lead (${DEMO_USERS.bob.login}) is already about to revoke this access. The card updates when it is done.` });
    release();
    expect((await a).type).toBe("triage-action-done");
    expect(posts(replicaB)).toBe(0);
    expect(h.sandbox.org.actions(sarId)).toHaveLength(1);
  });

  it("an unknown outcome that landed is recorded done after a re-read, never re-sent", async () => {
    const h = harness();
    const bench = triageBench(h);
    const sarId = activeReview(h);
    const item = await itemWith(bench, h, sarId, "REVOKE_ACCESS");
    bench.gateway.script.executeSecurityAccessReviewAccessesAction = async (real, ...args) => {
      await real(...args);
      throw new OktaOutcomeUnknown("timed out", { operation: "executeSecurityAccessReviewAccessesAction" });
    };
    const idempotencyKey = nextKey();
    const reply = await bench.core.triageItemAction(h.actorFor("bob"), { sarId, accessId: item.id, action: "REVOKE_ACCESS", idempotencyKey });
    expect(reply).toMatchObject({ type: "triage-action-done", done: { action: "REVOKE_ACCESS" } });
    expect(posts(bench)).toBe(1);
    expect(h.sandbox.org.actions(sarId)).toHaveLength(1);
    expect(await h.store.getTriageActionByKey(idempotencyKey)).toMatchObject({ state: "done" });
    expect(h.sandbox.org.getSar(sarId)!.comments).toHaveLength(1);
  });

  it("an unknown outcome that did not land is recorded failed and said so; a later click may retry", async () => {
    const h = harness();
    const bench = triageBench(h);
    const sarId = activeReview(h);
    const item = await itemWith(bench, h, sarId, "REVOKE_ACCESS");
    bench.gateway.script.executeSecurityAccessReviewAccessesAction = async () => {
      throw new OktaOutcomeUnknown("timed out", { operation: "executeSecurityAccessReviewAccessesAction" });
    };
    const idempotencyKey = nextKey();
    const reply = await bench.core.triageItemAction(h.actorFor("bob"), { sarId, accessId: item.id, action: "REVOKE_ACCESS", idempotencyKey });
    expect(reply).toMatchObject({ type: "error", code: "okta_outcome_unknown", message: expect.stringContaining("did not take effect") });
    expect(await h.store.getTriageActionByKey(idempotencyKey)).toMatchObject({ state: "failed" });
    expect(h.sandbox.org.getSar(sarId)!.comments).toHaveLength(0);
    delete bench.gateway.script.executeSecurityAccessReviewAccessesAction;
    const retry = await bench.core.triageItemAction(h.actorFor("bob"), { sarId, accessId: item.id, action: "REVOKE_ACCESS", idempotencyKey: nextKey() });
    expect(retry.type).toBe("triage-action-done");
    expect(h.sandbox.org.actions(sarId)).toHaveLength(1);
  });

  it("an unknown outcome the re-read cannot settle blocks the next click until a re-read settles it", async () => {
    const h = harness();
    const bench = triageBench(h);
    const sarId = activeReview(h);
    const item = await itemWith(bench, h, sarId, "REVOKE_ACCESS");
    bench.gateway.script.executeSecurityAccessReviewAccessesAction = async (real, ...args) => {
      await real(...args);
      throw new OktaOutcomeUnknown("timed out", { operation: "executeSecurityAccessReviewAccessesAction" });
    };
    const idempotencyKey = nextKey();
    // The fresh item check before the POST reads; the re-read after it fails.
    let listCalls = 0;
    bench.gateway.script.listSecurityAccessReviewAccesses = async (real, ...args) => {
      listCalls += 1;
      if (listCalls > 1) throw new OktaOutcomeUnknown("down", { operation: "listSecurityAccessReviewAccesses" });
      return real(...args);
    };
    const reply = await bench.core.triageItemAction(h.actorFor("bob"), { sarId, accessId: item.id, action: "REVOKE_ACCESS", idempotencyKey });
    expect(reply).toMatchObject({ type: "error", code: "okta_outcome_unknown", message: expect.stringContaining("could not check") });
    expect(await h.store.getTriageActionByKey(idempotencyKey)).toMatchObject({ state: "unknown" });
    delete bench.gateway.script.listSecurityAccessReviewAccesses;
    delete bench.gateway.script.executeSecurityAccessReviewAccessesAction;
    bench.gateway.reset();
    // The next click re-reads first: the revoke landed, so the old click is done and this one finds nothing to revoke.
    const next = await bench.core.triageItemAction(h.actorFor("bob"), { sarId, accessId: item.id, action: "REVOKE_ACCESS", idempotencyKey: nextKey() });
    expect(next).toMatchObject({ type: "error", code: "unsupported_action" });
    expect(posts(bench)).toBe(0);
    expect(await h.store.getTriageActionByKey(idempotencyKey)).toMatchObject({ state: "done" });
    expect(h.sandbox.org.actions(sarId)).toHaveLength(1);
  });
});

describe("hostile input", () => {
  beforeEach(async () => harness().reset());

  it("a forged item id, another review's item, an unsupported action and a closed review change nothing", async () => {
    const h = harness();
    const bench = triageBench(h);
    const sarId = activeReview(h);
    const otherSar = activeReview(h, "alice", ["erin"]);
    const foreign = await itemWith(bench, h, otherSar, "REVOKE_ACCESS");
    const shared = cardOf_(await bench.core.openTriage(h.actorFor("bob"), { ref: sarId, viewer: "shared" }));
    const flagOnly = shared.items.find((i) => !i.supportedActions.includes("REVOKE_ACCESS"));
    bench.gateway.reset();

    const forged = await bench.core.triageItemAction(h.actorFor("bob"), { sarId, accessId: "aimFORGED00000000000", action: "REVOKE_ACCESS", idempotencyKey: nextKey() });
    expect(forged).toMatchObject({ type: "error", code: "not_found" });
    const elsewhere = await bench.core.triageItemAction(h.actorFor("bob"), { sarId, accessId: foreign.id, action: "REVOKE_ACCESS", idempotencyKey: nextKey() });
    expect(elsewhere).toMatchObject({ type: "error", code: "not_found" });
    if (flagOnly !== undefined) {
      const unsupported = await bench.core.triageItemAction(h.actorFor("bob"), { sarId, accessId: flagOnly.id, action: "REVOKE_ACCESS", idempotencyKey: nextKey() });
      expect(unsupported).toMatchObject({ type: "error", code: "unsupported_action" });
    }
    const madeUp = await bench.core.triageItemAction(h.actorFor("bob"), { sarId, accessId: foreign.id, action: "DELETE_EVERYTHING" as never, idempotencyKey: nextKey() });
    expect(madeUp).toMatchObject({ type: "error", code: "validation_failed" });
    const badSar = await bench.core.triageItemAction(h.actorFor("bob"), { sarId: "sar/../../users", accessId: foreign.id, action: "REVOKE_ACCESS", idempotencyKey: nextKey() });
    expect(badSar).toMatchObject({ type: "error", code: "validation_failed" });
    const longNote = await bench.core.triageItemAction(h.actorFor("bob"), { sarId, accessId: foreign.id, action: "REVOKE_ACCESS", note: "x".repeat(501), idempotencyKey: nextKey() });
    expect(longNote).toMatchObject({ type: "error", code: "validation_failed" });
    expect(posts(bench)).toBe(0);

    h.sandbox.org.closeSar(sarId);
    bench.core.triage.invalidate(sarId);
    const closed = await bench.core.triageItemAction(h.actorFor("bob"), { sarId, accessId: shared.items[0]!.id, action: "REVOKE_ACCESS", idempotencyKey: nextKey() });
    expect(closed).toMatchObject({ type: "error", code: "review_not_active", message: expect.stringContaining("closed") });
    const closeAgain = await bench.core.triageReviewAction(h.actorFor("bob"), { sarId, action: "CLOSE_REVIEW", idempotencyKey: nextKey() });
    expect(closeAgain).toMatchObject({ type: "error", code: "review_not_active" });
    expect(posts(bench)).toBe(0);
    expect(posts(bench, "executeSecurityAccessReviewAction")).toBe(0);
    expect(h.sandbox.org.actions(sarId)).toHaveLength(0);
    expect(h.sandbox.org.getSar(sarId)!.comments).toHaveLength(0);

    const readOnly = cardOf_(await bench.core.openTriage(h.actorFor("bob"), { ref: sarId }));
    expect(readOnly.readOnly).toBe(true);
    expect(readOnly.controls).toEqual([]);
    for (const item of readOnly.items) expect(item.allowedActions).toEqual([]);
  });
});

describe("review actions, updates and comments", () => {
  beforeEach(async () => harness().reset());

  it("Close makes one CLOSE_REVIEW, updates every card in place read-only, and the closing summary counts the items", async () => {
    const h = harness();
    const bench = triageBench(h);
    const sarId = activeReview(h);
    bench.cards.push(cardOf(sarId, h.conversation(), "m1"), cardOf(sarId, h.conversation({ platform: "teams" }), "m2"));
    const item = await itemWith(bench, h, sarId, "REVOKE_ACCESS");
    const revoked = await bench.core.triageItemAction(h.actorFor("bob"), { sarId, accessId: item.id, action: "REVOKE_ACCESS", idempotencyKey: nextKey() });
    expect(revoked.type).toBe("triage-action-done");
    const updates = h.notifier.eventsOfType("triage-updated");
    expect(updates.map((u) => u.messageId)).toEqual(["m1", "m2"]);
    // The reply names the cards the core redrew, so the adapter does not redraw the clicked one again.
    expect(revoked).toMatchObject({ redrawn: ["m1", "m2"] });
    expect(updates[0]!.done).toMatchObject({ action: "REVOKE_ACCESS", by: { login: DEMO_USERS.bob.login } });
    expect(updates[0]!.triage.viewer).toEqual({ kind: "shared" });
    h.notifier.clear();

    const key1 = nextKey();
    const closed = await bench.core.triageReviewAction(h.actorFor("bob"), { sarId, action: "CLOSE_REVIEW", note: "contained", idempotencyKey: key1 });
    expect(closed).toMatchObject({ type: "triage-action-done", done: { action: "CLOSE_REVIEW" }, triage: { readOnly: true, controls: [] } });
    await bench.core.triageReviewAction(h.actorFor("bob"), { sarId, action: "CLOSE_REVIEW", note: "contained", idempotencyKey: key1 });
    expect(posts(bench, "executeSecurityAccessReviewAction")).toBe(1);
    expect(h.sandbox.org.getSar(sarId)!.status).toBe("CLOSED");
    const closeUpdates = h.notifier.eventsOfType("triage-updated");
    expect(closeUpdates).toHaveLength(2);
    for (const u of closeUpdates) expect(u.triage).toMatchObject({ readOnly: true, controls: [] });
    expect(h.sandbox.org.getSar(sarId)!.comments.map((c) => c.comment)).toContain(`Closed the review - ${DEMO_USERS.bob.login} via chat: contained`);

    const summary = await bench.core.triage.closingSummary(sarId);
    const total = cardOf_(await bench.core.openTriage(h.actorFor("bob"), { ref: sarId })).items.length;
    expect(summary.revoked).toBe(1);
    expect(summary.revoked + summary.restored + summary.flagged + summary.untouched).toBeGreaterThanOrEqual(total);

    const audit = await h.store.queryAudit({ sarId: sarId as never });
    const done = audit.filter((e) => e.outcome === "succeeded");
    expect(done.map((e) => e.action).sort()).toEqual(["sar.close", "sar.remediate"]);
    expect(done.find((e) => e.action === "sar.remediate")?.details).toMatchObject({ triageAction: "REVOKE_ACCESS", accessId: item.id, item: item.name, via: "role" });
  });

  it("extends the end time and replaces the reviewers (never the principal), comments in the person's name", async () => {
    const h = harness();
    const bench = triageBench(h);
    const sarId = activeReview(h);
    const end = new Date(h.clock.now().getTime() + 30 * 86_400_000).toISOString();
    const extended = await bench.core.triageUpdate(h.actorFor("alice"), { sarId, endTime: end, idempotencyKey: nextKey() });
    expect(extended).toMatchObject({ type: "triage-action-done", done: { action: "EXTEND" } });
    expect(Date.parse(h.sandbox.org.getSar(sarId)!.endTime)).toBe(Date.parse(end));

    const tooSoon = await bench.core.triageUpdate(h.actorFor("alice"), { sarId, endTime: new Date(h.clock.now().getTime() + 3_600_000).toISOString(), idempotencyKey: nextKey() });
    expect(tooSoon).toMatchObject({ type: "error", code: "validation_failed" });
    const tooLate = await bench.core.triageUpdate(h.actorFor("alice"), { sarId, endTime: new Date(h.clock.now().getTime() + 200 * 86_400_000).toISOString(), idempotencyKey: nextKey() });
    expect(tooLate).toMatchObject({ type: "error", code: "validation_failed" });
    const principal = await bench.core.triageUpdate(h.actorFor("alice"), { sarId, reviewers: [DEMO_USERS.dan.login], idempotencyKey: nextKey() });
    expect(principal).toMatchObject({ type: "error", code: "validation_failed", message: expect.stringContaining("under review") });

    const reviewers = await bench.core.triageUpdate(h.actorFor("alice"), { sarId, reviewers: [DEMO_USERS.frank.login, DEMO_USERS.erin.email], idempotencyKey: nextKey() });
    expect(reviewers).toMatchObject({ type: "triage-action-done", done: { action: "REVIEWERS" } });
    expect(h.sandbox.org.getSar(sarId)!.reviewerIds).toEqual([DEMO_USERS.frank.id, DEMO_USERS.erin.id]);

    // A reviewer may not update (sar.update has no reviewer clause).
    expect(await bench.core.triageUpdate(h.actorFor("erin"), { sarId, endTime: end, idempotencyKey: nextKey() })).toMatchObject({ type: "error", code: "not_allowed" });

    const comment = await bench.core.triageComment(h.actorFor("alice"), { sarId, text: "Laptop collected", idempotencyKey: nextKey() });
    expect(comment).toMatchObject({ type: "triage-action-done", done: { action: "COMMENT", comment: `by ${DEMO_USERS.alice.login} via chat: Laptop collected` } });
    expect(h.sandbox.org.getSar(sarId)!.comments.map((c) => c.comment)).toContain(`by ${DEMO_USERS.alice.login} via chat: Laptop collected`);
    expect(await bench.core.triageComment(h.actorFor("alice"), { sarId, text: "x".repeat(1000), idempotencyKey: nextKey() })).toMatchObject({ type: "error", code: "validation_failed" });
  });

  it("the evidence export says which rule let a triage action through: a role, or an assigned reviewer", async () => {
    const h = harness();
    const bench = triageBench(h);
    const sarId = activeReview(h);
    const item = await itemWith(bench, h, sarId, "REVOKE_ACCESS");
    await bench.core.triageItemAction(h.actorFor("erin"), { sarId, accessId: item.id, action: "REVOKE_ACCESS", note: "n", idempotencyKey: nextKey() });
    await bench.core.triageReviewAction(h.actorFor("bob"), { sarId, action: "CLOSE_REVIEW", idempotencyKey: nextKey() });
    const entries = (await h.store.queryAudit({ sarId: sarId as never })).filter((e) => e.outcome === "succeeded");
    const records = entries.map((e) => toExportRecord(e, undefined, () => null));
    expect(records.find((r) => r.action === "sar.remediate")).toMatchObject({
      actor: { oktaUserId: DEMO_USERS.erin.id },
      target: { sarId, oktaUserId: DEMO_USERS.dan.id },
      policy: { decision: "allowed", rule: "sar.reviewersMayAct", via: [] },
      details: { triageAction: "REVOKE_ACCESS", accessId: item.id, item: item.name, note: "n", comment: `Revoked ${item.name} - ${DEMO_USERS.erin.login} via chat: n` },
    });
    expect(records.find((r) => r.action === "sar.close")).toMatchObject({
      policy: { decision: "allowed", rule: "permissions.sar.close", via: ["approver"], because: [expect.stringContaining("Security Leads")] },
      details: { triageAction: "CLOSE_REVIEW" },
    });
  });

  it("Summarize says when the org has governance AI off", async () => {
    const h = harness();
    const bench = triageBench(h);
    const sarId = activeReview(h);
    const reply = await bench.core.triageSummarize(h.actorFor("alice"), { sarId });
    expect(reply).toMatchObject({ type: "triage-summary", sarId, summary: { status: "not-enabled" } });
  });
});
