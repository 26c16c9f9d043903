/**
 * `adaptiveCard/action` invokes (Universal Actions): checks the invoke's
 * shape, then hands launch buttons and status buttons to their handlers.
 * Anything unknown or malformed gets a 400 answer and changes nothing.
 */
import type { AdaptiveCardInvokeResponse, TurnContext } from "botbuilder";
import { messageOf } from "../conversation/poster.js";
import { storedReferenceOf } from "../conversation/thread-reference.js";
import { renderReply } from "../render/render-reply.js";
import type { BotDeps } from "./bot-deps.js";
import { within } from "./deadline.js";
import { errorResponse, messageResponse } from "./invoke-responses.js";
import { launchAction } from "./launch-actions.js";
import { statusWork } from "./status-actions.js";
import { triageAction } from "./triage-actions.js";
import { turnInfoOf } from "./turn-info.js";

function actionOf(value: unknown): { verb: string; data: Record<string, unknown> } | null {
  const action = (value as { action?: unknown } | null | undefined)?.action as { type?: unknown; verb?: unknown; data?: unknown } | null | undefined;
  if (typeof action !== "object" || action === null || action.type !== "Action.Execute") return null;
  if (typeof action.verb !== "string" || action.verb.length === 0 || action.verb.length > 64) return null;
  const data = typeof action.data === "object" && action.data !== null && !Array.isArray(action.data) ? (action.data as Record<string, unknown>) : {};
  return { verb: action.verb, data };
}

/** Answers one `adaptiveCard/action` invoke. */
export async function cardAction(context: TurnContext, deps: BotDeps): Promise<AdaptiveCardInvokeResponse> {
  const action = actionOf(context.activity.value);
  if (action === null) return errorResponse(400, "BadRequest", "This card action is not one the bot understands.");
  const info = turnInfoOf(context, deps);
  if ("refusal" in info) return errorResponse(400, "BadRequest", info.refusal);

  const launch = await launchAction(context, info, action.verb, action.data, deps);
  if (launch !== null) return launch;

  const triage = await triageAction(context, info, action.verb, action.data, deps);
  if (triage !== null) return triage;

  const status = statusWork(context, info, action.verb, action.data, deps);
  if (status === null) return errorResponse(400, "BadRequest", "This button is not known to the bot; the card may be from an older version.");
  const raced = await within(status.work, deps.timings.invokeDeadlineMs);
  if (raced.kind === "done") {
    return status.respond(raced.value, async (rendered) => {
      await context.sendActivity(messageOf(rendered));
    });
  }
  const ref = storedReferenceOf(context.activity, info.tenantId);
  deps.background.run("late card action", async () => {
    const reply = await raced.later;
    // The clicker's card cannot change any more; the answer goes into the thread instead.
    await status.respond(reply, async (rendered) => {
      await deps.poster.post(ref, rendered);
    });
    if (reply.type !== "message-posted") await deps.poster.post(ref, renderReply(reply));
  });
  return messageResponse("Okta is slow to answer; the result will be posted in this conversation.");
}
