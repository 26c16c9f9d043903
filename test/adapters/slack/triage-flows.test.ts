// The triage card over real Bolt request handling (signed HTTP requests, the
// fake Slack Web API, a scripted core): the card posted in the launch thread
// and attached, redrawn in place, the closing summary; item and review
// actions with their confirmations and forms; duplicate deliveries keyed
// alike; refusals private to the clicker; hostile text escaped.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ConversationKey } from "../../../src/governance/actor.js";
import type { Reply } from "../../../src/governance/replies.js";
import type { ItemActionInput, ReviewActionInput, TriageView, UpdateReviewInput } from "../../../src/governance/triage/types.js";
import { SLACK_USERS } from "../../../src/fakes/slack-web-api.js";
import { blockActionPayload, interactionBody, postSigned, slashCommandBody, viewSubmissionPayload } from "../../../src/fakes/slack-requests.js";
import { encodeTriageValue } from "../../../src/adapters/slack/render/render-triage.js";
import { FakeCore } from "./support/fake-core.js";
import { eventually, startSlackBench, type SlackBench } from "./support/slack-bench.js";
import { hostileTriageView, sampleActionDone, sampleTriageDetails, sampleTriageView, TRIAGE_HOSTILE } from "../../support/triage-views.js";

const SAR = "sar00000000000000001";
const ITEM = "aim0000000000000001";
const erin = SLACK_USERS.erin;
const dan = SLACK_USERS.dan;
const conversation = (threadId?: string): ConversationKey => ({ platform: "slack", tenantId: "T0DEMO", conversationId: "C0INCIDENT", ...(threadId !== undefined && { threadId }) });

const done = (overrides: Parameters<typeof sampleActionDone>[0] = {}, triage: TriageView = sampleTriageView({ readAt: "2031-01-01T09:06:00.000Z" })): Reply => ({
  type: "triage-action-done",
  done: sampleActionDone(overrides),
  triage,
});

describe("Slack triage card", () => {
  let core: FakeCore;
  let bench: SlackBench;
  let threadTs: string;
  let cardTs: string;
  const formsSeen = new Map<string, number>();

  beforeAll(async () => {
    core = new FakeCore();
    bench = await startSlackBench({ core });
    // The launch thread's root, as the approval card would be.
    await bench.adapter.notifier.notify(conversation(), { type: "sar-status-changed", sar: { id: SAR, name: "SAR dan", status: "ACTIVE", endTime: "2031-01-08T09:00:00.000Z" }, previousStatus: "PENDING" });
    threadTs = String((await bench.slack.waitForCall("chat.postMessage")).response?.ts);
    await bench.adapter.notifier.notify(conversation(threadTs), { type: "triage-card", triage: sampleTriageView() });
    cardTs = String((await bench.slack.waitForCall("chat.postMessage", (c) => c.args.thread_ts === threadTs)).response?.ts);
  }, 60_000);
  afterAll(async () => {
    await bench.close();
  });
  beforeEach(() => core.reset());

  const cardMessage = () => bench.slack.messages.get(cardTs);
  const threadLines = () => [...bench.slack.messages.values()].filter((m) => m.threadTs === threadTs && m.ts !== cardTs);
  const clickPayload = (actionId: string, value: string, user: { id: string; name: string } = erin) => blockActionPayload({ user, actionId, value, messageTs: cardTs, threadTs });
  const click = (actionId: string, value: string, user: { id: string; name: string } = erin) => postSigned(bench.url, interactionBody(clickPayload(actionId, value, user)));
  /** The form a click opened: the newest `views.open` of that form (earlier tests opened some too). */
  const openedForm = async (callbackId: string) => {
    const isForm = (c: { args: Record<string, unknown> }) => (c.args.view as { callback_id?: string }).callback_id === callbackId;
    const seen = formsSeen.get(callbackId) ?? 0;
    await eventually(`a new ${callbackId} opened`, () => bench.slack.callsTo("views.open").filter(isForm).length > seen);
    const opened = bench.slack.callsTo("views.open").filter(isForm).at(-1)!;
    formsSeen.set(callbackId, seen + 1);
    return bench.slack.views.get(String((opened.response?.view as { id: string }).id)) as Record<string, unknown>;
  };
  const submit = (view: Record<string, unknown>, values: Record<string, string>, user: { id: string; name: string } = erin, state?: Record<string, unknown>) => {
    const payload = viewSubmissionPayload(user, view, values);
    if (state !== undefined) (payload.view as { state: { values: Record<string, unknown> } }).state.values = state;
    return postSigned(bench.url, interactionBody(payload));
  };

  it("posts the shared card in the launch thread, within Slack's limits, and attaches it to the review", async () => {
    const posted = bench.slack.callsTo("chat.postMessage").find((c) => c.response?.ts === cardTs);
    expect(posted?.args.thread_ts).toBe(threadTs);
    expect(JSON.stringify(posted?.args.blocks)).toContain("AWS Console");
    // The attach happened in beforeAll (before the reset): check the fake core's record of it via a fresh post.
    await bench.adapter.notifier.notify(conversation(threadTs), { type: "triage-card", triage: sampleTriageView() });
    await eventually("the card was attached", () => core.callsTo("attachTriageCard").length === 1);
    const [ref, where] = core.callsTo("attachTriageCard")[0] as [{ sarId: string; messageId: string }, ConversationKey];
    const second = bench.slack.callsTo("chat.postMessage").at(-1);
    expect(ref).toEqual({ sarId: SAR, messageId: second?.response?.ts });
    expect(where).toEqual(conversation(threadTs));
  });

  it("a card whose attach fails is not posted again (the event does not fail), and the failure is logged", async () => {
    core.overrides.attachTriageCard = async () => {
      throw new Error("database unavailable");
    };
    const posts = bench.slack.callsTo("chat.postMessage").length;
    await expect(bench.adapter.notifier.notify(conversation(threadTs), { type: "triage-card", triage: sampleTriageView() })).resolves.toBeUndefined();
    expect(bench.slack.callsTo("chat.postMessage")).toHaveLength(posts + 1);
    expect(bench.logs.some((line) => line.includes("could not record where the triage card was posted"))).toBe(true);
  });

  it("a card posted outside a thread is attached with its own message as the thread", async () => {
    await bench.adapter.notifier.notify(conversation(), { type: "triage-card", triage: sampleTriageView() });
    await eventually("the card was attached", () => core.callsTo("attachTriageCard").length === 1);
    const [ref, where] = core.callsTo("attachTriageCard")[0] as [{ sarId: string; messageId: string }, ConversationKey];
    expect(bench.slack.messages.get(ref.messageId)?.threadTs).toBeUndefined();
    expect(where).toEqual(conversation(ref.messageId));
  });

  it("triage-updated redraws the card message in place", async () => {
    const before = cardMessage()?.updates ?? 0;
    const view = sampleTriageView({ items: [sampleTriageView().items[0]!], readAt: "2031-01-02T10:00:00.000Z" });
    await bench.adapter.notifier.notify(conversation(threadTs), { type: "triage-updated", triage: view, messageId: cardTs });
    expect(cardMessage()?.updates).toBe(before + 1);
    expect(JSON.stringify(cardMessage()?.blocks)).not.toContain("GitHub");
    expect(JSON.stringify(cardMessage()?.blocks)).toContain(String(Date.parse("2031-01-02T10:00:00.000Z") / 1000));
  });

  it("review-closed posts the closing summary in the thread", async () => {
    await bench.adapter.notifier.notify(conversation(threadTs), {
      type: "review-closed",
      triage: sampleTriageView({ readOnly: true, controls: [] }),
      summary: { revoked: 2, restored: 1, flagged: 1, untouched: 6 },
      closedBy: sampleActionDone().by,
    });
    const line = await bench.slack.waitForCall("chat.postMessage", (c) => String(c.args.text).includes("is closed"));
    expect(line.args.thread_ts).toBe(threadTs);
    expect(JSON.stringify(line.args.blocks)).toContain("*2* revoked · *1* restored · *1* flagged · *6* left as they were");
  });

  it("a hostile card is posted escaped: no mention, link or javascript: URL reaches Slack", async () => {
    await bench.adapter.notifier.notify(conversation(threadTs), { type: "triage-card", triage: hostileTriageView() });
    const posted = await bench.slack.waitForCall("chat.postMessage", (c) => JSON.stringify(c.args.blocks ?? "").includes("&lt;!channel&gt;"));
    const json = JSON.stringify(posted.args);
    expect(json).not.toContain("<!channel>");
    expect(json).not.toContain("<@U0BOB>");
    expect(json).not.toContain("<https://evil.example");
    expect(json).not.toContain("javascript:");
    expect(posted.response?.ok).toBe(true);
  });

  it("Restore acts at once: one core call with a key from the click, the card redrawn, and a thread line naming who", async () => {
    core.overrides.triageItemAction = async () => done({ action: "RESTORE_ACCESS", note: undefined });
    const before = cardMessage()?.updates ?? 0;
    await click("sar_triage_restore", encodeTriageValue({ sarId: SAR, accessId: ITEM, action: "RESTORE_ACCESS" }));
    await eventually("the thread line was posted", () => threadLines().some((m) => m.text?.includes("Restored AWS Console") === true));
    const input = core.callsTo("triageItemAction")[0]?.[1] as ItemActionInput;
    expect(input).toMatchObject({ sarId: SAR, accessId: ITEM, action: "RESTORE_ACCESS" });
    expect(input.idempotencyKey).toMatch(/^slack:/);
    expect(cardMessage()?.updates).toBe(before + 1);
    const line = threadLines().find((m) => m.text?.includes("Restored AWS Console"));
    expect(JSON.stringify(line?.blocks)).toContain("Erin Reviewer");
  });

  it("a click delivered twice gives the core the same idempotency key (and, claimed, only one call)", async () => {
    core.overrides.triageItemAction = async () => done({ action: "FLAG_FOR_MANUAL_REMEDIATION", note: undefined });
    const payload = clickPayload("sar_triage_flag", encodeTriageValue({ sarId: SAR, accessId: ITEM, action: "FLAG_FOR_MANUAL_REMEDIATION" }));
    // Two replicas whose claims both went through (or a claim that expired): the core's key must still match.
    core.overrides.claimInbound = async () => true;
    await postSigned(bench.url, interactionBody(payload));
    await postSigned(bench.url, interactionBody(payload), { retryNum: 1 });
    await eventually("both deliveries reached the core", () => core.callsTo("triageItemAction").length === 2);
    const [first, second] = core.callsTo("triageItemAction").map((args) => (args[1] as ItemActionInput).idempotencyKey);
    expect(first).toBe(second);

    // With the claim store answering, the redelivery does nothing at all.
    delete core.overrides.claimInbound;
    core.calls.length = 0;
    const again = clickPayload("sar_triage_flag", encodeTriageValue({ sarId: SAR, accessId: ITEM, action: "FLAG_FOR_MANUAL_REMEDIATION" }));
    await postSigned(bench.url, interactionBody(again));
    await eventually("the first delivery reached the core", () => core.callsTo("triageItemAction").length === 1);
    await postSigned(bench.url, interactionBody(again), { retryNum: 1 });
    await eventually("the redelivery was claimed and dropped", () => core.callsTo("claimInbound").length === 2);
    expect(core.callsTo("triageItemAction")).toHaveLength(1);
    // A different click (a new action_ts) is a new key.
    await click("sar_triage_flag", encodeTriageValue({ sarId: SAR, accessId: ITEM, action: "FLAG_FOR_MANUAL_REMEDIATION" }));
    await eventually("the second click reached the core", () => core.callsTo("triageItemAction").length === 2);
    const keys = core.callsTo("triageItemAction").map((args) => (args[1] as ItemActionInput).idempotencyKey);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it("Revoke asks first, then revokes with the note typed in the confirmation", async () => {
    core.overrides.triageItemAction = async (_actor, input) => done({ note: input.note });
    await click("sar_triage_revoke", encodeTriageValue({ sarId: SAR, accessId: ITEM, action: "REVOKE_ACCESS", itemName: "AWS Console" }));
    const form = await openedForm("sar_triage_revoke_form");
    expect(JSON.stringify(form.blocks)).toContain("AWS Console");
    expect(core.callsTo("triageItemAction")).toEqual([]);

    const tooLong = await submit(form, { note: "x".repeat(501) });
    expect(((await tooLong.json()) as { response_action: string }).response_action).toBe("errors");
    expect(core.callsTo("triageItemAction")).toEqual([]);

    const before = cardMessage()?.updates ?? 0;
    await submit(form, { note: "confirmed compromise <!here>" });
    await eventually("the revoke reached the core", () => core.callsTo("triageItemAction").length === 1);
    const input = core.callsTo("triageItemAction")[0]?.[1] as ItemActionInput;
    expect(input).toMatchObject({ sarId: SAR, accessId: ITEM, action: "REVOKE_ACCESS", note: "confirmed compromise <!here>" });
    expect(input.idempotencyKey).toContain(String(form.id));
    await eventually("the card was redrawn", () => (cardMessage()?.updates ?? 0) === before + 1);
    const line = await bench.slack.waitForCall("chat.postMessage", (c) => String(c.args.text).includes("Revoked AWS Console") && String(c.args.text).includes("&lt;!here&gt;"));
    expect(line.args.thread_ts).toBe(threadTs);
    expect(JSON.stringify(line.args)).not.toContain("<!here>");
    await eventually("the form says it is done", () => JSON.stringify(bench.slack.views.get(String(form.id))).includes("✅"));
  });

  it("a refusal reaches only the clicker, privately, and the card stays as it was", async () => {
    core.overrides.triageItemAction = async () => ({ type: "error", code: "not_allowed", message: "You are under review: you cannot act on your own review." });
    const before = cardMessage()?.updates ?? 0;
    const linesBefore = threadLines().length;
    await click("sar_triage_restore", encodeTriageValue({ sarId: SAR, accessId: ITEM, action: "RESTORE_ACCESS" }), dan);
    const note = await bench.slack.waitForCall("chat.postEphemeral", (c) => String(c.args.text).includes("own review"));
    expect(note.args.user).toBe(dan.id);
    expect(cardMessage()?.updates).toBe(before);
    expect(threadLines()).toHaveLength(linesBefore);
  });

  it("a tampered button (a Restore button carrying Revoke, a forged id) changes nothing and says the button is out of date", async () => {
    await click("sar_triage_restore", encodeTriageValue({ sarId: SAR, accessId: ITEM, action: "REVOKE_ACCESS" }));
    await click("sar_triage_restore", JSON.stringify({ s: "../../admin", i: ITEM, a: "RESTORE_ACCESS" }));
    await eventually("both were told", () => bench.slack.callsTo("chat.postEphemeral").filter((c) => String(c.args.text).includes("out of date")).length >= 2);
    expect(core.callsTo("triageItemAction")).toEqual([]);
  });

  it("More replaces the card with the next page for everyone", async () => {
    core.overrides.openTriage = async () => ({ type: "triage-card", triage: sampleTriageView({ items: [sampleTriageView().items[4]!], page: { index: 1, size: 10, previousCursor: "p1" } }) });
    const before = cardMessage()?.updates ?? 0;
    await click("sar_triage_next", encodeTriageValue({ sarId: SAR, cursor: "cursor-2" }));
    await eventually("the card was replaced", () => (cardMessage()?.updates ?? 0) === before + 1);
    expect(core.callsTo("openTriage")[0]?.[1]).toEqual({ ref: SAR, cursor: "cursor-2", viewer: "shared" });
    expect(JSON.stringify(cardMessage()?.blocks)).toContain("Workday");
    expect(JSON.stringify(cardMessage()?.blocks)).toContain("sar_triage_previous");
  });

  it("Close review confirms in a modal, then closes once", async () => {
    core.overrides.triageReviewAction = async () => done({ action: "CLOSE_REVIEW", item: undefined, note: undefined }, sampleTriageView({ readOnly: true, controls: [] }));
    await click("sar_triage_close", encodeTriageValue({ sarId: SAR }));
    const form = await openedForm("sar_triage_review_action_form");
    expect(core.callsTo("triageReviewAction")).toEqual([]);
    await submit(form, {});
    await eventually("the close reached the core", () => core.callsTo("triageReviewAction").length === 1);
    expect(core.callsTo("triageReviewAction")[0]?.[1] as ReviewActionInput).toMatchObject({ sarId: SAR, action: "CLOSE_REVIEW" });
    await eventually("the card lost its buttons", () => !JSON.stringify(cardMessage()?.blocks).includes("sar_triage_"));
  });

  it("Restore all confirms in a modal and passes the note", async () => {
    core.overrides.triageReviewAction = async () => done({ action: "RESTORE_ALL_ACCESS", item: undefined });
    await click("sar_triage_restore_all", encodeTriageValue({ sarId: SAR }));
    const form = await openedForm("sar_triage_review_action_form");
    await submit(form, { note: "false positive" });
    await eventually("the action reached the core", () => core.callsTo("triageReviewAction").length === 1);
    expect(core.callsTo("triageReviewAction")[0]?.[1]).toMatchObject({ action: "RESTORE_ALL_ACCESS", note: "false positive" });
  });

  it("Extend takes a date from the date picker", async () => {
    core.overrides.triageUpdate = async () => done({ action: "EXTEND", item: undefined, note: undefined });
    await click("sar_triage_extend", encodeTriageValue({ sarId: SAR }));
    const form = await openedForm("sar_triage_extend_form");
    const none = await submit(form, {}, erin, {});
    expect(((await none.json()) as { response_action: string }).response_action).toBe("errors");
    await submit(form, {}, erin, { end_date: { value: { type: "datepicker", selected_date: "2031-02-01" } } });
    await eventually("the update reached the core", () => core.callsTo("triageUpdate").length === 1);
    expect(core.callsTo("triageUpdate")[0]?.[1] as UpdateReviewInput).toMatchObject({ sarId: SAR, endTime: "2031-02-01" });
  });

  it("Reviewers maps picked Slack users to their emails and keeps typed logins", async () => {
    core.overrides.triageUpdate = async () => done({ action: "REVIEWERS", item: undefined, note: undefined });
    await click("sar_triage_reviewers", encodeTriageValue({ sarId: SAR }));
    const form = await openedForm("sar_triage_reviewers_form");
    const empty = await submit(form, {}, erin, {});
    expect(((await empty.json()) as { response_action: string }).response_action).toBe("errors");
    await submit(form, {}, erin, {
      reviewer_users: { value: { type: "multi_users_select", selected_users: [SLACK_USERS.frank.id] } },
      reviewer_names: { value: { type: "plain_text_input", value: "grace.governance@example.com" } },
    });
    await eventually("the update reached the core", () => core.callsTo("triageUpdate").length === 1);
    expect((core.callsTo("triageUpdate")[0]?.[1] as UpdateReviewInput).reviewers).toEqual([SLACK_USERS.frank.email, "grace.governance@example.com"]);
  });

  it("Reviewers naming a Slack user without an email changes nothing and says why", async () => {
    await click("sar_triage_reviewers", encodeTriageValue({ sarId: SAR }));
    const form = await openedForm("sar_triage_reviewers_form");
    await submit(form, {}, erin, { reviewer_users: { value: { type: "multi_users_select", selected_users: [SLACK_USERS.noEmail.id] } } });
    await eventually("the form says why", () => JSON.stringify(bench.slack.views.get(String(form.id))).includes("no email address"));
    expect(core.callsTo("triageUpdate")).toEqual([]);
  });

  it("Comment posts the text typed", async () => {
    core.overrides.triageComment = async () => done({ action: "COMMENT", item: undefined, note: undefined });
    await click("sar_triage_comment", encodeTriageValue({ sarId: SAR }));
    const form = await openedForm("sar_triage_comment_form");
    await submit(form, { comment: "Looking at the OAuth grants now" });
    await eventually("the comment reached the core", () => core.callsTo("triageComment").length === 1);
    expect(core.callsTo("triageComment")[0]?.[1]).toMatchObject({ sarId: SAR, text: "Looking at the OAuth grants now" });
  });

  it("Summarize answers the clicker privately", async () => {
    core.overrides.triageSummarize = async () => ({ type: "triage-summary", sarId: SAR, summary: { status: "ok", message: `High-risk access to AWS ${TRIAGE_HOSTILE}` } });
    await click("sar_triage_summarize", encodeTriageValue({ sarId: SAR }));
    const note = await bench.slack.waitForCall("chat.postEphemeral", (c) => String(c.args.text).includes("High-risk access"));
    expect(note.args.user).toBe(erin.id);
    expect(JSON.stringify(note.args)).not.toContain("<!channel>");
  });

  it("Details opens a modal with the item's sub-accesses", async () => {
    core.overrides.triageDetails = async () => ({ type: "triage-details", details: sampleTriageDetails() });
    await click("sar_triage_details", encodeTriageValue({ sarId: SAR, accessId: ITEM }));
    const opened = await bench.slack.waitForCall("views.open", (c) => JSON.stringify(c.args.view).includes("Loading"));
    const viewId = String((opened.response?.view as { id: string }).id);
    await eventually("the details are shown", () => JSON.stringify(bench.slack.views.get(viewId)).includes("AdministratorAccess"));
    expect(core.callsTo("triageDetails")[0]?.[1]).toEqual({ sarId: SAR, accessId: ITEM });
  });

  it("a shared card answered to a command is posted in the channel and attached to its review", async () => {
    // The generic command path: any command whose reply is the shared card (as `/sar review` does).
    core.overrides.status = async () => ({ type: "triage-card", triage: sampleTriageView() });
    await postSigned(bench.url, slashCommandBody({ user: erin, text: `status ${SAR}` }));
    await eventually("the card was attached", () => core.callsTo("attachTriageCard").length === 1);
    const [ref, where] = core.callsTo("attachTriageCard")[0] as [{ sarId: string; messageId: string }, ConversationKey];
    const posted = bench.slack.callsTo("chat.postMessage").find((c) => c.response?.ts === ref.messageId);
    expect(posted?.args.channel).toBe("C0INCIDENT");
    expect(ref.sarId).toBe(SAR);
    expect(where).toEqual(conversation(ref.messageId));
  });

  it("a person's own card answered to a command is private and not attached", async () => {
    core.overrides.status = async () => ({ type: "triage-card", triage: sampleTriageView({ viewer: { kind: "person", oktaUserId: "00uerin0000000000001" } }) });
    await postSigned(bench.url, slashCommandBody({ user: erin, text: `status ${SAR}` }));
    await bench.slack.waitForCall("chat.postEphemeral", (c) => String(c.args.text).includes("Security access review") && c.args.user === erin.id);
    expect(core.callsTo("attachTriageCard")).toEqual([]);
  });

  it("a card the core already redrew (redrawn) is not redrawn again; the thread line still goes out", async () => {
    core.overrides.triageItemAction = async () => ({ ...done({ action: "RESTORE_ACCESS", note: undefined }), redrawn: [cardTs] });
    const before = cardMessage()?.updates ?? 0;
    const lines = threadLines().filter((m) => m.text?.includes("Restored AWS Console") === true).length;
    await click("sar_triage_restore", encodeTriageValue({ sarId: SAR, accessId: ITEM, action: "RESTORE_ACCESS" }));
    await eventually("the thread line was posted", () => threadLines().filter((m) => m.text?.includes("Restored AWS Console") === true).length > lines);
    expect(cardMessage()?.updates ?? 0).toBe(before);
    // Another message redrawn by the core does not stand for this one.
    core.overrides.triageItemAction = async () => ({ ...done({ action: "RESTORE_ACCESS", note: undefined }), redrawn: ["1700000000.999999"] });
    await click("sar_triage_restore", encodeTriageValue({ sarId: SAR, accessId: ITEM, action: "RESTORE_ACCESS" }));
    await eventually("the card was redrawn", () => (cardMessage()?.updates ?? 0) === before + 1);
  });
});
