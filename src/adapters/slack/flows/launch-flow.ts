/**
 * Launching a review from Slack (PRODUCT.md 4.1): the modal opens at once
 * with "Loading…" (a trigger_id lives 3 seconds, Okta may take longer), the
 * core's form replaces it; on submit the approval card (or the "queued"
 * message) is posted and attached to the launch so later events thread
 * under it.
 */
import type { Actor } from "../../../governance/actor.js";
import type { LaunchPrefill } from "../../../governance/core.js";
import type { Reply } from "../../../governance/replies.js";
import { checkLaunchForm } from "../../../governance/sar/launch-form.js";
import { str } from "../payload.js";
import { truncate } from "../render/mrkdwn.js";
import { renderReply } from "../render/render-reply.js";
import { conversationKey, type SlackIds } from "../slack-actor.js";
import { LAUNCH_FIELDS, launchModal, readLaunchValues, submittedTarget } from "../views/launch-modal.js";
import { decodeLaunchMetadata, type FlowOrigin } from "../views/metadata.js";
import { infoView, loadingView, messageView, workingView } from "../views/modal.js";
import type { ViewAck } from "./bolt-args.js";
import { digest, readSubmission, type FlowDeps } from "./deps.js";

export interface LaunchStart {
  ids: SlackIds;
  triggerId: string;
  origin: FlowOrigin;
  responseUrl?: string;
  /** Computed after the modal is open (it may call Slack, e.g. for a permalink). */
  prefill: () => Promise<LaunchPrefill>;
}

/** Opens the launch modal: loading view first, then the core's form or its refusal. */
export async function openLaunchForm(deps: FlowDeps, start: LaunchStart): Promise<void> {
  const actor = deps.people.actor(start.ids);
  const place = { channelId: start.origin.channelId, userId: start.ids.userId, ...(start.responseUrl !== undefined && { responseUrl: start.responseUrl }) };
  let viewId: string | undefined;
  try {
    const opened = await deps.web.views.open({ trigger_id: start.triggerId, view: loadingView() });
    viewId = opened.view?.id;
    if (viewId === undefined) throw new Error("views.open answered without a view id");
    const reply = await deps.core.openLaunchForm(actor, await start.prefill());
    const view = reply.type === "launch-form" ? launchModal(reply.values, start.origin, reply.errors) : messageView(renderReply(reply));
    await deps.web.views.update({ view_id: viewId, view });
  } catch (err) {
    await deps.sink(err, {
      handling: "launch form",
      teamId: start.ids.teamId,
      userId: start.ids.userId,
      correlationId: actor.correlationId,
      ...(viewId !== undefined ? { viewId } : { place }),
    });
  }
}

/** The view a submission ends on, and the card it posts. */
async function settle(deps: FlowDeps, reply: Reply, args: { ids: SlackIds; origin: FlowOrigin; viewId: string; actor: Actor }): Promise<void> {
  const { origin, viewId } = args;
  if (reply.type === "launch-form") {
    await deps.web.views.update({ view_id: viewId, view: launchModal(reply.values, origin, reply.errors ?? {}) });
    return;
  }
  if (reply.type !== "approval-card" && reply.type !== "launch-queued") {
    await deps.web.views.update({ view_id: viewId, view: messageView(renderReply(reply)) });
    return;
  }
  const channel = `<#${origin.channelId}>`;
  const done =
    reply.type === "approval-card"
      ? `✅ Approval requested. The card is in ${channel}; an approver decides there.`
      : `🚀 The review is being created; progress is posted in ${channel}.`;
  // A retried submission returns the launch already posted: show where it is, post nothing twice.
  if (reply.launch.approvalMessageId !== null) {
    await deps.web.views.update({ view_id: viewId, view: infoView(done) });
    return;
  }
  const ts = await deps.poster.toChannel({ channelId: origin.channelId, userId: args.ids.userId, ...(origin.threadTs !== undefined && { threadTs: origin.threadTs }) }, renderReply(reply));
  if (ts === undefined) {
    if (reply.type === "launch-queued") {
      await deps.web.views.update({ view_id: viewId, view: infoView(`⚠️ The review is being created, but I cannot post its progress in ${channel}. Invite me to the channel to see it there.`) });
      return;
    }
    // Nobody could approve a card that was never shown; withdraw the launch rather than let it expire unseen.
    const canceled = await deps.core.cancelLaunch(args.actor, reply.launch.id);
    const note = canceled.type === "error" ? "" : " The request was withdrawn.";
    await deps.web.views.update({ view_id: viewId, view: infoView(`⚠️ I cannot post in ${channel}. Invite me to the channel and submit again.${note}`) });
    return;
  }
  await deps.core.attachLaunchMessage(reply.launch.id, ts);
  await deps.web.views.update({ view_id: viewId, view: infoView(done) });
}

/** `view_submission` of the launch form. */
export async function submitLaunchForm(deps: FlowDeps, body: unknown, ack: ViewAck): Promise<void> {
  const submission = readSubmission(body, decodeLaunchMetadata);
  if (submission === undefined) {
    await ack({ response_action: "update", view: infoView("⚠️ This form cannot be read any more. Start again with `/sar <user> <reason>`.") });
    return;
  }
  const { ids, view, viewId, meta } = submission;
  const values = readLaunchValues(view);
  const target = submittedTarget(values, meta, { tenantId: ids.teamId });
  const { errors } = checkLaunchForm(values, { ...(target !== undefined && { target }) });
  const inline = Object.entries(errors).filter(([field]) => (LAUNCH_FIELDS as readonly string[]).includes(field));
  if (inline.length > 0) {
    await ack({ response_action: "errors", errors: Object.fromEntries(inline.map(([field, text]) => [field, truncate(text, 300)])) });
    return;
  }
  await ack({ response_action: "update", view: workingView("Submitting…") });

  const actor = deps.people.actor(ids);
  try {
    if (!(await deps.claim(`view:${ids.teamId}:${viewId}:${str(view, "hash") ?? ""}:${digest(values)}`))) return;
    const reply = await deps.core.submitLaunch(actor, {
      values,
      ...(target !== undefined && { target: await deps.people.withEmail(target) }),
      conversation: conversationKey(ids.teamId, meta.channelId, meta.threadTs),
      idempotencyKey: `slack:${ids.teamId}:${viewId}`,
    });
    await settle(deps, reply, { ids, origin: meta, viewId, actor });
  } catch (err) {
    await deps.sink(err, { handling: "launch submission", teamId: ids.teamId, userId: ids.userId, correlationId: actor.correlationId, viewId });
  }
}
