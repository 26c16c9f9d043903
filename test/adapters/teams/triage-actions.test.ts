// The triage card's buttons and dialogs over real botbuilder request
// handling (activities posted to /api/messages, answers read back, the
// shared card's updates seen at the fake Bot Connector).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../../src/governance/actor.js";
import type { Reply } from "../../../src/governance/replies.js";
import type { ItemActionInput, TriageView } from "../../../src/governance/triage/types.js";
import { triageCardMessageKey } from "../../../src/adapters/teams/conversation/triage-card-messages.js";
import { triageCard } from "../../../src/adapters/teams/render/triage-card.js";
import { BOT, CHANNEL, TENANT_ID, teamsUser, type TeamsUser } from "../../../src/fakes/teams-client.js";
import { sampleActionDone, sampleTriageDetails, sampleTriageView } from "../../support/triage-views.js";
import { allText, button, buttonsOf, cardOf, inputsOf, invokeCard, invokeMessage, refreshOf, taskOf } from "./support/card-reading.js";
import { FakeCore } from "./support/fake-core.js";
import { startTeamsHarness, type TeamsHarness } from "./support/teams-harness.js";

const alice = teamsUser("alice", "alice.responder@example.com");
const erin = teamsUser("erin", "erin.reviewer@example.com");
const mallory = teamsUser("mallory", "mallory@example.com");
const SAR_ID = "sar00000000000000001";
const CARD_ID = "bot-msg-triage";
const ROOT = "launch-card-root";

const personView = (): TriageView => sampleTriageView({ viewer: { kind: "person", oktaUserId: "00uerin0000000000001" } });
const done = (overrides: Parameters<typeof sampleActionDone>[0] = {}): Extract<Reply, { type: "triage-action-done" }> => ({ type: "triage-action-done", done: sampleActionDone(overrides), triage: personView() });
const notAllowed: Reply = { type: "error", code: "not_allowed", message: "Revoking access needs the role remediator (sar.remediate)." };

let sequence = 0;

describe("Teams triage card actions", () => {
  let h: TeamsHarness;
  let core: FakeCore;

  /** An invoke from `from` on the card in the launch thread, as Teams sends it. */
  function invoke(from: TeamsUser, name: string, value: unknown, options: { replyToId?: string } = { replyToId: CARD_ID }) {
    const activity = {
      type: "invoke",
      name,
      value,
      id: `f:triage-${++sequence}`,
      channelId: "msteams",
      serviceUrl: h.connector.serviceUrl,
      timestamp: new Date().toISOString(),
      from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
      recipient: { ...BOT },
      conversation: { id: `${CHANNEL.id};messageid=${ROOT}`, conversationType: "channel", isGroup: true, tenantId: TENANT_ID },
      channelData: { tenant: { id: TENANT_ID }, team: { id: CHANNEL.teamId }, channel: { id: CHANNEL.id } },
      ...(options.replyToId !== undefined && { replyToId: options.replyToId }),
    };
    return { activity, send: () => h.client.send(activity) };
  }

  const click = (from: TeamsUser, verb: string, data: Record<string, unknown>, trigger: "manual" | "automatic" = "manual") =>
    invoke(from, "adaptiveCard/action", { action: { type: "Action.Execute", id: `a${sequence}`, verb, data: { ...data, verb } }, trigger });

  beforeAll(async () => {
    core = new FakeCore();
    h = await startTeamsHarness({ core });
  });
  afterAll(async () => h?.close());
  beforeEach(() => {
    core.reset();
    h.connector.clear();
  });

  it("Restore delivered twice reaches the core both times with the same idempotency key, the click's id", async () => {
    core.script.triageItemAction = async (): Promise<Reply> => done({ action: "RESTORE_ACCESS", note: undefined });
    const sent = click(erin, "triage.item", { sarId: SAR_ID, accessId: "aim0000000000000004", action: "RESTORE_ACCESS" });
    const first = await sent.send();
    await sent.send();
    const calls = core.callsOf("triageItemAction") as [Actor, ItemActionInput][];
    expect(calls).toHaveLength(2);
    expect(calls[0]?.[1]).toEqual({ sarId: SAR_ID, accessId: "aim0000000000000004", action: "RESTORE_ACCESS", idempotencyKey: sent.activity.id });
    expect(calls[1]?.[1].idempotencyKey).toBe(calls[0]?.[1].idempotencyKey);
    expect(calls[0]?.[0]).toMatchObject({ platform: "teams", userId: erin.aadObjectId });
    // The clicker sees their own updated card, with what was done on top.
    const card = invokeCard(first.body);
    expect(allText(card)).toContain("Restored AWS Console, by Erin Reviewer");
    expect(buttonsOf(card).map((b) => b.title)).toContain("Revoke");
  });

  it("a done action updates the shared card in place for everyone, without buttons and with the refresh", async () => {
    core.script.triageItemAction = async (): Promise<Reply> => done({ action: "FLAG_FOR_MANUAL_REMEDIATION" });
    await click(erin, "triage.item", { sarId: SAR_ID, accessId: "aim0000000000000001", action: "FLAG_FOR_MANUAL_REMEDIATION" }).send();
    expect(h.connector.posted).toHaveLength(0);
    const [update] = h.connector.updated;
    expect(update).toMatchObject({ conversationId: `${CHANNEL.id};messageid=${ROOT}`, activityId: CARD_ID });
    const shared = cardOf(update?.activity);
    expect(allText(shared)).toContain("Flagged for manual remediation AWS Console, by Erin Reviewer");
    expect(buttonsOf(shared).map((b) => b.title)).toEqual(["Show my actions", "Open in Okta"]);
    expect(refreshOf(shared)?.userIds).toContain(erin.id);
  });

  it("a shared card the core already redrew (redrawn) is not updated again; the clicker still gets their card", async () => {
    core.script.triageItemAction = async (): Promise<Reply> => ({ ...done({ action: "FLAG_FOR_MANUAL_REMEDIATION" }), redrawn: [CARD_ID] });
    const res = await click(erin, "triage.item", { sarId: SAR_ID, accessId: "aim0000000000000001", action: "FLAG_FOR_MANUAL_REMEDIATION" }).send();
    expect(allText(invokeCard(res.body))).toContain("Flagged for manual remediation AWS Console, by Erin Reviewer");
    expect(h.connector.updated).toHaveLength(0);
    // Another message redrawn by the core does not stand for the clicked one.
    core.script.triageItemAction = async (): Promise<Reply> => ({ ...done({ action: "FLAG_FOR_MANUAL_REMEDIATION" }), redrawn: ["another-card"] });
    await click(erin, "triage.item", { sarId: SAR_ID, accessId: "aim0000000000000001", action: "FLAG_FOR_MANUAL_REMEDIATION" }).send();
    expect(h.connector.updated.map((u) => u.activityId)).toEqual([CARD_ID]);
  });

  it("a refusal is answered to the clicker only, with the core's words; no card changes", async () => {
    core.script.triageItemAction = async (): Promise<Reply> => notAllowed;
    const res = await click(mallory, "triage.item", { sarId: SAR_ID, accessId: "aim0000000000000004", action: "RESTORE_ACCESS" }).send();
    expect(res.status).toBe(200);
    expect(invokeMessage(res.body)).toContain("needs the role remediator");
    expect(h.connector.posted).toHaveLength(0);
    expect(h.connector.updated).toHaveLength(0);
  });

  it("the automatic refresh gives the viewer the core's person view with their buttons", async () => {
    core.script.openTriage = async (): Promise<Reply> => ({ type: "triage-card", triage: personView() });
    const res = await click(erin, "triage.refresh", { sarId: SAR_ID, viewers: [alice.id] }, "automatic").send();
    expect(core.callsOf("openTriage")[0]?.[1]).toEqual({ ref: SAR_ID, viewer: "self" });
    const card = invokeCard(res.body);
    expect(button(card, "Revoke").data).toMatchObject({ verb: "triage.revoke", accessId: "aim0000000000000001" });
    expect(button(card, "Close review")).toBeDefined();
    expect(refreshOf(card)).toBeUndefined();
  });

  it("a refused automatic refresh keeps the shared card (an error answer); a refused Show my actions says why", async () => {
    core.script.openTriage = async (): Promise<Reply> => ({ type: "error", code: "not_allowed", message: "Reading reviews needs the role responder." });
    const automatic = await click(mallory, "triage.refresh", { sarId: SAR_ID }, "automatic").send();
    expect(automatic.status).toBe(403);
    expect(automatic.body).toMatchObject({ type: "application/vnd.microsoft.error" });
    const manual = await click(mallory, "triage.refresh", { sarId: SAR_ID }).send();
    expect(invokeMessage(manual.body)).toContain("needs the role responder");
    expect(h.connector.updated).toHaveLength(0);
  });

  it("a page button asks the core for that page of the clicker's own view", async () => {
    core.script.openTriage = async (): Promise<Reply> => ({ type: "triage-card", triage: { ...personView(), page: { index: 1, size: 10, previousCursor: "p1" } } });
    const res = await click(alice, "triage.page", { sarId: SAR_ID, cursor: "c2" }).send();
    expect(core.callsOf("openTriage")[0]?.[1]).toEqual({ ref: SAR_ID, viewer: "self", cursor: "c2" });
    expect(button(invokeCard(res.body), "Previous page").data).toMatchObject({ cursor: "p1" });
  });

  it("Details and Summarize answer the clicker only", async () => {
    core.script.triageDetails = async (): Promise<Reply> => ({ type: "triage-details", details: sampleTriageDetails() });
    const details = await click(alice, "triage.details", { sarId: SAR_ID, accessId: "aim0000000000000001" }).send();
    expect(core.callsOf("triageDetails")[0]?.[1]).toEqual({ sarId: SAR_ID, accessId: "aim0000000000000001" });
    expect(allText(invokeCard(details.body))).toContain("AdministratorAccess");
    const summary = await click(alice, "triage.summarize", { sarId: SAR_ID }).send();
    expect(core.callsOf("triageSummarize")[0]?.[1]).toEqual({ sarId: SAR_ID });
    expect(allText(invokeCard(summary.body))).toContain("not enabled");
    expect(h.connector.posted).toHaveLength(0);
    expect(h.connector.updated).toHaveLength(0);
  });

  it("forged buttons get a clear 400 and reach no core call: Revoke without its dialog, no review, a bad cursor", async () => {
    const revoke = await click(alice, "triage.item", { sarId: SAR_ID, accessId: "aim0000000000000001", action: "REVOKE_ACCESS" }).send();
    const noSar = await click(alice, "triage.item", { accessId: "aim0000000000000001", action: "RESTORE_ACCESS" }).send();
    const badSar = await click(alice, "triage.details", { sarId: "../../admin", accessId: "aim1" }).send();
    const cursor = await click(alice, "triage.page", { sarId: SAR_ID, cursor: "c".repeat(5000) }).send();
    for (const res of [revoke, noSar, badSar, cursor]) {
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ type: "application/vnd.microsoft.error" });
    }
    expect(core.actions()).toEqual([]);
  });

  it("a button naming another review than the card it is on is refused before the core: click, dialog and submit", async () => {
    const OTHER_CARD = "bot-msg-other-review";
    await core.putConversationReference(triageCardMessageKey(TENANT_ID, OTHER_CARD), { v: 1, sarId: "sar00000000000000002" });
    const onOther = { replyToId: OTHER_CARD };
    const clicked = await invoke(erin, "adaptiveCard/action", { action: { type: "Action.Execute", id: "x", verb: "triage.item", data: { verb: "triage.item", sarId: SAR_ID, accessId: "aim0000000000000004", action: "RESTORE_ACCESS" } }, trigger: "manual" }, onOther).send();
    expect(invokeMessage(clicked.body)).toMatch(/another review than the card/);
    const fetched = await invoke(erin, "task/fetch", { data: { msteams: { type: "task/fetch" }, verb: "triage.revoke", sarId: SAR_ID, accessId: "aim0000000000000001" } }, onOther).send();
    expect(taskOf(fetched.body).message).toMatch(/another review than the card/);
    const submitted = await invoke(erin, "task/submit", { data: { form: "triage.form", verb: "triage.revoke", sarId: SAR_ID, accessId: "aim0000000000000001", cardId: OTHER_CARD } }, { replyToId: CARD_ID }).send();
    expect(taskOf(submitted.body).message).toMatch(/another review than the card/);
    expect(core.callsOf("triageItemAction")).toEqual([]);
    expect(h.connector.updated).toHaveLength(0);
    // The card's own review goes through.
    core.script.triageItemAction = async (): Promise<Reply> => done({ action: "RESTORE_ACCESS", note: undefined });
    await core.putConversationReference(triageCardMessageKey(TENANT_ID, CARD_ID), { v: 1, sarId: SAR_ID });
    await click(erin, "triage.item", { sarId: SAR_ID, accessId: "aim0000000000000004", action: "RESTORE_ACCESS" }).send();
    expect(core.callsOf("triageItemAction")).toHaveLength(1);
  });

  describe("dialogs", () => {
    const personCard = () => triageCard(personView());
    const fetch = (from: TeamsUser, title: string) => invoke(from, "task/fetch", { data: button(personCard(), title).data, context: { theme: "default" } }).send();
    const submit = (from: TeamsUser, form: unknown, inputs: Record<string, unknown>) =>
      invoke(from, "task/submit", { data: { ...button(form, buttonsOf(form)[0]!.title).data, ...inputs }, context: { theme: "default" } }, { replyToId: "task-invoke-has-no-card" });

    it("Revoke opens a dialog asking for an optional note; its submit passes the note and updates the shared card", async () => {
      core.script.triageItemAction = async (): Promise<Reply> => done();
      const fetched = await fetch(erin, "Revoke");
      const { card: form } = taskOf(fetched.body);
      expect(form).toBeDefined();
      expect(allText(form)).toContain("Revoke AWS Console?");
      expect(core.actions()).toEqual([]);

      const sent = submit(erin, form, { note: "  confirmed compromise " });
      const res = await sent.send();
      expect(core.callsOf("triageItemAction")[0]?.[1]).toEqual({ sarId: SAR_ID, accessId: "aim0000000000000001", action: "REVOKE_ACCESS", note: "confirmed compromise", idempotencyKey: sent.activity.id });
      expect(taskOf(res.body).message).toContain("Revoked AWS Console, by Erin Reviewer");
      // The card the dialog was opened from (not the submit's own reply id) is updated for everyone.
      expect(h.connector.updated.map((u) => u.activityId)).toEqual([CARD_ID]);
    });

    it("a Revoke submitted without a note sends none", async () => {
      core.script.triageItemAction = async (): Promise<Reply> => done({ note: undefined });
      const { card: form } = taskOf((await fetch(erin, "Revoke")).body);
      await submit(erin, form, { note: "" }).send();
      expect(core.callsOf("triageItemAction")[0]?.[1]).not.toHaveProperty("note");
    });

    it("a note over 500 characters shows the dialog again with the reason, and nothing is called", async () => {
      const { card: form } = taskOf((await fetch(erin, "Revoke")).body);
      const res = await submit(erin, form, { note: "x".repeat(501) }).send();
      const again = taskOf(res.body).card;
      expect(allText(again)).toContain("at most 500 characters");
      expect(core.actions()).toEqual([]);
      expect(h.connector.updated).toHaveLength(0);
    });

    it("a refused Revoke closes the dialog with the core's words and changes no card", async () => {
      core.script.triageItemAction = async (): Promise<Reply> => notAllowed;
      const { card: form } = taskOf((await fetch(mallory, "Revoke")).body);
      const res = await submit(mallory, form, {}).send();
      expect(taskOf(res.body).message).toContain("needs the role remediator");
      expect(h.connector.updated).toHaveLength(0);
    });

    it.each([
      ["Close review", {}, "triageReviewAction", { sarId: SAR_ID, action: "CLOSE_REVIEW" }],
      ["Restore all", { note: "false positive" }, "triageReviewAction", { sarId: SAR_ID, action: "RESTORE_ALL_ACCESS", note: "false positive" }],
      ["Extend", { endTime: "2031-02-01" }, "triageUpdate", { sarId: SAR_ID, endTime: "2031-02-01" }],
      ["Reviewers", { reviewers: "erin@example.com, sam@example.com" }, "triageUpdate", { sarId: SAR_ID, reviewers: ["erin@example.com", "sam@example.com"] }],
      ["Comment", { text: "Escalated to legal" }, "triageComment", { sarId: SAR_ID, text: "Escalated to legal" }],
    ] as const)("%s confirms in a dialog, then calls the core with the form's input", async (title, inputs, method, expected) => {
      core.script[method] = async (): Promise<Reply> => done({ item: undefined, action: "COMMENT" });
      const { card: form } = taskOf((await fetch(erin, title)).body);
      const sent = submit(erin, form, inputs);
      await sent.send();
      expect(core.callsOf(method)[0]?.[1]).toEqual({ ...expected, idempotencyKey: sent.activity.id });
    });

    it("Extend opens on the review's end date, Reviewers on its reviewers", async () => {
      expect(inputsOf(taskOf((await fetch(erin, "Extend")).body).card)).toEqual({ endTime: "2031-01-08" });
      expect(inputsOf(taskOf((await fetch(erin, "Reviewers")).body).card)).toEqual({ reviewers: "erin.reviewer@example.com" });
    });

    it("Extend without a date and Reviewers with none show the dialog again", async () => {
      for (const [title, inputs] of [["Extend", { endTime: "" }], ["Reviewers", { reviewers: " , " }], ["Comment", { text: "" }]] as const) {
        const { card: form } = taskOf((await fetch(erin, title)).body);
        expect(taskOf((await submit(erin, form, inputs).send()).body).card).toBeDefined();
      }
      expect(core.actions()).toEqual([]);
    });

    it("a form the core finds wrong is shown again with its words", async () => {
      core.script.triageUpdate = async (): Promise<Reply> => ({ type: "error", code: "validation_failed", message: "The end time must be 1 day to 6 months ahead." });
      const { card: form } = taskOf((await fetch(erin, "Extend")).body);
      const res = await submit(erin, form, { endTime: "2020-01-01" }).send();
      expect(allText(taskOf(res.body).card)).toContain("1 day to 6 months ahead");
    });
  });
});

describe("the shared triage card in the thread", () => {
  let h: TeamsHarness;
  let core: FakeCore;

  beforeAll(async () => {
    core = new FakeCore();
    h = await startTeamsHarness({ core });
  });
  afterAll(async () => h?.close());

  it("a command whose reply is the shared card posts it with the opener's refresh, then attaches its message id", async () => {
    core.script.status = async (): Promise<Reply> => ({ type: "triage-card", triage: sampleTriageView() });
    await h.client.message(alice, `status ${SAR_ID}`, { threadRootId: ROOT });
    const posted = await h.connector.waitFor("the triage card", () => h.connector.posted[0]);
    expect(refreshOf(cardOf(posted.activity))).toMatchObject({ verb: "triage.refresh", userIds: [alice.id] });
    const attach = await h.connector.waitFor("the attach call", () => core.callsOf("attachTriageCard")[0]);
    expect(attach).toEqual([{ sarId: SAR_ID, messageId: posted.id }, { platform: "teams", tenantId: TENANT_ID, conversationId: CHANNEL.id, threadId: ROOT }]);
  });
});

describe("Teams triage actions when Okta is slow", () => {
  it("answers the click at once, then updates the shared card when the action is done", async () => {
    const core = new FakeCore();
    let release: (reply: Reply) => void = () => undefined;
    core.script.triageItemAction = () => new Promise<Reply>((resolve) => (release = resolve));
    const h = await startTeamsHarness({ core, timings: { invokeDeadlineMs: 50 } });
    try {
      const res = await h.client.cardAction(erin, { verb: "triage.item", data: { sarId: SAR_ID, accessId: "aim0000000000000004", action: "RESTORE_ACCESS" } }, { threadRootId: ROOT, replyToId: CARD_ID });
      expect(invokeMessage(res.body)).toContain("Okta is slow");
      expect(h.connector.updated).toHaveLength(0);
      release(done({ action: "RESTORE_ACCESS" }));
      const update = await h.connector.waitFor("the late update", () => h.connector.updated[0]);
      expect(update).toMatchObject({ conversationId: `${CHANNEL.id};messageid=${ROOT}`, activityId: CARD_ID });
      expect(allText(cardOf(update.activity))).toContain("Restored AWS Console");
    } finally {
      await h.close();
    }
  });
});
