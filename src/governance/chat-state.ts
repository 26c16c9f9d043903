/**
 * The chat-state port: what chat adapters keep between events apart from
 * the domain's state: first sight of an inbound event or click (platform
 * retries, double clicks) and where a conversation can be posted to later
 * (Teams' ConversationReference), so any replica can answer.
 */
import type { ConversationKey } from "./actor.js";
import type { ConversationReferenceStore, InboundClaimStore, JsonValue } from "./store.js";

/** How long an inbound claim holds when the adapter names no time to live. */
export const DEFAULT_INBOUND_TTL_MS = 24 * 3_600_000;

export interface ChatState {
  /** True only the first time `key` is seen within `ttlMs` (Slack retries, double clicks, duplicated invokes). */
  claimInbound(key: string, ttlMs?: number): Promise<boolean>;
  /** Teams keeps its ConversationReference per conversation/thread here, so any replica can post later. */
  putConversationReference(key: ConversationKey, reference: JsonValue): Promise<void>;
  getConversationReference(key: ConversationKey): Promise<JsonValue | null>;
}

/** The chat state over the store's inbound claims and conversation references. */
export function createChatState(store: InboundClaimStore & ConversationReferenceStore): ChatState {
  return {
    claimInbound: (key, ttlMs = DEFAULT_INBOUND_TTL_MS) => store.claimInbound(key, { ttlMs }),
    putConversationReference: (key, reference) => store.putConversationReference(key, reference),
    getConversationReference: (key) => store.getConversationReference(key),
  };
}
