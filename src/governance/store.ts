/**
 * The store port: the durable state the core keeps (launches and their
 * approvals, identity links and cache, watches, conversation references,
 * inbound idempotency keys, the audit trail). `src/adapters/postgres/`
 * implements it over PostgreSQL and PGlite.
 */
import type { ChatPlatform, ConversationKey } from "./actor.js";
import type { AccessRequestId, OktaUserId, SarId, SarStatus } from "./okta/types.js";
import type { NewProposalEvent, ProposalId, ProposalRecord } from "./proposals/proposal-types.js";
import type { NewStepUpChallenge, StepUpChallenge, StepUpChallengeId, StepUpProof } from "./stepup/step-up-records.js";

export type { NewStepUpChallenge, StepUpChallenge, StepUpChallengeId, StepUpProof };

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

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

/** Identifies a chat user on one platform workspace/tenant. */
export interface ChatUserKey {
  platform: ChatPlatform;
  tenantId: string;
  chatUserId: string;
}

export interface IdentityLink extends ChatUserKey {
  oktaUserId: OktaUserId;
  oktaLogin: string;
  /** The admin who made the link. */
  linkedBy: MappedChatUser;
  linkedAt: Date;
}

export type NewIdentityLink = Omit<IdentityLink, "linkedAt">;

export type WatchKind = "sar" | "request";

/** A watch id (uuid). */
export type WatchId = string & { readonly __brand: "WatchId" };

export interface WatchRecord {
  id: WatchId;
  kind: WatchKind;
  /** The SAR id or access request id being watched. */
  oktaId: string;
  conversation: ConversationKey;
  lastStatus: string | null;
  lastCheckedAt: Date | null;
  nextCheckAt: Date;
  active: boolean;
  createdBy: OktaUserId | null;
  createdAt: Date;
}

export interface NewWatch {
  kind: WatchKind;
  oktaId: string;
  conversation: ConversationKey;
  createdBy: OktaUserId | null;
  /** Status already known when the watch starts, so it is not announced again. */
  lastStatus?: string | null;
  /** Defaults to now. */
  nextCheckAt?: Date;
}

export type AuditOutcome = "allowed" | "denied" | "succeeded" | "failed" | "requested" | "expired" | "canceled";

export interface AuditActor {
  platform?: ChatPlatform | null;
  tenantId?: string | null;
  chatUserId?: string | null;
  oktaUserId?: OktaUserId | null;
}

export interface AuditTarget {
  oktaUserId?: OktaUserId | null;
  sarId?: SarId | null;
  requestId?: AccessRequestId | null;
}

export interface NewAuditEntry {
  /** Defaults to the store clock. */
  at?: Date;
  actor: AuditActor;
  /** A policy action (`sar.launch`) or event name (`sar.launch.approved`). */
  action: string;
  target?: AuditTarget;
  outcome: AuditOutcome;
  reason?: string | null;
  launchId?: LaunchId | null;
  correlationId?: string | null;
  details?: { [key: string]: JsonValue };
}

export interface AuditEntry {
  /** Monotonic (bigserial) id, as a decimal string. */
  id: string;
  at: Date;
  actor: {
    platform: ChatPlatform | null;
    tenantId: string | null;
    chatUserId: string | null;
    oktaUserId: OktaUserId | null;
  };
  action: string;
  target: { oktaUserId: OktaUserId | null; sarId: SarId | null; requestId: AccessRequestId | null };
  outcome: AuditOutcome;
  reason: string | null;
  launchId: LaunchId | null;
  correlationId: string | null;
  details: { [key: string]: JsonValue };
}

/** Filters are ANDed; `oktaUserId` matches the actor or the target. Newest first. */
export interface AuditQuery {
  oktaUserId?: OktaUserId;
  launchId?: LaunchId;
  sarId?: SarId;
  requestId?: AccessRequestId;
  /** Entries older than this id (paging). */
  beforeId?: string;
  /** Default 50, at most 500. */
  limit?: number;
}

/**
 * Durable state of the core. Methods that take `now` default it to the
 * store's injected clock. Every launch transition is one conditional UPDATE.
 */
export interface GovernanceStore {
  /**
   * Runs `fn` in one database transaction with a store bound to it; commits
   * when `fn` resolves, rolls back when it throws. Nested calls join the
   * outer transaction. Do not await other I/O on the same database (such as
   * a job send) inside: on PGlite it would wait for this transaction.
   */
  transaction<T>(fn: (tx: GovernanceStore) => Promise<T>): Promise<T>;

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

  /** Stores a new step-up challenge (see `governance/stepup/`). */
  createStepUpChallenge(input: NewStepUpChallenge): Promise<StepUpChallenge>;
  getStepUpChallenge(id: StepUpChallengeId): Promise<StepUpChallenge | null>;
  getStepUpChallengeByState(state: string): Promise<StepUpChallenge | null>;
  /**
   * Marks a challenge used with one conditional UPDATE: true only for the
   * first call while it is unused and unexpired at `now`, so a replayed
   * callback or a second tab gets false.
   */
  consumeStepUpChallenge(id: StepUpChallengeId, options?: { now?: Date }): Promise<boolean>;
  /** Deletes challenges that expired before `before`; returns how many. */
  purgeStepUpChallenges(before: Date): Promise<number>;

  getIdentityLink(key: ChatUserKey): Promise<IdentityLink | null>;
  upsertIdentityLink(link: NewIdentityLink): Promise<IdentityLink>;
  /** True when a link was removed. */
  deleteIdentityLink(key: ChatUserKey): Promise<boolean>;

  /** The cached value, or undefined when absent or expired. */
  getCached(key: string): Promise<JsonValue | undefined>;
  putCached(key: string, value: JsonValue, options: { ttlMs: number }): Promise<void>;
  deleteCached(key: string): Promise<void>;
  /** Deletes expired entries; returns how many. */
  purgeExpiredCache(now?: Date): Promise<number>;

  /**
   * Adds a watch, idempotently per (kind, id, conversation). `created` is
   * false when an active one existed (it is returned unchanged); a
   * deactivated one is reactivated and counts as created.
   */
  addWatch(input: NewWatch): Promise<{ watch: WatchRecord; created: boolean }>;
  getWatch(id: WatchId): Promise<WatchRecord | null>;
  /** Active watches due at `now`, soonest first. */
  listDueWatches(query: { now?: Date; limit: number }): Promise<WatchRecord[]>;
  /**
   * Like listDueWatches, but pushes each returned watch's next check to
   * `now + leaseMs` in the same statement, so two pollers never take the same watch.
   */
  claimDueWatches(query: { now?: Date; limit: number; leaseMs: number }): Promise<WatchRecord[]>;
  /** Every active watch of a kind, so a poller can batch its Okta calls. */
  listActiveWatches(kind: WatchKind): Promise<WatchRecord[]>;
  /** Stores the status seen and when to look next; null when the watch does not exist. */
  recordWatchCheck(id: WatchId, check: { status: string | null; nextCheckAt: Date; checkedAt?: Date }): Promise<WatchRecord | null>;
  /** True when an active watch was deactivated. */
  deactivateWatch(id: WatchId): Promise<boolean>;
  /** Deactivates every active watch on an Okta object (e.g. a CLOSED SAR); returns how many. */
  deactivateWatchesFor(kind: WatchKind, oktaId: string): Promise<number>;

  putConversationReference(key: ConversationKey, reference: JsonValue): Promise<void>;
  getConversationReference(key: ConversationKey): Promise<JsonValue | null>;

  /**
   * True only for the first claim of `key` (an inbound event id, a button
   * click) within its time to live; an expired claim can be taken again.
   */
  claimInbound(key: string, options: { ttlMs: number; now?: Date }): Promise<boolean>;
  /** Deletes expired claims; returns how many. */
  purgeExpiredInbound(now?: Date): Promise<number>;

  /**
   * Folds an Okta event into the user's open proposal (one whose window has
   * not ended at `now`), or opens a new one; one open proposal per user even
   * when replicas race. `created` is true for a new one.
   */
  recordProposalEvent(input: NewProposalEvent): Promise<{ proposal: ProposalRecord; created: boolean }>;
  getProposal(id: ProposalId): Promise<ProposalRecord | null>;
  /** Remembers the card's message id on `platform`; null when the proposal does not exist. */
  setProposalMessage(id: ProposalId, platform: ChatPlatform, messageId: string): Promise<ProposalRecord | null>;

  /** Appends to the audit trail (which the database refuses to update or delete). */
  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  queryAudit(query: AuditQuery): Promise<AuditEntry[]>;
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
