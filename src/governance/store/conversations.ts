/**
 * Chat-side state kept for the adapters: where a conversation or thread
 * can be posted to later (Teams' ConversationReference), so any replica can post.
 */
import type { ConversationKey } from "../actor.js";
import type { JsonValue } from "./json.js";

export interface ConversationReferenceStore {
  putConversationReference(key: ConversationKey, reference: JsonValue): Promise<void>;
  getConversationReference(key: ConversationKey): Promise<JsonValue | null>;
}
