/** The parsed, validated policy and the values derived from it. */
import type { OktaGroup, OktaRoleAssignment, OktaUser, OktaUserId, OktaUserStatus } from "../okta/types.js";
import type { Action, ApprovableAction } from "./actions.js";
import type { PolicyIssue } from "./policy-error.js";

/** A role name defined under `roles` (e.g. `responder`). */
export type Role = string;

/** Who holds a role: anyone matching ANY of the listed conditions. */
export interface RoleDefinition {
  readonly name: Role;
  /** Okta group names (matched case-insensitively) or group ids (`00g...`, exact). */
  readonly oktaGroups: readonly string[];
  /** Standard admin role types (upper case, e.g. `SUPER_ADMIN`), or custom role ids / labels. */
  readonly oktaAdminRoles: readonly string[];
  /** Break-glass: Okta logins (case-insensitive) or user ids (`00u...`, exact). */
  readonly oktaUsers: readonly string[];
}

export type ApprovalRule =
  | { readonly required: false }
  | {
      readonly required: true;
      /** Roles whose holders may approve or deny. */
      readonly approvers: readonly Role[];
      readonly minApprovals: number;
      readonly allowSelfApproval: boolean;
      readonly expiresAfterMs: number;
      /** Approve counts only after a fresh Okta sign-in by the approver (see docs/step-up.md). */
      readonly stepUp?: boolean;
      /** `acr_values` asked of Okta at that sign-in (space-separated), e.g. `urn:okta:loa:2fa:any`. */
      readonly acrValues?: string;
    };

/** Defaults of the launch form. */
export interface SarDefaults {
  /** Okta logins (or `00u...` ids) prefilled as reviewers. */
  readonly defaultReviewers: readonly string[];
  readonly defaultDurationDays: number;
  /** Start of every SAR name, e.g. `SAR`. */
  readonly namePrefix: string;
  /** Whether a complete command line may launch (or ask for approval) without showing the form. */
  readonly allowLaunchWithoutForm: boolean;
  /**
   * Whether a review's assigned reviewers may take item actions, close it and
   * restore all access without holding `sar.remediate` / `sar.close`
   * (default true). The person under review never acts on their own review.
   */
  readonly reviewersMayAct: boolean;
}

/** `approval.sar.remediate`: item actions count only after a fresh Okta sign-in by the person who clicked. */
export interface StepUpRule {
  readonly stepUp: true;
  /** `acr_values` asked of Okta at that sign-in (space-separated). */
  readonly acrValues?: string;
}

/** Okta's user risk levels. */
export const RISK_LEVELS = ["LOW", "MEDIUM", "HIGH"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** An Okta event type that proposes a review, with its optional condition. */
export interface ProposalTrigger {
  readonly eventType: string;
  /** Only events whose new risk level is one of these (user.risk.change / user.risk.detect); absent: any. */
  readonly riskLevels?: readonly RiskLevel[];
}

/** Where proposal cards go: a Slack channel id, a Teams channel (tenant + conversation id). */
export interface ProposalChannels {
  readonly slack?: { readonly channel: string };
  readonly teams?: { readonly tenantId: string; readonly conversationId: string };
}

/** The `proposals:` section: Okta risk events that propose a security access review. */
export interface ProposalPolicy {
  /** Events for one user within this long of the first update the same card. */
  readonly windowMs: number;
  readonly channels: ProposalChannels;
  readonly events: readonly ProposalTrigger[];
}

export interface Policy {
  /** `none`: no policy file was found, so nothing is allowed. */
  readonly source: "file" | "none";
  /** The file (or label) the policy came from, as used in messages. */
  readonly path: string;
  /** In the order of the file. */
  readonly roles: readonly RoleDefinition[];
  /** Action -> roles allowed to perform it; an absent action is allowed to nobody. */
  readonly permissions: Readonly<Partial<Record<Action, readonly Role[]>>>;
  readonly approval: Readonly<Record<ApprovableAction, ApprovalRule>>;
  /** Present when `approval.sar.remediate.stepUp` is true: revoke, restore and flag need a fresh Okta sign-in. */
  readonly remediateStepUp?: StepUpRule;
  readonly sar: SarDefaults;
  /** Absent: Okta events propose nothing (the event hook answers and ignores them). */
  readonly proposals?: ProposalPolicy;
  /** Things that parse but look unintended; start-up logs them. */
  readonly warnings: readonly PolicyIssue[];
}

/** The Okta facts a role check looks at. */
export interface PolicySubject {
  readonly user: OktaUser;
  readonly groups: readonly OktaGroup[];
  readonly adminRoles: readonly OktaRoleAssignment[];
}

/** A role the subject holds, and the first condition that gave it. */
export interface RoleGrant {
  readonly role: Role;
  /** For people, e.g. `member of Okta group "Security Leads"`. */
  readonly because: string;
}

export type Decision =
  | {
      readonly allowed: true;
      readonly action: Action;
      readonly via: readonly Role[];
      /** The condition that gave each role of `via` (`responder: member of Okta group "Incident Responders"`), as evidence. */
      readonly because: readonly string[];
    }
  | {
      readonly allowed: false;
      /** As asked, which may be a string that is no known action. */
      readonly action: string;
      readonly requiredRoles: readonly Role[];
      /** A short sentence for the chat user saying what is missing. */
      readonly reason: string;
    };

/** What `/sar whoami` shows. */
export interface AccessDescription {
  readonly oktaUserId: OktaUserId;
  readonly login: string;
  readonly status: OktaUserStatus;
  readonly roles: readonly RoleGrant[];
  readonly allowedActions: readonly Action[];
  readonly deniedActions: readonly {
    readonly action: Action;
    readonly requiredRoles: readonly Role[];
    readonly reason: string;
  }[];
  /** Set when the account's status means no role counts (e.g. SUSPENDED). */
  readonly note?: string;
}
