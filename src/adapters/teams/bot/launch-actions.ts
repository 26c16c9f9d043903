/**
 * Buttons on launch cards (`adaptiveCard/action`): the inline form's
 * Submit, Approve, Deny (with a reason), Cancel, and the universal-actions
 * refresh that gives each viewer their own version. The core decides who
 * may do what; a refusal is shown to the clicker only, with the core's
 * words (which name the missing role).
 */
import type { AdaptiveCardInvokeResponse, TurnContext } from "botbuilder";
import type { LaunchView, Reply } from "../../../governance/replies.js";
import { conversationKeyOf, referenceJson, storedReferenceOf } from "../conversation/thread-reference.js";
import { readFormSubmission } from "../parse/form-submission.js";
import { launchCard, type LaunchCardView } from "../render/launch-card.js";
import { renderReply } from "../render/render-reply.js";
import { LAUNCH_VERBS } from "../verbs.js";
import type { BotDeps } from "./bot-deps.js";
import { within } from "./deadline.js";
import { cardResponse, errorResponse, messageResponse } from "./invoke-responses.js";
import { showLaunch } from "./launch-posting.js";
import { mentionTarget, type TurnInfo } from "./turn-info.js";

type Data = Record<string, unknown>;

const text = (data: Data, key: string, max = 2000): string | undefined => {
  const v = data[key];
  return typeof v === "string" && v.length <= max ? v : undefined;
};

function replyText(reply: Reply): string {
  return renderReply(reply).text;
}

function isRequester(launch: LaunchView, info: TurnInfo): boolean {
  return launch.requester.platform === "teams" && launch.requester.chatUserId === info.actor.userId;
}

interface Answer {
  response: AdaptiveCardInvokeResponse;
  /** What to post instead when the answer comes too late to show (the clicker's card is gone by then). */
  lateNotice?: string;
}

/** The inline form (from `@bot sar ...`) submitted: the form turns into the launch card. */
async function submitInlineForm(context: TurnContext, info: TurnInfo, data: Data, deps: BotDeps): Promise<Answer> {
  const { activity } = context;
  const { values, mention } = readFormSubmission(data);
  const key = conversationKeyOf(activity, info.tenantId);
  const ref = storedReferenceOf(activity, info.tenantId);
  await deps.chatState.putConversationReference(key, referenceJson(ref));
  const formMessageId = activity.replyToId;
  const target = mention ? await mentionTarget(info, mention, deps.directory) : undefined;
  const reply = await deps.core.submitLaunch(info.actor, {
    values,
    ...(target && { target }),
    conversation: key,
    // One launch per form message, however often its Submit is clicked.
    ...((formMessageId ?? activity.id) && { idempotencyKey: `form:${formMessageId ?? activity.id}` }),
  });
  switch (reply.type) {
    case "launch-form":
      return {
        response: cardResponse(renderReply(reply, mention ? { mention } : {}).card),
        lateNotice: `The launch form needs changes: ${Object.values(reply.errors ?? {}).join(" ")}`,
      };
    case "approval-card":
    case "launch-queued":
    case "launch-status":
      await showLaunch({ launch: reply.launch, key, ref, info, ...(formMessageId && { replaceMessageId: formMessageId }) }, deps);
      return { response: cardResponse(launchCard(reply.launch, { view: { kind: "requester" }, notice: { text: "Submitted.", tone: "Good" } })) };
    default:
      return { response: messageResponse(replyText(reply)), lateNotice: replyText(reply) };
  }
}

async function decide(info: TurnInfo, verb: string, data: Data, activityId: string | undefined, deps: BotDeps): Promise<Reply> {
  const launchId = text(data, "launchId", 64) ?? "";
  if (verb === LAUNCH_VERBS.cancel) return deps.core.cancelLaunch(info.actor, launchId);
  const decision = verb === LAUNCH_VERBS.approve ? "approve" : "deny";
  const reason = decision === "deny" ? text(data, "denyReason", 5000) : undefined;
  return deps.core.decideLaunch(info.actor, {
    launchId,
    decision,
    ...(reason !== undefined && { reason }),
    ...(activityId && { idempotencyKey: activityId }),
  });
}

/** What the clicker sees after Approve, Deny or Cancel. */
function decisionResponse(reply: Reply, info: TurnInfo): AdaptiveCardInvokeResponse {
  switch (reply.type) {
    case "decision-recorded": {
      const view: LaunchCardView = isRequester(reply.launch, info) ? { kind: "requester" } : { kind: "approver" };
      return cardResponse(renderReply(reply, { launchView: view }).card);
    }
    case "launch-status":
    case "approval-card":
      return cardResponse(launchCard(reply.launch, { view: { kind: "requester" }, notice: { text: "Done.", tone: "Good" } }));
    default:
      return messageResponse(replyText(reply));
  }
}

/** The viewer's own version of a launch card. */
async function viewerCard(info: TurnInfo, data: Data, deps: BotDeps): Promise<AdaptiveCardInvokeResponse> {
  const launchId = text(data, "launchId", 64);
  if (launchId === undefined) return errorResponse(400, "BadRequest", "The card names no launch.");
  const status = await deps.core.status(info.actor, launchId);
  if (status.type !== "launch-status" && status.type !== "approval-card") {
    // Someone who may not read launches keeps the card everyone sees.
    return errorResponse(403, status.type === "error" ? status.code : "Unavailable", replyText(status));
  }
  const { launch } = status;
  if (launch.state !== "PENDING_APPROVAL") return cardResponse(launchCard(launch, { view: { kind: "shared" } }));
  if (isRequester(launch, info)) return cardResponse(launchCard(launch, { view: { kind: "requester" } }));
  const who = await deps.core.whoami(info.actor);
  if (who.type === "whoami" && who.access.allowedActions.includes("sar.approve")) return cardResponse(launchCard(launch, { view: { kind: "approver" } }));
  const why =
    who.type === "whoami"
      ? (who.access.deniedActions.find((d) => d.action === "sar.approve")?.reason ?? "Deciding needs the approver role.")
      : replyText(who);
  return cardResponse(launchCard(launch, { view: { kind: "observer", why } }));
}

/** Handles a launch card's button; null when `verb` is not one of them. */
export async function launchAction(context: TurnContext, info: TurnInfo, verb: string, data: Data, deps: BotDeps): Promise<AdaptiveCardInvokeResponse | null> {
  switch (verb) {
    case LAUNCH_VERBS.submit: {
      const raced = await within(submitInlineForm(context, info, data, deps), deps.timings.invokeDeadlineMs);
      if (raced.kind === "done") return raced.value.response;
      const ref = storedReferenceOf(context.activity, info.tenantId);
      deps.background.run("late inline launch submit", async () => {
        const { lateNotice } = await raced.later;
        if (lateNotice !== undefined) await deps.poster.post(ref, renderReply({ type: "error", code: "launch_not_started", message: lateNotice }));
      });
      return messageResponse("Submitting… the launch card appears here when Okta answers.");
    }
    case LAUNCH_VERBS.approve:
    case LAUNCH_VERBS.deny:
    case LAUNCH_VERBS.cancel: {
      const work = decide(info, verb, data, context.activity.id, deps);
      const raced = await within(work, deps.timings.invokeDeadlineMs);
      if (raced.kind === "done") return decisionResponse(raced.value, info);
      const ref = storedReferenceOf(context.activity, info.tenantId);
      deps.background.run("late decision", async () => {
        const reply = await raced.later;
        // The card itself is updated through the notifier; only a refusal needs saying, in the thread.
        if (reply.type === "error") {
          await deps.poster.post(ref, renderReply({ ...reply, message: `${info.actor.displayName ?? "Someone"}: ${reply.message}` }));
        }
      });
      return messageResponse("Recording your decision; the card updates when it is done.");
    }
    case LAUNCH_VERBS.refresh: {
      const raced = await within(viewerCard(info, data, deps), deps.timings.invokeDeadlineMs);
      if (raced.kind === "done") return raced.value;
      raced.later.catch((err: unknown) => deps.logger.warn({ err }, "a late card refresh was dropped"));
      return errorResponse(500, "Timeout", "The bot could not refresh this card in time.");
    }
    default:
      return null;
  }
}
