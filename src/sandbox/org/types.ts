/**
 * The sandbox org's records. Field names and enums are Okta's (see
 * shared/okta-openapi); timestamps are ISO 8601 strings. Rendering into
 * API bodies (links, nested shapes) happens in `src/sandbox/routes/`.
 */

export const userStatuses = [
  "ACTIVE",
  "DEPROVISIONED",
  "LOCKED_OUT",
  "PASSWORD_EXPIRED",
  "PROVISIONED",
  "RECOVERY",
  "STAGED",
  "SUSPENDED",
] as const;
export type UserStatus = (typeof userStatuses)[number];

/** A user profile: Okta's base attributes plus any custom ones. */
export interface UserProfile {
  login: string;
  email: string;
  firstName?: string | null;
  lastName?: string | null;
  displayName?: string | null;
  [attribute: string]: unknown;
}

export interface SandboxUser {
  id: string;
  status: UserStatus;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  type: { id: string };
  profile: UserProfile;
}

export type GroupType = "OKTA_GROUP" | "BUILT_IN" | "APP_GROUP";

export interface SandboxGroup {
  id: string;
  type: GroupType;
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
  profile: { name: string; description: string };
}

/** Standard admin role types of `listAssignedRolesForUser` (the spec's `RoleType` enum, minus `CUSTOM`). */
export const standardRoleTypes = [
  "ACCESS_CERTIFICATIONS_ADMIN",
  "ACCESS_REQUESTS_ADMIN",
  "API_ACCESS_MANAGEMENT_ADMIN",
  "APP_ADMIN",
  "GROUP_MEMBERSHIP_ADMIN",
  "HELP_DESK_ADMIN",
  "ORG_ADMIN",
  "READ_ONLY_ADMIN",
  "REPORT_ADMIN",
  "SUPER_ADMIN",
  "USER_ADMIN",
  "WORKFLOWS_ADMIN",
] as const;
export type StandardRoleType = (typeof standardRoleTypes)[number];

/** An admin role assigned to a user or to a group (whose members then hold it). */
export type RoleAssignment = {
  id: string;
  assignee: { userId: string } | { groupId: string };
  label: string;
  created: string;
  lastUpdated: string;
} & ({ type: StandardRoleType } | { type: "CUSTOM"; roleId: string; resourceSetId: string });

export interface SandboxApp {
  id: string;
  name: string;
  label: string;
  created: string;
}

/** An app assignment, direct (`userId`) or through a group (`groupId`). */
export interface AppAssignment {
  appId: string;
  assignee: { userId: string } | { groupId: string };
  assigned: string;
}

export type SarStatus = "PENDING" | "ACTIVE" | "CLOSED" | "ERROR";

/** One access item of a SAR, snapshotted when the review is created. */
export interface SarAccessItem {
  id: string;
  appId: string;
  name: string;
  assignmentType: "INDIVIDUAL" | "GROUP";
  assignedDate: string;
  groupNames: string[];
}

export interface SarComment {
  comment: string;
  createdBy: string;
  created: string;
}

/** A security access review as stored; `status` and `lastUpdated` are derived on read (see `sar-lifecycle.ts`). */
export interface SarRecord {
  id: string;
  name: string;
  principalId: string;
  reviewerIds: string[];
  endTime: string;
  created: string;
  createdBy: string;
  lastUpdated: string;
  lastUpdatedBy: string;
  closedAt?: string;
  errorAt?: string;
  accessItems: SarAccessItem[];
  comments: SarComment[];
}

/** A SAR as read at one moment: the record plus its status at that moment. */
export interface SarView extends Omit<SarRecord, "accessItems" | "comments"> {
  status: SarStatus;
  accessItems: SarAccessItem[];
  comments: SarComment[];
}

export const requestStatuses = ["SUBMITTED", "REJECTED", "PENDING", "APPROVED", "DENIED", "CANCELED", "EXPIRED"] as const;
export type RequestStatus = (typeof requestStatuses)[number];
export const grantStatuses = ["PENDING", "GRANTED", "FAILED", "MANUAL_REQUIRED"] as const;
export type GrantStatus = (typeof grantStatuses)[number];

export interface RequestApprovalDecision {
  deciderId: string;
  decision: "APPROVE" | "DENY" | "CANCEL";
  decided: string;
}

/** An access request (v2). */
export interface AccessRequestRecord {
  id: string;
  created: string;
  createdBy: string;
  lastUpdated: string;
  lastUpdatedBy: string;
  status: RequestStatus;
  resolved?: string | null;
  grantStatus?: GrantStatus;
  granted?: string | null;
  requestedBy: string;
  requestedFor: string;
  requested: {
    entryId: string;
    resourceId: string;
    resourceType: "APPLICATION";
    accessScopeId: string;
    accessScopeType: "APPLICATION" | "GROUP" | "ENTITLEMENT_BUNDLE";
  };
  justification?: string;
  decisions: RequestApprovalDecision[];
}

export interface RequestMessage {
  id: string;
  requestId: string;
  message: string;
  createdBy: string;
  created: string;
}
