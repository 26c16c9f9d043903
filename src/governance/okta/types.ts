/**
 * Okta shapes the core relies on: the subset of fields of the official
 * specs (`shared/okta-openapi/`) that the bot reads or writes. Field names
 * are Okta's own; optional fields are ones Okta may omit.
 */

/** An Okta user id (`00u...`), parsed once at the edge. */
export type OktaUserId = string & { readonly __brand: "OktaUserId" };
/** An Okta group id (`00g...`). */
export type OktaGroupId = string & { readonly __brand: "OktaGroupId" };
/** A security access review id. */
export type SarId = string & { readonly __brand: "SarId" };
/** An access request (v2) id. */
export type AccessRequestId = string & { readonly __brand: "AccessRequestId" };

export type OktaUserStatus =
  | "STAGED"
  | "PROVISIONED"
  | "ACTIVE"
  | "RECOVERY"
  | "PASSWORD_EXPIRED"
  | "LOCKED_OUT"
  | "SUSPENDED"
  | "DEPROVISIONED";

export interface OktaUser {
  id: OktaUserId;
  status: OktaUserStatus;
  profile: {
    login: string;
    email?: string;
    firstName?: string | null;
    lastName?: string | null;
    displayName?: string | null;
    [attribute: string]: unknown;
  };
}

export interface OktaGroup {
  id: OktaGroupId;
  profile: { name: string; description?: string | null };
}

/** An admin role assignment (`listAssignedRolesForUser`). */
export interface OktaRoleAssignment {
  id: string;
  /** Standard role type (e.g. `SUPER_ADMIN`), or `CUSTOM` for custom roles. */
  type: string;
  label?: string;
  status?: string;
  /** For custom roles: the role id (`cr0...`), from `_links.role.href` or `role`. */
  role?: string;
}

export type SarStatus = "PENDING" | "ACTIVE" | "CLOSED" | "ERROR";

export interface SecurityAccessReview {
  id: SarId;
  name: string;
  status: SarStatus;
  endTime: string;
  created?: string;
  lastUpdated?: string;
  createdBy?: string;
  principalId?: OktaUserId;
  reviewerSettings: {
    type: "USER";
    userSettings?: { includedUserIds?: string[] };
  };
  /** Link to the review in the Okta admin console, when Okta gives one. */
  links?: Record<string, { href: string }>;
}

export interface CreateSarInput {
  principalId: OktaUserId;
  name: string;
  endTime: string;
  reviewerIds: OktaUserId[];
}

/** Org-wide SAR statistics (`getSecurityAccessReviewsStats`), as Okta returns them. */
export type SarStats = Record<string, unknown>;

export type AccessRequestStatus = string;

/** An access request v2 (`getRequestV2`), the fields the bot shows. */
export interface AccessRequest {
  id: AccessRequestId;
  status: AccessRequestStatus;
  created: string;
  lastUpdated?: string;
  requested?: unknown;
  requestedFor?: { type?: string; externalId?: string } & Record<string, unknown>;
  requestedBy?: { type?: string; externalId?: string } & Record<string, unknown>;
  [field: string]: unknown;
}

export interface RequestMessage {
  /** Okta answers 201 with no body; the id is known only when a Location header carries it. */
  id?: string;
  message: string;
  created?: string;
  [field: string]: unknown;
}

/** One page of a list plus the cursor of the next one (from `Link: <...>; rel="next"`). */
export interface Page<T> {
  items: T[];
  nextAfter?: string;
}
