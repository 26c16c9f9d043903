/**
 * Interfaces the governance core needs from the outside world. Adapters
 * implement them; nothing in `src/governance/` imports a platform package.
 */
import type {
  AccessRequest,
  AccessRequestId,
  CreateSarInput,
  OktaGroup,
  OktaRoleAssignment,
  OktaUser,
  OktaUserId,
  Page,
  RequestMessage,
  SarId,
  SarStats,
  SecurityAccessReview,
} from "./okta/types.js";
import type {
  ListSarAccessesQuery,
  ListSarHistoryQuery,
  SarAccessAction,
  SarAccessItem,
  SarAiSummary,
  SarAnomaly,
  SarHistoryItem,
  SarPrincipalDetails,
  SarReviewAction,
  SarSubAccessItem,
  UpdateSarInput,
} from "./okta/sar-triage-types.js";

/** Per-call options every gateway operation accepts. */
export interface CallOptions {
  /** Correlation id of the inbound chat event, logged with the Okta call. */
  correlationId?: string;
  /** Aborts the call (and its retries). */
  signal?: AbortSignal;
  /** `interactive` calls (a person waits) go before `background` ones (polling). */
  priority?: "interactive" | "background";
  /** Told when the call is about to wait for a rate-limit window to reset (X-Rate-Limit-Reset), before it waits. */
  onRateLimitWait?: (wait: { bucket: string; waitMs: number; /** A background call waits behind people's calls in the bucket. */ behindInteractive?: boolean }) => void;
}

export interface ListRequestsQuery {
  /** A SCIM filter built with the escaping builder, never raw user text. */
  filter?: string;
  after?: string;
  limit?: number;
  orderBy?: string;
}

export interface ListSarsQuery {
  filter?: string;
  after?: string;
  limit?: number;
  orderBy?: string;
}

/**
 * What the core needs from Okta. Errors are the typed errors of
 * `./okta/errors.ts`; createSecurityAccessReview is never retried blindly.
 */
export interface OktaGovernance {
  /** `GET /api/v1/users?search=profile.<attr> eq "<value>"` (all pages). */
  findUsersByProfileAttribute(attribute: string, value: string, opts?: CallOptions): Promise<OktaUser[]>;
  getUser(idOrLogin: string, opts?: CallOptions): Promise<OktaUser>;
  listUserGroups(userId: OktaUserId, opts?: CallOptions): Promise<OktaGroup[]>;
  listUserAdminRoles(userId: OktaUserId, opts?: CallOptions): Promise<OktaRoleAssignment[]>;

  createSecurityAccessReview(input: CreateSarInput, opts?: CallOptions): Promise<SecurityAccessReview>;
  getSecurityAccessReview(id: SarId, opts?: CallOptions): Promise<SecurityAccessReview>;
  listSecurityAccessReviews(query: ListSarsQuery, opts?: CallOptions): Promise<Page<SecurityAccessReview>>;
  /** Every SAR whose name contains `reference` (all pages): the landed-attempt check. */
  findSecurityAccessReviewsByNameContaining(reference: string, opts?: CallOptions): Promise<SecurityAccessReview[]>;
  getSecurityAccessReviewStats(opts?: CallOptions): Promise<SarStats>;
  addSecurityAccessReviewComment(id: SarId, comment: string, opts?: CallOptions): Promise<void>;
  listSecurityAccessReviewAccesses(id: SarId, query?: ListSarAccessesQuery, opts?: CallOptions): Promise<Page<SarAccessItem>>;
  // Triage and remediation (PRODUCT 4.4). Item and review actions are never re-sent after an
  // unknown outcome (`OktaOutcomeUnknown`): re-read the item's remediationStatus or the review first.
  getSecurityAccessReviewPrincipalDetails(id: SarId, opts?: CallOptions): Promise<SarPrincipalDetails>;
  listSecurityAccessReviewSubAccesses(id: SarId, accessId: string, query?: ListSarAccessesQuery, opts?: CallOptions): Promise<Page<SarSubAccessItem>>;
  listSecurityAccessReviewAccessesAnomalies(id: SarId, accessId: string, opts?: CallOptions): Promise<SarAnomaly[]>;
  executeSecurityAccessReviewAccessesAction(id: SarId, accessId: string, type: SarAccessAction, opts?: CallOptions): Promise<void>;
  listSecurityAccessReviewActions(id: SarId, opts?: CallOptions): Promise<SarReviewAction[]>;
  executeSecurityAccessReviewAction(id: SarId, actionType: SarReviewAction, opts?: CallOptions): Promise<void>;
  updateSecurityAccessReview(id: SarId, input: UpdateSarInput, opts?: CallOptions): Promise<SecurityAccessReview>;
  listSecurityAccessReviewHistory(id: SarId, query?: ListSarHistoryQuery, opts?: CallOptions): Promise<Page<SarHistoryItem>>;
  generateSecurityAccessReviewSummary(id: SarId, opts?: CallOptions): Promise<SarAiSummary>;
  generateSecurityAccessReviewAccessesSummary(id: SarId, accessId: string, opts?: CallOptions): Promise<SarAiSummary>;

  listRequests(query: ListRequestsQuery, opts?: CallOptions): Promise<Page<AccessRequest>>;
  getRequest(id: AccessRequestId, opts?: CallOptions): Promise<AccessRequest>;
  createRequestMessage(id: AccessRequestId, message: string, opts?: CallOptions): Promise<RequestMessage>;
}

/** The clock, injected so tests control time. */
export interface Clock {
  now(): Date;
}

/** The real clock: production's, and every default. */
export const systemClock: Clock = { now: () => new Date() };

/** A wait about to start; `behindInteractive` when a background call waits for people's calls to go first. */
export interface RateLimitWait {
  bucket: string;
  waitMs: number;
  behindInteractive?: boolean;
}

/** One HTTP exchange with Okta (one attempt), for an observer such as metrics or the audit's request ledger. */
export interface OktaCallObservation {
  operation: string;
  bucket: string;
  /** The HTTP status, or `"error"` when no answer came (network error, timeout). */
  status: number | "error";
  durationMs: number;
  /** Okta answered 429. */
  rateLimited: boolean;
  /** The correlation id the call was made with, when given. */
  correlationId?: string;
  /** Okta's `X-Okta-Request-Id` of the answer, when there was one. */
  oktaRequestId?: string;
}

/** Told about every attempt; must not throw (a throwing observer is ignored). */
export type OktaCallObserver = (call: OktaCallObservation) => void;
