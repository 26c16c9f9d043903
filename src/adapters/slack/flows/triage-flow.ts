/**
 * The triage card's buttons and forms (PRODUCT.md 4.4). Every listener acks
 * first; the core is called after. Restore and Flag act at once; Revoke,
 * Close review and Restore all confirm in a modal; Extend, Reviewers and
 * Comment are forms; Details opens a modal; Summarize answers privately;
 * the page buttons redraw the card for everyone. A done action redraws the
 * clicked card in place and says in its thread who did what; a refusal goes
 * to the clicker alone and leaves the card as it was. The idempotency key
 * of an action comes from the click (or the form) itself, so Slack
 * delivering it twice, or two replicas taking it, makes one action.
 */
import type { SarAccessAction } from "../../../governance/okta/sar-triage-types.js";
import type { Reply } from "../../../governance/replies.js";
import { actionDoneText } from "../../../governance/triage/text.js";
import { str } from "../payload.js";
import type { ReplyPlace } from "../poster.js";
import { renderActionDone, renderTriageCard, decodeTriageValue, type TriageButtonValue } from "../render/render-triage.js";
import { renderReply } from "../render/render-reply.js";
import { userText } from "../render/mrkdwn.js";
import type { SlackIds } from "../slack-actor.js";
import { decodeTriageMetadata, type TriageMetadata } from "../views/metadata.js";
import { infoView, loadingView, messageView, workingView } from "../views/modal.js";
import {
  commentModal,
  detailsModal,
  extendModal,
  readTriageDate,
  readTriageReviewers,
  readTriageText,
  revokeModal,
  reviewActionModal,
  reviewersModal,
  TRIAGE_BLOCKS,
  TRIAGE_COMMENT_MAX,
  TRIAGE_NOTE_MAX,
  TRIAGE_REVIEWERS_MAX,
} from "../views/triage-modals.js";
import type { PlainAck, ViewAck } from "./bolt-args.js";
import { actionPlace, interactionIds, readSubmission, type ActionPlace, type FlowDeps } from "./deps.js";

interface TriageClick {
  ids: SlackIds;
  place: ActionPlace;
  value: TriageButtonValue;
  /** This click's identity (`name:team:user:value:action_ts`): the same for a redelivery of the same payload. */
  key: string;
  triggerId?: string;
}

const OUT_OF_DATE = "This button is out of date; run `/sar review` again for a fresh card.";

/**
 * Acks, reads the click and its value, and claims it; undefined when it is
 * malformed (logged), stale (the clicker is told) or a redelivery.
 */
async function readTriageClick(deps: FlowDeps, body: unknown, ack: PlainAck, name: string, accept: (value: TriageButtonValue) => boolean): Promise<TriageClick | undefined> {
  await ack();
  const ids = interactionIds(body);
  const place = ids && actionPlace(body, ids.userId);
  const action = (body as { actions?: unknown[] }).actions?.[0];
  const raw = str(action, "value");
  if (ids === undefined || place === undefined || raw === undefined) {
    deps.logger.warn({ teamId: ids?.teamId, action: name }, "triage click without user, channel or value; ignored");
    return undefined;
  }
  try {
    const value = decodeTriageValue(raw);
    if (value === null || !accept(value)) {
      deps.logger.warn({ teamId: ids.teamId, action: name }, "triage button value this app does not recognise");
      await deps.poster.toPerson(place, { text: OUT_OF_DATE, blocks: [] });
      return undefined;
    }
    const key = `triage-${name}:${ids.teamId}:${ids.userId}:${value.sarId}:${value.accessId ?? ""}:${value.action ?? ""}:${str(action, "action_ts") ?? place.messageTs ?? ""}`;
    if (!(await deps.claim(key))) return undefined;
    const triggerId = str(body, "trigger_id");
    return { ids, place, value, key, ...(triggerId !== undefined && { triggerId }) };
  } catch (err) {
    await deps.sink(err, { handling: `triage ${name}`, teamId: ids.teamId, userId: ids.userId, place });
    return undefined;
  }
}

async function guarded(deps: FlowDeps, click: TriageClick, name: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    await deps.sink(err, { handling: `triage ${name}`, teamId: click.ids.teamId, userId: click.ids.userId, place: click.place });
  }
}

/**
 * Before a button that acts opens its form or runs: the core says whether the clicker may act and whether
 * the clicked shared card shows this review. True when refused; the clicker alone is told.
 */
async function refusedAtClick(deps: FlowDeps, click: TriageClick, kind: "item" | "review" | "update"): Promise<boolean> {
  const { place } = click;
  const reply = await deps.core.triageMayAct(deps.people.actor(click.ids), {
    sarId: click.value.sarId,
    kind,
    ...(place.messageTs !== undefined && !place.isEphemeral && { cardMessageId: place.messageTs }),
  });
  if (reply === null) return false;
  await deps.poster.toPerson(place, renderReply(reply));
  return true;
}

/** The card an outcome redraws: the clicked message, unless only its viewer sees it. */
interface CardPlace {
  channelId: string;
  cardTs?: string;
  /** The card's thread, for the line naming who acted. */
  threadTs?: string;
}

function cardOf(place: ActionPlace): CardPlace {
  return {
    channelId: place.channelId,
    ...(place.messageTs !== undefined && !place.isEphemeral && { cardTs: place.messageTs }),
    ...((place.threadTs ?? place.messageTs) !== undefined && { threadTs: place.threadTs ?? place.messageTs }),
  };
}

function metaOf(click: TriageClick, extra: Partial<TriageMetadata> = {}): TriageMetadata {
  const card = cardOf(click.place);
  return {
    channelId: card.channelId,
    sarId: click.value.sarId,
    ...(card.threadTs !== undefined && { threadTs: card.threadTs }),
    ...(card.cardTs !== undefined && { cardTs: card.cardTs }),
    ...extra,
  };
}

/**
 * After an action: `triage-action-done` redraws the card for everyone (unless
 * the core already did: `redrawn`) and posts who did what in its thread; anything else (a refusal, a step-up
 * link) goes to the person alone, in the form when there is one.
 */
async function settle(deps: FlowDeps, reply: Reply, where: { card: CardPlace; person: ReplyPlace; viewId?: string }): Promise<void> {
  const { card, person, viewId } = where;
  if (reply.type !== "triage-action-done") {
    const rendered = renderReply(reply);
    if (viewId !== undefined) await deps.web.views.update({ view_id: viewId, view: messageView(rendered) });
    await deps.poster.toPerson(person, rendered);
    return;
  }
  if (viewId !== undefined) await deps.web.views.update({ view_id: viewId, view: infoView(`✅ ${userText(actionDoneText(reply.done), 2000)}`) });
  // The core redraws the review's recorded cards itself; the clicked card is redrawn here only when it did not.
  if (card.cardTs !== undefined && !(reply.redrawn ?? []).includes(card.cardTs)) await deps.poster.update(card.channelId, card.cardTs, renderTriageCard(reply.triage));
  await deps.poster.toChannel({ channelId: card.channelId, userId: person.userId, ...(card.threadTs !== undefined && { threadTs: card.threadTs }) }, renderActionDone(reply.done));
}

const DIRECT_ITEM_ACTIONS: readonly SarAccessAction[] = ["RESTORE_ACCESS", "FLAG_FOR_MANUAL_REMEDIATION", "FLAG_FOR_MANUAL_RESTORATION"];

/** Restore and Flag: taken at once (they take nothing away); the click's key makes a redelivery the same action. */
export async function handleTriageItemAction(deps: FlowDeps, body: unknown, ack: PlainAck): Promise<void> {
  const click = await readTriageClick(deps, body, ack, "item", (v) => v.accessId !== undefined && v.action !== undefined && DIRECT_ITEM_ACTIONS.includes(v.action));
  if (click === undefined) return;
  const { accessId, action } = click.value;
  if (accessId === undefined || action === undefined) return;
  await guarded(deps, click, "item action", async () => {
    if (await refusedAtClick(deps, click, "item")) return;
    const actor = deps.people.actor(click.ids);
    const reply = await deps.core.triageItemAction(actor, { sarId: click.value.sarId, accessId, action, idempotencyKey: `slack:${click.key}` });
    await settle(deps, reply, { card: cardOf(click.place), person: click.place });
  });
}

/** Opens an action's form, unless the clicker may not take an action of `kind` here (then they are told privately). */
async function openForm(deps: FlowDeps, click: TriageClick, name: string, kind: "item" | "review" | "update", view: Parameters<FlowDeps["web"]["views"]["open"]>[0]["view"]): Promise<void> {
  const triggerId = click.triggerId;
  if (triggerId === undefined) {
    deps.logger.warn({ teamId: click.ids.teamId, action: name }, "triage click without a trigger id; no form opened");
    return;
  }
  await guarded(deps, click, name, async () => {
    if (await refusedAtClick(deps, click, kind)) return;
    await deps.web.views.open({ trigger_id: triggerId, view });
  });
}

/** Revoke asks first: a confirmation with an optional note; the action happens on its submit. */
export async function handleTriageRevokeClick(deps: FlowDeps, body: unknown, ack: PlainAck): Promise<void> {
  const click = await readTriageClick(deps, body, ack, "revoke-click", (v) => v.accessId !== undefined && v.action === "REVOKE_ACCESS");
  if (click === undefined) return;
  const { accessId, itemName } = click.value;
  await openForm(deps, click, "revoke", "item", revokeModal(metaOf(click, { action: "REVOKE_ACCESS", ...(accessId !== undefined && { accessId }), ...(itemName !== undefined && { itemName }) })));
}

/** Close review and Restore all access confirm in a modal first. */
export async function handleTriageReviewActionClick(deps: FlowDeps, body: unknown, ack: PlainAck, action: "CLOSE_REVIEW" | "RESTORE_ALL_ACCESS"): Promise<void> {
  const click = await readTriageClick(deps, body, ack, action === "CLOSE_REVIEW" ? "close-click" : "restore-all-click", (v) => v.accessId === undefined);
  if (click === undefined) return;
  await openForm(deps, click, action, "review", reviewActionModal({ ...metaOf(click), action }));
}

export async function handleTriageExtendClick(deps: FlowDeps, body: unknown, ack: PlainAck): Promise<void> {
  const click = await readTriageClick(deps, body, ack, "extend-click", (v) => v.accessId === undefined);
  if (click !== undefined) await openForm(deps, click, "extend", "update", extendModal(metaOf(click)));
}

export async function handleTriageReviewersClick(deps: FlowDeps, body: unknown, ack: PlainAck): Promise<void> {
  const click = await readTriageClick(deps, body, ack, "reviewers-click", (v) => v.accessId === undefined);
  if (click !== undefined) await openForm(deps, click, "reviewers", "update", reviewersModal(metaOf(click)));
}

export async function handleTriageCommentClick(deps: FlowDeps, body: unknown, ack: PlainAck): Promise<void> {
  const click = await readTriageClick(deps, body, ack, "comment-click", (v) => v.accessId === undefined);
  if (click !== undefined) await openForm(deps, click, "comment", "update", commentModal(metaOf(click)));
}

/** Details: a modal opens at once ("Loading…"), then shows the sub-accesses and anomalies, or why not. */
export async function handleTriageDetails(deps: FlowDeps, body: unknown, ack: PlainAck): Promise<void> {
  const click = await readTriageClick(deps, body, ack, "details", (v) => v.accessId !== undefined);
  const triggerId = click?.triggerId;
  if (click === undefined || triggerId === undefined || click.value.accessId === undefined) return;
  const accessId = click.value.accessId;
  await guarded(deps, click, "details", async () => {
    const opened = await deps.web.views.open({ trigger_id: triggerId, view: loadingView() });
    const viewId = opened.view?.id;
    if (viewId === undefined) throw new Error("views.open answered without a view id");
    const reply = await deps.core.triageDetails(deps.people.actor(click.ids), { sarId: click.value.sarId, accessId });
    const rendered = renderReply(reply);
    await deps.web.views.update({ view_id: viewId, view: reply.type === "triage-details" ? detailsModal(rendered) : messageView(rendered) });
  });
}

/** Summarize: Okta's AI summary of the review, for the clicker only. */
export async function handleTriageSummarize(deps: FlowDeps, body: unknown, ack: PlainAck): Promise<void> {
  const click = await readTriageClick(deps, body, ack, "summarize", (v) => v.accessId === undefined);
  if (click === undefined) return;
  await guarded(deps, click, "summarize", async () => {
    const reply = await deps.core.triageSummarize(deps.people.actor(click.ids), { sarId: click.value.sarId });
    await deps.poster.toPerson(click.place, renderReply(reply));
  });
}

/** Previous / More: the other page replaces the card, for everyone (a private card only for its viewer). */
export async function handleTriagePage(deps: FlowDeps, body: unknown, ack: PlainAck): Promise<void> {
  const click = await readTriageClick(deps, body, ack, "page", (v) => v.cursor !== undefined && v.accessId === undefined);
  if (click === undefined || click.value.cursor === undefined) return;
  const cursor = click.value.cursor;
  await guarded(deps, click, "page", async () => {
    const { place } = click;
    const reply = await deps.core.openTriage(deps.people.actor(click.ids), { ref: click.value.sarId, cursor, viewer: place.isEphemeral ? "self" : "shared" });
    if (reply.type !== "triage-card") {
      await deps.poster.toPerson(place, renderReply(reply));
      return;
    }
    const card = renderTriageCard(reply.triage);
    if (place.isEphemeral || place.messageTs === undefined) await deps.poster.replacePrivate(place, card);
    else await deps.poster.update(place.channelId, place.messageTs, card);
  });
}

// ---- form submissions ----------------------------------------------------

type Submitted = NonNullable<ReturnType<typeof readTriageForm>>;

function readTriageForm(body: unknown) {
  return readSubmission(body, decodeTriageMetadata);
}

const STALE_FORM = "⚠️ This form cannot be read any more. Click the button on the card again.";

const personOf = (s: Submitted): ReplyPlace => ({ channelId: s.meta.channelId, userId: s.ids.userId, ...(s.meta.threadTs !== undefined && { threadTs: s.meta.threadTs }) });
const cardOfMeta = (meta: TriageMetadata): CardPlace => ({
  channelId: meta.channelId,
  ...(meta.cardTs !== undefined && { cardTs: meta.cardTs }),
  ...(meta.threadTs !== undefined && { threadTs: meta.threadTs }),
});

/** Acks a valid submission with "working", claims it and runs `work` with the form's key; errors reach the form. */
async function afterSubmit(deps: FlowDeps, s: Submitted, ack: ViewAck, name: string, working: string, work: (key: string) => Promise<void>): Promise<void> {
  await ack({ response_action: "update", view: workingView(working) });
  const key = `triage-${name}:${s.ids.teamId}:${s.viewId}`;
  try {
    if (!(await deps.claim(key))) return;
    await work(`slack:${key}`);
  } catch (err) {
    await deps.sink(err, { handling: `triage ${name} submission`, teamId: s.ids.teamId, userId: s.ids.userId, viewId: s.viewId });
  }
}

function noteOf(view: unknown): { note?: string; error?: string } {
  const note = readTriageText(view, TRIAGE_BLOCKS.note);
  if ([...note].length > TRIAGE_NOTE_MAX) return { error: `Keep the note to ${TRIAGE_NOTE_MAX} characters.` };
  return note === "" ? {} : { note };
}

/** The Revoke confirmation's submit: the item action, with the note. */
export async function submitTriageRevoke(deps: FlowDeps, body: unknown, ack: ViewAck): Promise<void> {
  const s = readTriageForm(body);
  if (s === undefined || s.meta.accessId === undefined || s.meta.action !== "REVOKE_ACCESS") {
    await ack({ response_action: "update", view: infoView(STALE_FORM) });
    return;
  }
  const { note, error } = noteOf(s.view);
  if (error !== undefined) {
    await ack({ response_action: "errors", errors: { [TRIAGE_BLOCKS.note]: error } });
    return;
  }
  const accessId = s.meta.accessId;
  await afterSubmit(deps, s, ack, "revoke", "Revoking…", async (idempotencyKey) => {
    const reply = await deps.core.triageItemAction(deps.people.actor(s.ids), { sarId: s.meta.sarId, accessId, action: "REVOKE_ACCESS", idempotencyKey, ...(note !== undefined && { note }) });
    await settle(deps, reply, { card: cardOfMeta(s.meta), person: personOf(s), viewId: s.viewId });
  });
}

/** Close review / Restore all access, confirmed. */
export async function submitTriageReviewAction(deps: FlowDeps, body: unknown, ack: ViewAck): Promise<void> {
  const s = readTriageForm(body);
  const action = s?.meta.action;
  if (s === undefined || (action !== "CLOSE_REVIEW" && action !== "RESTORE_ALL_ACCESS")) {
    await ack({ response_action: "update", view: infoView(STALE_FORM) });
    return;
  }
  const { note, error } = noteOf(s.view);
  if (error !== undefined) {
    await ack({ response_action: "errors", errors: { [TRIAGE_BLOCKS.note]: error } });
    return;
  }
  await afterSubmit(deps, s, ack, action === "CLOSE_REVIEW" ? "close" : "restore-all", action === "CLOSE_REVIEW" ? "Closing the review…" : "Restoring all access…", async (idempotencyKey) => {
    const reply = await deps.core.triageReviewAction(deps.people.actor(s.ids), { sarId: s.meta.sarId, action, idempotencyKey, ...(note !== undefined && { note }) });
    await settle(deps, reply, { card: cardOfMeta(s.meta), person: personOf(s), viewId: s.viewId });
  });
}

export async function submitTriageExtend(deps: FlowDeps, body: unknown, ack: ViewAck): Promise<void> {
  const s = readTriageForm(body);
  if (s === undefined) {
    await ack({ response_action: "update", view: infoView(STALE_FORM) });
    return;
  }
  const endTime = readTriageDate(s.view);
  if (endTime === undefined) {
    await ack({ response_action: "errors", errors: { [TRIAGE_BLOCKS.endDate]: "Pick the new end date." } });
    return;
  }
  await afterSubmit(deps, s, ack, "extend", "Extending the review…", async (idempotencyKey) => {
    const reply = await deps.core.triageUpdate(deps.people.actor(s.ids), { sarId: s.meta.sarId, endTime, idempotencyKey });
    await settle(deps, reply, { card: cardOfMeta(s.meta), person: personOf(s), viewId: s.viewId });
  });
}

/** Reviewers: Slack users picked are mapped to their email (as the launch form does), typed names passed as typed. */
export async function submitTriageReviewers(deps: FlowDeps, body: unknown, ack: ViewAck): Promise<void> {
  const s = readTriageForm(body);
  if (s === undefined) {
    await ack({ response_action: "update", view: infoView(STALE_FORM) });
    return;
  }
  const { userIds, names } = readTriageReviewers(s.view);
  const count = userIds.length + names.length;
  if (count === 0 || count > TRIAGE_REVIEWERS_MAX) {
    const error = count === 0 ? "Pick or type at least one reviewer." : `At most ${TRIAGE_REVIEWERS_MAX} reviewers.`;
    await ack({ response_action: "errors", errors: { [TRIAGE_BLOCKS.reviewerNames]: error } });
    return;
  }
  await afterSubmit(deps, s, ack, "reviewers", "Changing the reviewers…", async (idempotencyKey) => {
    const emails: string[] = [];
    const unknown: string[] = [];
    for (const userId of userIds) {
      const target = await deps.people.mentioned(s.ids.teamId, userId);
      if (target.email !== undefined) emails.push(target.email);
      else unknown.push(`<@${userId}>`);
    }
    if (unknown.length > 0) {
      const text = `⚠️ Slack has no email address for ${unknown.join(", ")}, so they cannot be matched to Okta users. Type their Okta login instead. Nothing was changed.`;
      await deps.web.views.update({ view_id: s.viewId, view: infoView(text) });
      return;
    }
    const reviewers = [...new Set([...emails, ...names])];
    const reply = await deps.core.triageUpdate(deps.people.actor(s.ids), { sarId: s.meta.sarId, reviewers, idempotencyKey });
    await settle(deps, reply, { card: cardOfMeta(s.meta), person: personOf(s), viewId: s.viewId });
  });
}

export async function submitTriageComment(deps: FlowDeps, body: unknown, ack: ViewAck): Promise<void> {
  const s = readTriageForm(body);
  if (s === undefined) {
    await ack({ response_action: "update", view: infoView(STALE_FORM) });
    return;
  }
  const text = readTriageText(s.view, TRIAGE_BLOCKS.comment);
  if (text === "" || [...text].length > TRIAGE_COMMENT_MAX) {
    await ack({ response_action: "errors", errors: { [TRIAGE_BLOCKS.comment]: `Write a comment of 1 to ${TRIAGE_COMMENT_MAX} characters.` } });
    return;
  }
  await afterSubmit(deps, s, ack, "comment", "Adding your comment…", async (idempotencyKey) => {
    const reply = await deps.core.triageComment(deps.people.actor(s.ids), { sarId: s.meta.sarId, text, idempotencyKey });
    await settle(deps, reply, { card: cardOfMeta(s.meta), person: personOf(s), viewId: s.viewId });
  });
}
