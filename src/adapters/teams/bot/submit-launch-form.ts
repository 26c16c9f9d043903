/**
 * A launch form submitted from Teams (the message extension's task module,
 * or a risk-event proposal's): stores the conversation's reference first,
 * so the launch's first event already finds the conversation, resolves the
 * form's @mention, and hands the form to the core (the activity id makes a
 * duplicated invoke one launch).
 */
import type { Activity } from "botbuilder";
import type { Reply } from "../../../governance/replies.js";
import { conversationKeyOf, referenceJson, storedReferenceOf, type StoredReference } from "../conversation/thread-reference.js";
import { readFormSubmission } from "../parse/form-submission.js";
import type { BotDeps } from "./bot-deps.js";
import { mentionTarget, type TurnInfo } from "./turn-info.js";

export interface SubmittedLaunchForm {
  reply: Reply;
  info: TurnInfo;
  ref: StoredReference;
  key: ReturnType<typeof conversationKeyOf>;
  mention?: { id: string; name: string };
}

/** Submits the form in `data` to the core for the person in `info`. */
export async function submitLaunchForm(activity: Activity, info: TurnInfo, data: unknown, deps: BotDeps): Promise<SubmittedLaunchForm> {
  const { values, mention } = readFormSubmission(data);
  const key = conversationKeyOf(activity, info.tenantId);
  const ref = storedReferenceOf(activity, info.tenantId);
  await deps.chatState.putConversationReference(key, referenceJson(ref));
  const target = mention ? await mentionTarget(info, mention, deps.directory) : undefined;
  const reply = await deps.core.submitLaunch(info.actor, {
    values,
    ...(target && { target }),
    conversation: key,
    ...(activity.id && { idempotencyKey: activity.id }),
  });
  return { reply, info, ref, key, ...(mention && { mention }) };
}
