/**
 * Buttons on status cards and lists: Refresh (the card is redrawn for
 * everyone), Watch (changes go to the card's thread), Add message (a form
 * posting onto the access request), and "Next page" of requests and audit.
 */
import type { Reply } from "../../../governance/replies.js";
import { decodeAuditPage } from "../render/render-account.js";
import { renderReply } from "../render/render-reply.js";
import { decodeRequestPage } from "../render/render-status.js";
import { str } from "../payload.js";
import { conversationKey, type SlackIds } from "../slack-actor.js";
import { decodeRequestMessageMetadata } from "../views/metadata.js";
import { infoView, messageView, workingView } from "../views/modal.js";
import { readSingleInput, REQUEST_MESSAGE_BLOCK, REQUEST_MESSAGE_MAX, requestMessageModal } from "../views/small-modals.js";
import type { PlainAck, ViewAck } from "./bolt-args.js";
import { actionPlace, auditTarget, interactionIds, readSubmission, type ActionPlace, type FlowDeps } from "./deps.js";

const OKTA_ID = /^[A-Za-z0-9]{1,64}$/;
const oktaId = (value: string): string | null => (OKTA_ID.test(value) ? value : null);

interface Click<T> {
  ids: SlackIds;
  place: ActionPlace;
  value: T;
}

/**
 * Acks, reads the click, parses its button value and claims it; undefined
 * when it is malformed (logged), stale (the person is told) or a redelivery.
 */
async function readClick<T>(deps: FlowDeps, body: unknown, ack: PlainAck, name: string, parse: (value: string) => T | null): Promise<Click<T> | undefined> {
  await ack();
  const ids = interactionIds(body);
  const place = ids && actionPlace(body, ids.userId);
  const action = (body as { actions?: unknown[] }).actions?.[0];
  const raw = str(action, "value");
  if (ids === undefined || place === undefined || raw === undefined) {
    deps.logger.warn({ teamId: ids?.teamId, action: name }, "button click without user, channel or value; ignored");
    return undefined;
  }
  try {
    const value = parse(raw);
    if (value === null) {
      deps.logger.warn({ teamId: ids.teamId, action: name }, "button value this app does not recognise");
      await deps.poster.toPerson(place, { text: "This button is out of date; run the command again.", blocks: [] });
      return undefined;
    }
    if (!(await deps.claim(`${name}:${ids.teamId}:${ids.userId}:${str(action, "action_ts") ?? str(body, "trigger_id") ?? ""}`))) return undefined;
    return { ids, place, value };
  } catch (err) {
    await deps.sink(err, { handling: name, teamId: ids.teamId, userId: ids.userId, place });
    return undefined;
  }
}

async function guarded(deps: FlowDeps, click: Click<unknown>, name: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    await deps.sink(err, { handling: name, teamId: click.ids.teamId, userId: click.ids.userId, place: click.place });
  }
}

/** The thread a card's follow-ups go to: the card's own thread, or the card as a new thread's root. */
const threadOf = (place: ActionPlace): string | undefined => place.threadTs ?? place.messageTs;

/** Redraws the clicked message for everyone when `replace` holds, else answers the clicker alone. */
async function redrawOrTell(deps: FlowDeps, place: ActionPlace, reply: Reply, replace: boolean): Promise<void> {
  const rendered = renderReply(reply);
  if (replace && place.messageTs !== undefined && !place.isEphemeral) await deps.poster.update(place.channelId, place.messageTs, rendered);
  else await deps.poster.toPerson(place, rendered);
}

export async function handleRefresh(deps: FlowDeps, body: unknown, ack: PlainAck): Promise<void> {
  const click = await readClick(deps, body, ack, "refresh", oktaId);
  if (click === undefined) return;
  await guarded(deps, click, "refresh", async () => {
    const reply = await deps.core.status(deps.people.actor(click.ids), click.value);
    await redrawOrTell(deps, click.place, reply, reply.type === "sar-status" || reply.type === "request-status");
  });
}

export async function handleWatch(deps: FlowDeps, body: unknown, ack: PlainAck): Promise<void> {
  const click = await readClick(deps, body, ack, "watch", oktaId);
  if (click === undefined) return;
  await guarded(deps, click, "watch", async () => {
    const thread = threadOf(click.place);
    const reply = await deps.core.watch(deps.people.actor(click.ids), click.value, conversationKey(click.ids.teamId, click.place.channelId, thread));
    const rendered = renderReply(reply);
    if (reply.type === "watch-started") await deps.poster.toChannel({ ...click.place, ...(thread !== undefined && { threadTs: thread }) }, rendered);
    else await deps.poster.toPerson(click.place, rendered);
  });
}

export async function handleAddMessageClick(deps: FlowDeps, body: unknown, ack: PlainAck): Promise<void> {
  const click = await readClick(deps, body, ack, "add-message", oktaId);
  const triggerId = str(body, "trigger_id");
  if (click === undefined || triggerId === undefined) return;
  await guarded(deps, click, "add-message", async () => {
    const thread = threadOf(click.place);
    await deps.web.views.open({
      trigger_id: triggerId,
      view: requestMessageModal({ channelId: click.place.channelId, requestId: click.value, ...(thread !== undefined && { threadTs: thread }) }),
    });
  });
}

/** The "Add message" form's submit: posted onto the request, confirmed in the card's thread. */
export async function submitRequestMessage(deps: FlowDeps, body: unknown, ack: ViewAck): Promise<void> {
  const submission = readSubmission(body, decodeRequestMessageMetadata);
  if (submission === undefined) {
    await ack({ response_action: "update", view: infoView("⚠️ This form cannot be read any more. Click Add message on the card again.") });
    return;
  }
  const { ids, view, viewId, meta } = submission;
  const text = readSingleInput(view, REQUEST_MESSAGE_BLOCK);
  if (text === "" || [...text].length > REQUEST_MESSAGE_MAX) {
    await ack({ response_action: "errors", errors: { [REQUEST_MESSAGE_BLOCK]: `Write a message of 1 to ${REQUEST_MESSAGE_MAX} characters.` } });
    return;
  }
  await ack({ response_action: "update", view: workingView("Posting your message…") });
  const actor = deps.people.actor(ids);
  try {
    if (!(await deps.claim(`request-message:${ids.teamId}:${viewId}`))) return;
    const reply = await deps.core.postRequestMessage(actor, meta.requestId, text);
    const rendered = renderReply(reply);
    if (reply.type === "message-posted") {
      await deps.web.views.update({ view_id: viewId, view: infoView("✅ Your message was added to the request.") });
      await deps.poster.toChannel({ channelId: meta.channelId, userId: ids.userId, ...(meta.threadTs !== undefined && { threadTs: meta.threadTs }) }, rendered);
    } else {
      await deps.web.views.update({ view_id: viewId, view: messageView(rendered) });
    }
  } catch (err) {
    await deps.sink(err, { handling: "request message", teamId: ids.teamId, userId: ids.userId, correlationId: actor.correlationId, viewId });
  }
}

export async function handleRequestsNextPage(deps: FlowDeps, body: unknown, ack: PlainAck): Promise<void> {
  const click = await readClick(deps, body, ack, "requests-next", decodeRequestPage);
  if (click === undefined) return;
  await guarded(deps, click, "requests-next", async () => {
    const page = click.value;
    const reply = await deps.core.listRequests(deps.people.actor(click.ids), {
      cursor: page.cursor,
      ...(page.status !== undefined && { status: page.status }),
      ...(page.userId !== undefined && { user: { kind: "okta-id", id: page.userId } }),
    });
    await redrawOrTell(deps, click.place, reply, reply.type === "request-list");
  });
}

export async function handleAuditNextPage(deps: FlowDeps, body: unknown, ack: PlainAck): Promise<void> {
  const click = await readClick(deps, body, ack, "audit-next", decodeAuditPage);
  if (click === undefined) return;
  await guarded(deps, click, "audit-next", async () => {
    const { cursor, target } = click.value;
    const reply = await deps.core.audit(deps.people.actor(click.ids), { cursor, ...(target !== undefined && { target: await auditTarget(deps, click.ids.teamId, target) }) });
    await deps.poster.replacePrivate(click.place, renderReply(reply, target !== undefined ? { auditTarget: target } : {}));
  });
}
