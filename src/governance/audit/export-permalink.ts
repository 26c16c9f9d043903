/**
 * Where an audit record's chat message lives, and the builder of a link to
 * it. The link's format is the chat platform's business: each adapter
 * builds its own behind the `ChatAdapter` contract's `permalink()`, from
 * the ids the bot stored at the time (no chat API call at export time).
 * The ids themselves are exported beside the link and stay authoritative.
 */
import type { ChatPlatform } from "../actor.js";

/** Where a record's chat message lives. */
export interface ChatLocation {
  platform: ChatPlatform;
  tenantId: string;
  conversationId: string;
  threadId: string | null;
  messageId: string | null;
}

export type PermalinkBuilder = (location: ChatLocation) => string | null;

/** Without a builder from the front ends (core tests) records carry the ids and no link. */
export const noPermalink: PermalinkBuilder = () => null;
