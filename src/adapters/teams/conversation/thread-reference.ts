/**
 * Where a flow lives in Teams and how to post there later, from any
 * replica: the core's `ConversationKey` for an activity, and the reference
 * stored under it (what `continueConversationAsync` needs, plus the
 * reply chain's root message). In a channel a flow is a reply chain
 * (`<channel>;messageid=<root>`); chats have no reply chains.
 */
import type { ConversationKey } from "../../../governance/actor.js";
import type { JsonValue } from "../../../governance/store.js";

/** The parts of an inbound activity this module reads. */
export interface ActivityAddress {
  id?: string;
  type?: string;
  replyToId?: string;
  channelId?: string;
  serviceUrl?: string;
  conversation?: { id?: string; conversationType?: string; isGroup?: boolean; tenantId?: string };
  recipient?: { id?: string; name?: string };
  /** Who sent it (their Teams id, `29:…`). */
  from?: { id?: string };
}

/** What is stored per conversation key (JSON). */
export interface StoredReference {
  v: 1;
  channelId: string;
  serviceUrl: string;
  /** The conversation without any `;messageid=` part. */
  conversationId: string;
  conversationType?: string;
  tenantId: string;
  bot: { id: string; name?: string };
  /** The reply chain's root message in a channel; null in chats and before a new chain's first post. */
  threadRootId: string | null;
}

/** A conversation id split into its base and its reply-chain root. */
export function splitConversationId(id: string): { base: string; rootId?: string } {
  const match = /^(.*);messageid=([^;]+)$/.exec(id);
  return match ? { base: match[1] ?? id, rootId: match[2] } : { base: id };
}

function isChannel(activity: ActivityAddress): boolean {
  return activity.conversation?.conversationType === "channel";
}

/**
 * The reply chain an activity belongs to: the `;messageid=` root, else (in
 * a channel) the message itself or the card clicked. None in chats, and
 * none for a message extension in a channel's compose box (the bot's post
 * will start a new chain).
 */
export function threadOf(activity: ActivityAddress): { threadId?: string; rootId?: string } {
  const { rootId } = splitConversationId(activity.conversation?.id ?? "");
  if (rootId) return { threadId: rootId, rootId };
  if (!isChannel(activity)) return {};
  if (activity.type === "message" && activity.id) return { threadId: activity.id, rootId: activity.id };
  if (activity.replyToId) return { threadId: activity.replyToId, rootId: activity.replyToId };
  return {};
}

/** The core's key for the flow an activity starts or continues. */
export function conversationKeyOf(activity: ActivityAddress, tenantId: string): ConversationKey {
  const { base } = splitConversationId(activity.conversation?.id ?? "");
  const { threadId } = threadOf(activity);
  return { platform: "teams", tenantId, conversationId: base, ...(threadId !== undefined && { threadId }) };
}

/**
 * Where the core sends a launch's later events when the flow had no thread
 * of its own: the thread under the launch's message (`launchThread`). In a
 * channel that message is the root of a new reply chain; in a chat there
 * are no chains and posts go to the chat.
 */
export function underMessage(key: ConversationKey, ref: StoredReference, messageId: string): { key: ConversationKey; ref: StoredReference } {
  return {
    key: { ...key, threadId: messageId },
    ref: { ...ref, threadRootId: ref.conversationType === "channel" ? messageId : null },
  };
}

/** The reference to store for an activity's flow. */
export function storedReferenceOf(activity: ActivityAddress, tenantId: string): StoredReference {
  const { base } = splitConversationId(activity.conversation?.id ?? "");
  const root = threadOf(activity).rootId ?? null;
  return {
    v: 1,
    channelId: activity.channelId ?? "msteams",
    serviceUrl: activity.serviceUrl ?? "",
    conversationId: base,
    ...(activity.conversation?.conversationType !== undefined && { conversationType: activity.conversation.conversationType }),
    tenantId,
    bot: { id: activity.recipient?.id ?? "", ...(activity.recipient?.name !== undefined && { name: activity.recipient.name }) },
    threadRootId: root,
  };
}

/** As JSON for the store. */
export function referenceJson(ref: StoredReference): JsonValue {
  return JSON.parse(JSON.stringify(ref)) as JsonValue;
}

const str = (v: unknown, max = 2048): v is string => typeof v === "string" && v.length > 0 && v.length <= max;

/** A stored reference read back; null when absent or not one of ours. */
export function parseStoredReference(json: JsonValue | null): StoredReference | null {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return null;
  const r = json as Record<string, JsonValue>;
  const bot = r.bot as Record<string, JsonValue> | null | undefined;
  if (r.v !== 1 || !str(r.channelId, 100) || !str(r.serviceUrl) || !str(r.conversationId) || !str(r.tenantId, 200)) return null;
  if (typeof bot !== "object" || bot === null || Array.isArray(bot) || typeof bot.id !== "string") return null;
  if (!/^https?:\/\//i.test(r.serviceUrl)) return null;
  return {
    v: 1,
    channelId: r.channelId,
    serviceUrl: r.serviceUrl,
    conversationId: r.conversationId,
    ...(typeof r.conversationType === "string" && { conversationType: r.conversationType }),
    tenantId: r.tenantId,
    bot: { id: bot.id, ...(typeof bot.name === "string" && { name: bot.name }) },
    threadRootId: typeof r.threadRootId === "string" && r.threadRootId !== "" ? r.threadRootId : null,
  };
}

/** The conversation id to post into: the reply chain when there is one. */
export function threadConversationId(ref: StoredReference): string {
  return ref.threadRootId ? `${ref.conversationId};messageid=${ref.threadRootId}` : ref.conversationId;
}
