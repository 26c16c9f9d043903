/**
 * Okta shapes for triage and remediation of a security access review
 * (governance.yaml, `/governance/api/v2/security-access-reviews/{id}/...`):
 * the principal, access items and their sub-accesses, anomalies, actions,
 * history and the AI summaries. Field names are Okta's; unknown fields are
 * kept on the objects.
 */
import type { OktaUserId } from "./types.js";

/** An access item id of a review (`aim...`), parsed once at the edge. */
export type SarAccessId = string & { readonly __brand: "SarAccessId" };

/** Item actions (`security-access-review-access-item-supported-action`). */
export const SAR_ACCESS_ACTIONS = ["REVOKE_ACCESS", "RESTORE_ACCESS", "FLAG_FOR_MANUAL_REMEDIATION", "FLAG_FOR_MANUAL_RESTORATION"] as const;
export type SarAccessAction = (typeof SAR_ACCESS_ACTIONS)[number];

/** Review actions (`security-access-review-action-type`). */
export const SAR_REVIEW_ACTIONS = ["CLOSE_REVIEW", "RESTORE_ALL_ACCESS"] as const;
export type SarReviewAction = (typeof SAR_REVIEW_ACTIONS)[number];

/** Okta calls it `severity` on the item and `priority` in `filter` and `orderBy`. */
export const SAR_PRIORITIES = ["LOW", "MEDIUM", "HIGH"] as const;
export type SarPriority = (typeof SAR_PRIORITIES)[number];

/** The spec's `security-access-review-access-item-remediation-status` values. */
export type SarRemediationStatus = "NONE" | "IN_PROGRESS" | "REMEDIATED" | "PENDING_MANUAL_REMEDIATION" | "PENDING_MANUAL_RESTORATION";

/** The order the triage card shows items in: highest priority first. */
export const SAR_ACCESS_ORDER_BY_PRIORITY = "priority desc";

/** A message with `{0}`-style placeholders and their arguments (`server-message`). */
export interface SarServerMessage {
  message: string;
  args?: { type: string; value: string }[];
}

export interface SarGovernanceLabel {
  labelId?: string;
  name?: string;
  values?: string[];
}

/** One access item (`security-access-review-access-item`). */
export interface SarAccessItem {
  id: SarAccessId;
  /** `APPLICATION` in the spec; kept as text so a new type does not break reading. */
  type: string;
  name: string;
  resourceId?: string;
  /** Absent when Okta sends a value the bot does not know. */
  severity?: SarPriority;
  /** Only the actions the bot knows; an unknown one is dropped, never offered. */
  supportedActions: SarAccessAction[];
  /** Not declared on the item by the spec; read when Okta sends it. */
  remediationStatus?: string;
  appInfo?: {
    id?: string;
    name?: string;
    label?: string;
    assignmentType?: string;
    assignedDate?: string;
    lastAccessDate?: string;
    governanceLabels?: SarGovernanceLabel[];
    [field: string]: unknown;
  };
  subAccessTypes?: string[];
  summary?: SarServerMessage;
  [field: string]: unknown;
}

/** One sub-access (a group, entitlement value or bundle within an app). */
export interface SarSubAccessItem {
  id: string;
  name: string;
  /** `GROUP`, `ENTITLEMENT_VALUE`, `ENTITLEMENT_BUNDLE` (the spec's example also shows `ENTITLEMENT`). */
  type: string;
  /** Required by the spec but not declared there; present when Okta sends it. */
  resourceId?: string;
  severity?: SarPriority;
  supportedActions: SarAccessAction[];
  [field: string]: unknown;
}

/** One anomaly of an access item (`security-access-review-anomaly`). */
export interface SarAnomaly {
  /** `SOD_CONFLICT`, `ASSIGNMENT_METHOD`, `PAST_GOVERNANCE_DECISIONS`, `USAGE_HISTORY`. */
  type: string;
  severity?: SarPriority;
  subtext: SarServerMessage;
  sodConflicts?: unknown[];
  [field: string]: unknown;
}

/** The person under review (`security-access-review-principal`). */
export interface SarPrincipalDetails {
  id: OktaUserId;
  email: string;
  /** `ACTIVE` or `INACTIVE`. */
  status: string;
  login?: string;
  firstName?: string;
  lastName?: string;
  department?: string;
  manager?: string;
  role?: string;
  homeLocation?: { city?: string; state?: string; country?: string };
  lastLoginInfo?: {
    date?: string;
    location?: { city?: string; state?: string; country?: string };
    device?: string;
    ipAddress?: string;
  };
  oktaAdminRoles?: { roleId: string; roleName: string }[];
  [field: string]: unknown;
}

/** One entry of a review's history (`security-access-review-history-item`). */
export interface SarHistoryItem {
  id: string;
  systemGenerated: boolean;
  timestamp: string;
  message: string;
  principalProfile?: { id: string; email?: string; firstName?: string; lastName?: string; login?: string; status?: string };
  [field: string]: unknown;
}

/**
 * An AI summary: `ok` with Okta's text; `unavailable` when Okta answered but
 * could not summarise (its `errors`); `not-enabled` when the org has not
 * turned governance AI on (`governanceAI.securityAccessReview.enabled`).
 */
export type SarAiSummary =
  | { status: "ok"; message: string }
  | { status: "unavailable"; message: string }
  | { status: "not-enabled"; hint: string };

export interface ListSarAccessesQuery {
  /** A SCIM filter built with the escaping builder (`priority eq "HIGH"`, `name co "..."`), never raw user text. */
  filter?: string;
  /** One field with `asc`/`desc`, e.g. `SAR_ACCESS_ORDER_BY_PRIORITY`. */
  orderBy?: string;
  after?: string;
  limit?: number;
}

export interface ListSarHistoryQuery {
  after?: string;
  limit?: number;
}

/** `updateSecurityAccessReview`: a new end time, a new reviewer list, or both. */
export interface UpdateSarInput {
  endTime?: string;
  /** Replaces the reviewers (1 to 10). */
  reviewerIds?: OktaUserId[];
}
