/**
 * Proposals: an Okta risk event about a user, turned into a card that
 * proposes a security access review on them. One proposal per (user,
 * window); repeats within the window update it. Platform-neutral.
 */
import type { ChatPlatform } from "../actor.js";
import type { OktaUserId } from "../okta/types.js";

/** A proposal id (uuid), allotted by the store. */
export type ProposalId = string & { readonly __brand: "ProposalId" };

/** What the card says about one Okta event (all of it text from Okta: hostile until rendered safely). */
export interface ProposalEvent {
  /** Okta's event `uuid`. */
  uuid: string;
  eventType: string;
  /** `published`, ISO 8601. */
  published: string;
  /** Okta's `displayMessage`, else the event type. */
  summary: string;
  /** `outcome.result` / `outcome.reason`, when given. */
  outcome: string | null;
  /** New risk level for risk events (`HIGH`), else null. */
  riskLevel: string | null;
  /** Who or what raised it (Okta's actor display name / alternate id). */
  reportedBy: string | null;
  /** Client IP and location, when Okta gave them. */
  where: string | null;
}

export interface ProposalRecord {
  id: ProposalId;
  oktaUserId: OktaUserId;
  login: string;
  displayName: string | null;
  openedAt: Date;
  windowEndsAt: Date;
  lastSeenAt: Date;
  /** Events folded into this proposal (1 for a new one). */
  eventCount: number;
  firstEvent: ProposalEvent;
  lastEvent: ProposalEvent;
  /** Distinct event types seen, in order of first appearance. */
  eventTypes: string[];
  /** Chat message id of the card per platform, once posted. */
  messages: Partial<Record<ChatPlatform, string>>;
  /** Bumped by every change. */
  version: number;
  updatedAt: Date;
}

export interface NewProposalEvent {
  oktaUserId: OktaUserId;
  login: string;
  displayName: string | null;
  event: ProposalEvent;
  /** A new proposal stays open this long from its first event. */
  windowMs: number;
  /** Defaults to the store clock. */
  now?: Date;
}
