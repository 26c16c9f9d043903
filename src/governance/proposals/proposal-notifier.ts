/**
 * The port through which the core shows a proposal: each chat adapter
 * posts the card into the configured incident channel and redraws it when
 * more events arrive for the same user.
 */
import type { ChatPlatform, ConversationKey } from "../actor.js";
import type { ProposalRecord } from "./proposal-types.js";

export interface ProposalNotifier {
  /** Posts the card into `channel`; resolves to its message id. Throws when the platform refused. */
  post(channel: ConversationKey, proposal: ProposalRecord): Promise<string>;
  /** Redraws the card posted earlier as `messageId`. */
  update(channel: ConversationKey, messageId: string, proposal: ProposalRecord): Promise<void>;
}

export type ProposalNotifiers = Partial<Record<ChatPlatform, ProposalNotifier>>;
