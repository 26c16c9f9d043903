/**
 * Who gets their own version of a review's shared triage card: the Teams
 * ids (`29:…`) of the person who opened it and of everyone who clicked on
 * it since, newest last, at most 60 (Teams' `refresh.userIds` limit). Kept
 * in the chat state under a key of its own per review, so every replica
 * and the notifier (a later `triage-updated`) render the same list.
 */
import type { ConversationKey } from "../../../governance/actor.js";
import type { ChatState } from "../../../governance/chat-state.js";
import type { JsonValue } from "../../../governance/store.js";
import { MAX_TRIAGE_REFRESH_USERS } from "../render/triage-card.js";

const TEAMS_USER_ID = /^[A-Za-z0-9:._@|;=-]{1,200}$/;

/** The chat-state key under which a review's viewers are kept (not a real conversation). */
export function triageViewersKey(tenantId: string, sarId: string): ConversationKey {
  return { platform: "teams", tenantId, conversationId: "oig:triage-viewers", threadId: sarId };
}

function parse(json: JsonValue | null): string[] {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return [];
  const ids = json.userIds;
  if (!Array.isArray(ids)) return [];
  return ids.filter((id): id is string => typeof id === "string" && TEAMS_USER_ID.test(id)).slice(-MAX_TRIAGE_REFRESH_USERS);
}

/** The review's viewers, newest last. */
export async function readTriageViewers(chatState: Pick<ChatState, "getConversationReference">, tenantId: string, sarId: string): Promise<string[]> {
  return parse(await chatState.getConversationReference(triageViewersKey(tenantId, sarId)));
}

/** Adds `userId` at the end (the oldest drops out past 60); a known viewer writes nothing. Resolves to the list as stored. */
export async function addTriageViewer(chatState: Pick<ChatState, "getConversationReference" | "putConversationReference">, tenantId: string, sarId: string, userId: string | undefined): Promise<string[]> {
  const current = await readTriageViewers(chatState, tenantId, sarId);
  if (userId === undefined || !TEAMS_USER_ID.test(userId) || current.includes(userId)) return current;
  const next = [...current, userId].slice(-MAX_TRIAGE_REFRESH_USERS);
  await chatState.putConversationReference(triageViewersKey(tenantId, sarId), { v: 1, userIds: next });
  return next;
}
