/**
 * The triage card's buttons. `adaptiveCard/action` (Universal Actions):
 * the refresh and "Show my actions" (the clicker's own view), pages,
 * Details, Summarize, Restore and Flag. `task/fetch` and `task/submit`:
 * the dialogs of Revoke (with an optional note), Close review, Restore
 * all, Extend, Reviewers and Comment. A done action replaces the clicker's
 * card with their updated view and updates the shared card in place for
 * everyone; a refusal goes to the clicker only and changes no card. The
 * click's activity id is the core's idempotency key, so a redelivered
 * click (same id) does nothing twice.
 */
import type { AdaptiveCardInvokeResponse, TaskModuleResponse, TurnContext } from "botbuilder";
import type { SarAccessAction } from "../../../governance/okta/sar-triage-types.js";
import type { Reply } from "../../../governance/replies.js";
import type { TriageView } from "../../../governance/triage/types.js";
import { messageOf } from "../conversation/poster.js";
import { storedReferenceOf } from "../conversation/thread-reference.js";
import { reviewOfTriageCardMessage } from "../conversation/triage-card-messages.js";
import { addTriageViewer } from "../conversation/triage-viewers.js";
import { ADAPTIVE_CARD_CONTENT_TYPE } from "../render/card-kit.js";
import { renderReply } from "../render/render-reply.js";
import { CURSOR_MAX, MAX_COMMENT_LENGTH, MAX_NOTE_LENGTH, dialogTitle, triageCard, triageDialogCard, type TriageDialog } from "../render/triage-card.js";
import { actionDoneText } from "../../../governance/triage/text.js";
import { TRIAGE_FORM, TRIAGE_VERBS } from "../verbs.js";
import type { BotDeps } from "./bot-deps.js";
import { within } from "./deadline.js";
import { cardResponse, errorResponse, messageResponse } from "./invoke-responses.js";
import { turnInfoOf, type TurnInfo } from "./turn-info.js";

type Data = Record<string, unknown>;

const ID = /^[A-Za-z0-9_.:-]{1,100}$/;

function id(data: Data, key: string): string | undefined {
  const v = data[key];
  return typeof v === "string" && ID.test(v) ? v : undefined;
}

function cursorOf(data: Data): string | undefined | null {
  const v = data.cursor;
  if (v === undefined || v === null || v === "") return undefined;
  return typeof v === "string" && v.length <= CURSOR_MAX ? v : null;
}

/** Item actions a button may take at once; Revoke always asks first (a dialog). */
const DIRECT_ITEM_ACTIONS: readonly SarAccessAction[] = ["RESTORE_ACCESS", "FLAG_FOR_MANUAL_REMEDIATION", "FLAG_FOR_MANUAL_RESTORATION"];

const DIALOG_VERBS: Readonly<Record<string, TriageDialog["kind"]>> = {
  [TRIAGE_VERBS.revoke]: "revoke",
  [TRIAGE_VERBS.close]: "close",
  [TRIAGE_VERBS.restoreAll]: "restore-all",
  [TRIAGE_VERBS.extend]: "extend",
  [TRIAGE_VERBS.reviewers]: "reviewers",
  [TRIAGE_VERBS.comment]: "comment",
};

/** True for a triage verb (the card's buttons and its dialogs). */
export function isTriageVerb(verb: unknown): verb is string {
  return typeof verb === "string" && Object.values(TRIAGE_VERBS).includes(verb as never);
}

/** The Teams id (`29:…`) of the person behind an activity, for the card's automatic refresh. */
function teamsIdOf(context: TurnContext): string | undefined {
  const from = context.activity.from?.id;
  return typeof from === "string" && from.length <= 200 ? from : undefined;
}

/** Remembers the clicker as a viewer of the review's card; a store failure only costs them the automatic refresh. */
async function rememberViewer(context: TurnContext, info: TurnInfo, sarId: string, deps: BotDeps): Promise<string[]> {
  try {
    return await addTriageViewer(deps.chatState, info.tenantId, sarId, teamsIdOf(context));
  } catch (err) {
    deps.logger.warn({ err, sarId }, "could not remember a viewer of the triage card");
    return [];
  }
}

const OTHER_REVIEW = "This button names another review than the card it is on; nothing was done. Open the review again with `sar review`.";

/** True when one of `messageIds` is a triage card the bot posted for another review than `sarId` (a tampered button). */
async function namesAnotherReview(deps: BotDeps, tenantId: string, sarId: string, messageIds: (string | undefined)[]): Promise<boolean> {
  for (const messageId of new Set(messageIds)) {
    if (messageId === undefined || messageId === "") continue;
    const shown = await reviewOfTriageCardMessage(deps.chatState, tenantId, messageId);
    if (shown !== undefined && shown !== sarId) return true;
  }
  return false;
}

const sharedOf = (view: TriageView): TriageView => ({ ...view, viewer: { kind: "shared" } });

/**
 * After a done action: the card everyone sees (message `cardId`) is
 * updated in place with the review as it now stands, unless the core
 * already redrew it (`redrawn`: the review's recorded cards, with the same
 * viewers' list).
 */
async function updateShared(reply: Extract<Reply, { type: "triage-action-done" }>, cardId: string | undefined, viewers: string[], update: (card: ReturnType<typeof triageCard>, text: string) => Promise<void>, deps: BotDeps): Promise<void> {
  if (cardId === undefined || (reply.redrawn ?? []).includes(cardId)) return;
  const done = actionDoneText(reply.done);
  const card = triageCard(sharedOf(reply.triage), { refreshUserIds: viewers, notice: { text: done, tone: "Good" } });
  await update(card, done).catch((err: unknown) => deps.logger.warn({ err, sarId: reply.done.sarId }, "could not update the shared triage card in Teams"));
}

/** In-turn update of the clicked card's message (the shared card). */
function inTurnUpdate(context: TurnContext, cardId: string) {
  return async (card: ReturnType<typeof triageCard>, text: string) => {
    await context.updateActivity({ ...messageOf({ card, text }), id: cardId });
  };
}

/** The clicker's answer to a reply that is not a card. */
function noteFor(reply: Reply): AdaptiveCardInvokeResponse {
  return messageResponse(renderReply(reply).text);
}

/** Handles a triage button (`adaptiveCard/action`); null when `verb` is not one of them. */
export async function triageAction(context: TurnContext, info: TurnInfo, verb: string, data: Data, deps: BotDeps): Promise<AdaptiveCardInvokeResponse | null> {
  if (!isTriageVerb(verb)) return null;
  const sarId = id(data, "sarId");
  if (sarId === undefined) return errorResponse(400, "BadRequest", "The card names no review; open it again with `sar review`.");
  const { activity } = context;
  const automatic = (activity.value as { trigger?: unknown } | undefined)?.trigger === "automatic";
  const viewers = await rememberViewer(context, info, sarId, deps);
  const { core } = deps;
  const { actor } = info;
  const cardId = typeof activity.replyToId === "string" && activity.replyToId !== "" ? activity.replyToId : undefined;
  if (await namesAnotherReview(deps, info.tenantId, sarId, [cardId])) return automatic ? errorResponse(400, "BadRequest", OTHER_REVIEW) : messageResponse(OTHER_REVIEW);

  let work: Promise<Reply>;
  switch (verb) {
    case TRIAGE_VERBS.refresh:
    case TRIAGE_VERBS.page: {
      const cursor = cursorOf(data);
      if (cursor === null) return errorResponse(400, "BadRequest", "This page button is not valid; open the review again.");
      work = core.openTriage(actor, { ref: sarId, viewer: "self", ...(cursor !== undefined && { cursor }) });
      break;
    }
    case TRIAGE_VERBS.details: {
      const accessId = id(data, "accessId");
      if (accessId === undefined) return errorResponse(400, "BadRequest", "The button names no access item.");
      work = core.triageDetails(actor, { sarId, accessId });
      break;
    }
    case TRIAGE_VERBS.summarize:
      work = core.triageSummarize(actor, { sarId, ...(id(data, "accessId") !== undefined && { accessId: id(data, "accessId") }) });
      break;
    case TRIAGE_VERBS.item: {
      const accessId = id(data, "accessId");
      const action = DIRECT_ITEM_ACTIONS.find((a) => a === data.action);
      if (accessId === undefined || action === undefined) return errorResponse(400, "BadRequest", "This button names no access item or no action the bot takes without asking.");
      work = core.triageItemAction(actor, { sarId, accessId, action, idempotencyKey: activity.id ?? "" });
      break;
    }
    default:
      // Dialog verbs arrive as `task/fetch`, never as a card action.
      return errorResponse(400, "BadRequest", "This button opens a dialog; the card may be from an older version.");
  }

  const raced = await within(work, deps.timings.invokeDeadlineMs);
  if (raced.kind === "late") {
    const ref = storedReferenceOf(activity, info.tenantId);
    deps.background.run("late triage action", async () => {
      const reply = await raced.later;
      if (reply.type === "triage-action-done") {
        await updateShared(reply, cardId, viewers, (card, text) => deps.poster.update(ref, cardId ?? "", { card, text }), deps);
      } else if (reply.type === "error" && verb === TRIAGE_VERBS.item) {
        await deps.poster.post(ref, renderReply({ ...reply, message: `${info.actor.displayName ?? "Someone"}: ${reply.message}` }));
      }
    });
    if (automatic) return errorResponse(500, "Timeout", "The bot could not refresh this card in time.");
    return messageResponse("Okta is slow to answer; the card updates when it is done.");
  }
  const reply = raced.value;
  switch (reply.type) {
    case "triage-card":
    case "triage-details":
    case "triage-summary":
      return cardResponse(renderReply(reply).card);
    case "triage-action-done":
      if (cardId !== undefined) await updateShared(reply, cardId, viewers, inTurnUpdate(context, cardId), deps);
      return cardResponse(renderReply(reply).card);
    case "error":
      // An automatic refresh that is refused keeps the shared card; a click is told why, privately.
      if (automatic) return errorResponse(403, reply.code, reply.message);
      return noteFor(reply);
    default:
      return noteFor(reply);
  }
}

// Dialogs (task modules).

const record = (v: unknown): Data => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Data) : {});
const taskMessage = (value: string): TaskModuleResponse => ({ task: { type: "message", value } });

function dialogTask(dialog: TriageDialog, options: { cardId?: string; error?: string }): TaskModuleResponse {
  return {
    task: {
      type: "continue",
      value: { title: dialogTitle(dialog), height: "medium", width: "medium", card: { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: triageDialogCard(dialog, options) } },
    },
  };
}

/** True when a `task/fetch` or `task/submit` belongs to the triage card. */
export function isTriageTask(request: unknown): boolean {
  const data = record(record(request).data);
  return data.verb !== undefined && typeof data.verb === "string" && DIALOG_VERBS[data.verb] !== undefined;
}

/** The dialog a button's (or a form's) data names, or why it names none. */
function dialogOf(data: Data): TriageDialog | string {
  const kind = typeof data.verb === "string" ? DIALOG_VERBS[data.verb] : undefined;
  const sarId = id(data, "sarId");
  if (kind === undefined || sarId === undefined) return "This button is not known to the bot; the card may be from an older version.";
  const prefill = (key: string, max: number): string | undefined => {
    const v = data[key];
    return typeof v === "string" && v.length <= max ? v : undefined;
  };
  if (kind === "extend") return { kind, sarId, ...(prefill("endTime", 40) !== undefined && { endTime: prefill("endTime", 40) }) };
  if (kind === "reviewers") return { kind, sarId, ...(prefill("reviewers", 1000) !== undefined && { reviewers: prefill("reviewers", 1000) }) };
  if (kind !== "revoke") return { kind, sarId };
  const accessId = id(data, "accessId");
  if (accessId === undefined) return "The button names no access item.";
  const itemName = typeof data.itemName === "string" ? data.itemName.slice(0, 100) : undefined;
  return { kind, sarId, accessId, ...(itemName !== undefined && { itemName }) };
}

/** `task/fetch` from a triage button: the confirmation or input form. */
export async function fetchTriageTask(context: TurnContext, request: unknown, deps: BotDeps): Promise<TaskModuleResponse> {
  const dialog = dialogOf(record(record(request).data));
  if (typeof dialog === "string") return taskMessage(dialog);
  const info = turnInfoOf(context, deps);
  if ("refusal" in info) return taskMessage(info.refusal);
  const cardId = context.activity.replyToId;
  if (await namesAnotherReview(deps, info.tenantId, dialog.sarId, [cardId])) return taskMessage(OTHER_REVIEW);
  await rememberViewer(context, info, dialog.sarId, deps);
  return dialogTask(dialog, { ...(typeof cardId === "string" && cardId !== "" && { cardId }) });
}

/** An optional free-text input: undefined when empty, null when too long. */
function optionalText(data: Data, key: string, max: number): string | undefined | null {
  const v = data[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") return null;
  const trimmed = v.trim();
  if (trimmed === "") return undefined;
  return [...trimmed].length <= max ? trimmed : null;
}

type Checked = { work: (key: string) => Promise<Reply> } | { error: string };

/** The core call a submitted dialog asks for, or what is wrong with the form. */
function callFor(dialog: TriageDialog, data: Data, info: TurnInfo, deps: BotDeps): Checked {
  const { core } = deps;
  const { actor } = info;
  const { sarId } = dialog;
  switch (dialog.kind) {
    case "revoke":
    case "close":
    case "restore-all": {
      const note = optionalText(data, "note", MAX_NOTE_LENGTH);
      if (note === null) return { error: `The note may be at most ${MAX_NOTE_LENGTH} characters.` };
      const withNote = note !== undefined ? { note } : {};
      if (dialog.kind === "revoke") return { work: (key) => core.triageItemAction(actor, { sarId, accessId: dialog.accessId, action: "REVOKE_ACCESS", ...withNote, idempotencyKey: key }) };
      const action = dialog.kind === "close" ? "CLOSE_REVIEW" : "RESTORE_ALL_ACCESS";
      return { work: (key) => core.triageReviewAction(actor, { sarId, action, ...withNote, idempotencyKey: key }) };
    }
    case "extend": {
      const endTime = optionalText(data, "endTime", 40);
      if (endTime === undefined || endTime === null) return { error: "Pick the review's new end date." };
      return { work: (key) => core.triageUpdate(actor, { sarId, endTime, idempotencyKey: key }) };
    }
    case "reviewers": {
      const typed = optionalText(data, "reviewers", 2000);
      const reviewers = typeof typed === "string" ? typed.split(/[\s,;]+/).filter((r) => r !== "") : [];
      if (reviewers.length === 0) return { error: "Name at least one reviewer (Okta login or email)." };
      if (reviewers.length > 10) return { error: "A review has at most 10 reviewers." };
      return { work: (key) => core.triageUpdate(actor, { sarId, reviewers, idempotencyKey: key }) };
    }
    case "comment": {
      const text = optionalText(data, "text", MAX_COMMENT_LENGTH);
      if (text === null) return { error: `A comment may be at most ${MAX_COMMENT_LENGTH} characters.` };
      if (text === undefined) return { error: "Write the comment first." };
      return { work: (key) => core.triageComment(actor, { sarId, text, idempotencyKey: key }) };
    }
  }
}

/** `task/submit` of a triage dialog: performs the call; the shared card is updated in place. */
export async function submitTriageTask(context: TurnContext, request: unknown, deps: BotDeps): Promise<TaskModuleResponse> {
  const data = record(record(request).data);
  if (data.form !== TRIAGE_FORM) return taskMessage("This form is not one the bot knows; open it again from the card.");
  const dialog = dialogOf(data);
  if (typeof dialog === "string") return taskMessage(dialog);
  const info = turnInfoOf(context, deps);
  if ("refusal" in info) return taskMessage(info.refusal);
  const { activity } = context;
  const cardId = id(data, "cardId") ?? (typeof activity.replyToId === "string" && activity.replyToId !== "" ? activity.replyToId : undefined);
  const clicked = typeof activity.replyToId === "string" && activity.replyToId !== "" ? activity.replyToId : undefined;
  if (await namesAnotherReview(deps, info.tenantId, dialog.sarId, [cardId, clicked])) return taskMessage(OTHER_REVIEW);
  const keep = { ...(cardId !== undefined && { cardId }) };
  const checked = callFor(dialog, data, info, deps);
  if ("error" in checked) return dialogTask(dialog, { ...keep, error: checked.error });
  const viewers = await rememberViewer(context, info, dialog.sarId, deps);
  const ref = storedReferenceOf(activity, info.tenantId);
  const update = (card: ReturnType<typeof triageCard>, text: string) => deps.poster.update(ref, cardId ?? "", { card, text });

  const raced = await within(checked.work(activity.id ?? ""), deps.timings.invokeDeadlineMs);
  if (raced.kind === "late") {
    deps.background.run("late triage dialog", async () => {
      const reply = await raced.later;
      if (reply.type === "triage-action-done") await updateShared(reply, cardId, viewers, update, deps);
      else await deps.poster.post(ref, renderReply(reply.type === "error" ? { ...reply, message: `${info.actor.displayName ?? "Someone"}: ${reply.message}` } : reply));
    });
    return taskMessage("Okta is slow to answer; the card updates when it is done.");
  }
  const reply = raced.value;
  switch (reply.type) {
    case "triage-action-done":
      await updateShared(reply, cardId, viewers, cardId !== undefined ? inTurnUpdate(context, cardId) : update, deps);
      return taskMessage(`${actionDoneText(reply.done)}.`);
    case "error":
      // A form the core finds wrong is shown again with its words; a refusal closes the dialog with them.
      if (reply.code === "validation_failed" || reply.fields !== undefined) return dialogTask(dialog, { ...keep, error: renderReply(reply).text });
      return taskMessage(renderReply(reply).text);
    default:
      return taskMessage(renderReply(reply).text);
  }
}
