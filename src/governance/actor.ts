/**
 * Who is acting and where: the platform-neutral view of a chat user and of
 * the conversation/thread a flow lives in. Adapters build these at the edge.
 */

export type ChatPlatform = "slack" | "teams" | "cli";

/** A chat user as the platform knows them (never an Okta identity). */
export interface ChatUserRef {
  platform: ChatPlatform;
  /** Slack team id / Teams tenant id. */
  tenantId: string;
  /** Slack `U...` / Teams AAD object id or `29:...` id. */
  userId: string;
  displayName?: string;
}

/** Where a flow happens, so later events can be posted into the same thread. */
export interface ConversationKey {
  platform: ChatPlatform;
  tenantId: string;
  /** Slack channel id / Teams conversation id. */
  conversationId: string;
  /** Slack thread `ts` / Teams reply-chain (root activity) id. */
  threadId?: string;
}

/** The caller of a core action. */
export interface Actor extends ChatUserRef {
  /**
   * Looks up the user's email on the chat platform (Slack `users.info`,
   * Teams conversation members); called only when no explicit link exists.
   */
  lookupEmail?: () => Promise<string | undefined>;
  /** Correlation id of the inbound event, carried into logs and Okta calls. */
  correlationId: string;
}

/** A stable string key for a conversation (and thread), e.g. for storage. */
export function conversationKeyString(key: ConversationKey): string {
  return [key.platform, key.tenantId, key.conversationId, key.threadId ?? ""].join(":");
}
