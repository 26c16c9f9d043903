/**
 * A review's shared triage card was posted by the bot (`sar review`): its
 * message id goes to the core (`attachTriageCard`) so actions and the
 * watch update it in place, and the conversation's reference is stored
 * under the same key so the notifier can reach it from any replica.
 */
import type { ActivityAddress } from "../conversation/thread-reference.js";
import { conversationKeyOf, referenceJson, storedReferenceOf } from "../conversation/thread-reference.js";
import { rememberTriageCardMessage } from "../conversation/triage-card-messages.js";
import type { Rendered } from "../render/render-reply.js";
import type { BotDeps } from "./bot-deps.js";

export async function attachPostedTriage(rendered: Rendered, messageId: string | undefined, activity: ActivityAddress, tenantId: string, deps: BotDeps): Promise<void> {
  if (rendered.sharedTriage === undefined || messageId === undefined || messageId === "") return;
  const key = conversationKeyOf(activity, tenantId);
  await deps.chatState.putConversationReference(key, referenceJson(storedReferenceOf(activity, tenantId)));
  await deps.core.attachTriageCard({ sarId: rendered.sharedTriage.sarId, messageId }, key);
  // Lets a click that names another review than this card be refused; losing it only loses that check.
  await rememberTriageCardMessage(deps.chatState, tenantId, messageId, rendered.sharedTriage.sarId).catch((err: unknown) =>
    deps.logger.warn({ err, sarId: rendered.sharedTriage?.sarId }, "could not remember which review a triage card shows"),
  );
}
