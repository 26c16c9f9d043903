/**
 * Which review a posted triage card shows: its message id, as Teams names
 * it in a click's `replyToId`, mapped to the review's SAR id. A click or a
 * dialog naming another review than the card it came from (a tampered
 * button value) is refused before anything reaches the core. Kept in the
 * chat state under a key of its own per message, so every replica reads it.
 */
import type { ConversationKey } from "../../../governance/actor.js";
import type { ChatState } from "../../../governance/chat-state.js";

/** The chat-state key of a card message (not a real conversation). */
export function triageCardMessageKey(tenantId: string, messageId: string): ConversationKey {
  return { platform: "teams", tenantId, conversationId: "oig:triage-card", threadId: messageId };
}

/** Records that message `messageId` shows the card of review `sarId`. */
export async function rememberTriageCardMessage(chatState: Pick<ChatState, "putConversationReference">, tenantId: string, messageId: string, sarId: string): Promise<void> {
  await chatState.putConversationReference(triageCardMessageKey(tenantId, messageId), { v: 1, sarId });
}

/** The review the card in message `messageId` shows, when the bot posted one there. */
export async function reviewOfTriageCardMessage(chatState: Pick<ChatState, "getConversationReference">, tenantId: string, messageId: string): Promise<string | undefined> {
  const json = await chatState.getConversationReference(triageCardMessageKey(tenantId, messageId));
  if (typeof json !== "object" || json === null || Array.isArray(json)) return undefined;
  return typeof json.sarId === "string" ? json.sarId : undefined;
}
