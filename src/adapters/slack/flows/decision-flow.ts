/**
 * Approve and Deny on the approval card. Eligibility is the core's call;
 * a refusal reaches the clicker privately (naming the missing role). The
 * card itself is re-rendered for everyone by the notifier's
 * `launch-updated` event, not here.
 */
import { LAUNCH_FORM_LIMITS } from "../../../governance/sar/launch-form.js";
import { renderReply } from "../render/render-reply.js";
import { str } from "../payload.js";
import { decodeDenyMetadata } from "../views/metadata.js";
import { infoView, messageView, workingView } from "../views/modal.js";
import { DENY_REASON_BLOCK, denyModal, readSingleInput } from "../views/small-modals.js";
import type { PlainAck, ViewAck } from "./bolt-args.js";
import { actionPlace, interactionIds, readSubmission, type FlowDeps } from "./deps.js";

const LAUNCH_ID = /^[A-Za-z0-9-]{1,64}$/;

function clicked(body: unknown): { actionTs?: string; value?: string } {
  const action = (body as { actions?: unknown[] }).actions?.[0];
  const actionTs = str(action, "action_ts");
  const value = str(action, "value");
  return { ...(actionTs !== undefined && { actionTs }), ...(value !== undefined && { value }) };
}

/** Approve: one decision per click; a redelivered click is claimed once and the core ignores a second vote. */
export async function handleApprove(deps: FlowDeps, body: unknown, ack: PlainAck): Promise<void> {
  await ack();
  const ids = interactionIds(body);
  const place = ids && actionPlace(body, ids.userId);
  const { actionTs, value } = clicked(body);
  if (ids === undefined || place === undefined || value === undefined || !LAUNCH_ID.test(value)) {
    deps.logger.warn({ teamId: ids?.teamId }, "approve click without user, channel or launch id; ignored");
    return;
  }
  const actor = deps.people.actor(ids);
  try {
    const key = `approve:${ids.teamId}:${ids.userId}:${value}:${actionTs ?? place.messageTs ?? ""}`;
    if (!(await deps.claim(key))) return;
    const reply = await deps.core.decideLaunch(actor, { launchId: value, decision: "approve", idempotencyKey: `slack:${key}` });
    await deps.poster.toPerson(place, renderReply(reply));
  } catch (err) {
    await deps.sink(err, { handling: "approve", teamId: ids.teamId, userId: ids.userId, correlationId: actor.correlationId, place });
  }
}

/** Deny asks for a reason first: the modal opens at once, the decision happens on its submit. */
export async function handleDenyClick(deps: FlowDeps, body: unknown, ack: PlainAck): Promise<void> {
  await ack();
  const ids = interactionIds(body);
  const place = ids && actionPlace(body, ids.userId);
  const triggerId = str(body, "trigger_id");
  const { value } = clicked(body);
  if (ids === undefined || place === undefined || triggerId === undefined || value === undefined || !LAUNCH_ID.test(value)) {
    deps.logger.warn({ teamId: ids?.teamId }, "deny click without user, channel, trigger or launch id; ignored");
    return;
  }
  try {
    if (!(await deps.claim(`deny-click:${ids.teamId}:${triggerId}`))) return;
    await deps.web.views.open({
      trigger_id: triggerId,
      view: denyModal({ channelId: place.channelId, launchId: value, ...(place.threadTs !== undefined && { threadTs: place.threadTs }) }),
    });
  } catch (err) {
    await deps.sink(err, { handling: "deny", teamId: ids.teamId, userId: ids.userId, place });
  }
}

/** The deny form's submit: the reason is checked inline, the decision after the ack. */
export async function submitDeny(deps: FlowDeps, body: unknown, ack: ViewAck): Promise<void> {
  const submission = readSubmission(body, decodeDenyMetadata);
  if (submission === undefined) {
    await ack({ response_action: "update", view: infoView("⚠️ This form cannot be read any more. Click Deny on the card again.") });
    return;
  }
  const { ids, view, viewId, meta } = submission;
  const reason = readSingleInput(view, DENY_REASON_BLOCK);
  const max = LAUNCH_FORM_LIMITS.reason.max;
  if (reason === "" || [...reason].length > max) {
    await ack({ response_action: "errors", errors: { [DENY_REASON_BLOCK]: `Give a reason of 1 to ${max} characters.` } });
    return;
  }
  await ack({ response_action: "update", view: workingView("Recording your decision…") });
  const actor = deps.people.actor(ids);
  const place = { channelId: meta.channelId, userId: ids.userId };
  try {
    if (!(await deps.claim(`deny:${ids.teamId}:${viewId}`))) return;
    const reply = await deps.core.decideLaunch(actor, { launchId: meta.launchId, decision: "deny", reason, idempotencyKey: `slack:deny:${ids.teamId}:${viewId}` });
    if (reply.type === "error") {
      const rendered = renderReply(reply);
      await deps.web.views.update({ view_id: viewId, view: messageView(rendered) });
      await deps.poster.toPerson(place, rendered);
    } else {
      await deps.web.views.update({ view_id: viewId, view: infoView("🚫 You denied this launch; the card now shows your reason.") });
    }
  } catch (err) {
    await deps.sink(err, { handling: "deny submission", teamId: ids.teamId, userId: ids.userId, correlationId: actor.correlationId, viewId });
  }
}
