/**
 * The proposals aggregate: Okta risk events folded into one open review
 * proposal per user.
 */
import type { ChatPlatform } from "../actor.js";
import type { NewProposalEvent, ProposalId, ProposalRecord } from "../proposals/proposal-types.js";

export interface ProposalStore {
  /**
   * Folds an Okta event into the user's open proposal (one whose window has
   * not ended at `now`), or opens a new one; one open proposal per user even
   * when replicas race. `created` is true for a new one.
   */
  recordProposalEvent(input: NewProposalEvent): Promise<{ proposal: ProposalRecord; created: boolean }>;
  getProposal(id: ProposalId): Promise<ProposalRecord | null>;
  /** Remembers the card's message id on `platform`; null when the proposal does not exist. */
  setProposalMessage(id: ProposalId, platform: ChatPlatform, messageId: string): Promise<ProposalRecord | null>;
}
