/**
 * The launches aggregate: a launch (its states and allowed transitions)
 * and the approvers' decisions on it.
 */
import type { ChatPlatform, ConversationKey } from "../actor.js";
import type { OktaUserId, SarId, SarStatus } from "../okta/types.js";
import type { StepUpProof } from "../stepup/step-up-records.js";

/** A launch id (uuid), allotted by the store. */
export type LaunchId = string & { readonly __brand: "LaunchId" };

export const LAUNCH_STATES = [
  "PENDING_APPROVAL",
  "APPROVED",
  "LAUNCHING",
  "LAUNCHED",
  "FAILED",
  "DENIED",
  "EXPIRED",
  "CANCELED",
] as const;

export type LaunchState = (typeof LAUNCH_STATES)[number];

/**
 * Allowed transitions. `LAUNCHING -> APPROVED` hands a launch back for a
 * retry once an unknown outcome was checked and no SAR had landed. The
 * database enforces the same table with a trigger.
 */
export const LAUNCH_TRANSITIONS: Readonly<Record<LaunchState, readonly LaunchState[]>> = {
  PENDING_APPROVAL: ["APPROVED", "DENIED", "EXPIRED", "CANCELED"],
  APPROVED: ["LAUNCHING"],
  LAUNCHING: ["LAUNCHED", "FAILED", "APPROVED"],
  LAUNCHED: [],
  FAILED: [],
  DENIED: [],
  EXPIRED: [],
  CANCELED: [],
};

/** Whether a launch may move from `from` to `to` (staying put is not a transition). */
export function canTransition(from: LaunchState, to: LaunchState): boolean {
  return LAUNCH_TRANSITIONS[from].includes(to);
}

/** A chat user together with the Okta user they were mapped to. */
export interface MappedChatUser {
  platform: ChatPlatform;
  tenantId: string;
  chatUserId: string;
  oktaUserId: OktaUserId;
}

export interface LaunchApproval {
  required: boolean;
  minApprovals: number;
  expiresAt: Date | null;
}

export interface LaunchFailure {
  code: string;
  message: string;
}

/** Who closed a launch without a SAR (deny, cancel) and why. */
export interface LaunchResolution {
  by: OktaUserId | null;
  reason: string | null;
}

export interface LaunchRecord {
  id: LaunchId;
  /** Short unique human reference (`L7K2Q9X`), part of the SAR name. */
  reference: string;
  state: LaunchState;
  requester: MappedChatUser;
  target: { oktaUserId: OktaUserId; login: string };
  reviewerIds: OktaUserId[];
  sarName: string;
  sarEndTime: Date;
  reason: string;
  incidentRef: string | null;
  approval: LaunchApproval;
  conversation: ConversationKey;
  /** Chat message id of the approval card, so it can be updated. */
  approvalMessageId: string | null;
  /** How many times the launch entered LAUNCHING. */
  attempts: number;
  sarId: SarId | null;
  sarStatus: SarStatus | null;
  failure: LaunchFailure | null;
  resolution: LaunchResolution | null;
  createdAt: Date;
  updatedAt: Date;
  /** Bumped by every update; usable as an optimistic-concurrency token. */
  version: number;
}

export interface NewLaunch {
  requester: MappedChatUser;
  target: { oktaUserId: OktaUserId; login: string };
  reviewerIds: OktaUserId[];
  /** Builds the SAR name from the reference the store allots. */
  sarName: (reference: string) => string;
  sarEndTime: Date;
  reason: string;
  incidentRef?: string | null;
  /** `required: false` creates the launch APPROVED, otherwise PENDING_APPROVAL. */
  approval: LaunchApproval;
  conversation: ConversationKey;
}

/** Fields that may change on a launch, alone or together with a transition. */
export interface LaunchChanges {
  approvalMessageId?: string | null;
  sarId?: SarId | null;
  sarStatus?: SarStatus | null;
  /** The end time of the SAR Okta created (the runner counts the duration from launch, not from the form). */
  sarEndTime?: Date;
  failure?: LaunchFailure | null;
  resolution?: LaunchResolution | null;
}

export interface LaunchTransition {
  /** States the caller expects the launch to be in; each must allow `to`. */
  from: readonly LaunchState[];
  to: LaunchState;
  set?: LaunchChanges;
  /** Only when the row still has this version. */
  expectedVersion?: number;
}

export type DecisionKind = "approve" | "deny";

export interface NewDecision {
  launchId: LaunchId;
  approver: MappedChatUser;
  decision: DecisionKind;
  reason?: string | null;
  verification?: StepUpProof | null;
}

export interface DecisionRecord {
  launchId: LaunchId;
  approver: MappedChatUser;
  decision: DecisionKind;
  reason: string | null;
  decidedAt: Date;
  /** Set when the approver proved who they are to Okta (policy `stepUp: true`). */
  verification?: StepUpProof | null;
}

/**
 * Launches and their decisions. Methods that take `now` default it to the
 * store's injected clock. Every launch transition is one conditional UPDATE.
 */
export interface LaunchStore {
  /** Inserts a launch with a fresh id and reference. */
  createLaunch(input: NewLaunch): Promise<LaunchRecord>;
  /**
   * `lockForUpdate` (inside a transaction) holds the row until commit, so
   * concurrent approvers take turns: lock, record the decision, count,
   * transition. Without it two approvers could each count only their own.
   */
  getLaunch(id: LaunchId, options?: { lockForUpdate?: boolean }): Promise<LaunchRecord | null>;
  getLaunchByReference(reference: string): Promise<LaunchRecord | null>;
  /**
   * Moves a launch to `to` if it is in one of `from`; returns the updated row,
   * or null when it was not (nothing changes then). Entering LAUNCHING counts
   * an attempt. Throws when a `from -> to` pair is not in the table.
   */
  transitionLaunch(id: LaunchId, transition: LaunchTransition): Promise<LaunchRecord | null>;
  /** Changes fields without changing the state; null when the launch (or version) does not match. */
  updateLaunch(id: LaunchId, changes: LaunchChanges, options?: { expectedVersion?: number }): Promise<LaunchRecord | null>;
  /** PENDING_APPROVAL launches whose approval expired at or before `now`, oldest expiry first. */
  listExpiredLaunches(query: { now?: Date; limit: number }): Promise<LaunchRecord[]>;
  /** APPROVED or LAUNCHING launches untouched for `olderThanMs` (a crashed worker's), oldest first. */
  listStalledLaunches(query: { olderThanMs: number; now?: Date; limit: number }): Promise<LaunchRecord[]>;

  /** Records one decision per (launch, approver); true only the first time. */
  recordDecision(input: NewDecision): Promise<boolean>;
  listDecisions(launchId: LaunchId): Promise<DecisionRecord[]>;
  countApprovals(launchId: LaunchId): Promise<number>;
}

/** Thrown for a transition the table does not allow: a bug in the caller, not a race. */
export class InvalidLaunchTransition extends Error {
  constructor(
    readonly from: LaunchState,
    readonly to: LaunchState,
  ) {
    super(`launch transition ${from} -> ${to} is not allowed`);
    this.name = "InvalidLaunchTransition";
  }
}
