/**
 * What the core answers, as data. Each adapter has one renderer with a
 * `switch` over `type` (Block Kit for Slack, Adaptive Cards for Teams) and a
 * plain-text fallback. User-supplied text (reasons, messages) is carried
 * raw here; escaping is the renderer's job, per platform.
 */
import type { ChatPlatform, ConversationKey } from "./actor.js";
import type { LaunchState } from "./store.js";
import type { AuditEntry } from "./store.js";
import type { AccessDescription } from "./policy/index.js";
import type { SarAiSummary, TriageActionDone, TriageDetailsView, TriageView } from "./triage/types.js";

/** An Okta user as shown in chat. */
export interface PersonView {
  oktaUserId: string;
  login: string;
  displayName?: string;
}

export interface DecisionView {
  approver: PersonView & { platform: ChatPlatform; chatUserId: string };
  decision: "approve" | "deny";
  reason: string | null;
  at: Date;
  /** When the approver signed in to Okta to prove it was them (policy `stepUp: true`). */
  verifiedAt?: Date;
}

export interface LaunchView {
  id: string;
  /** Short reference (`L7K2Q9X`) also found in the SAR name. */
  reference: string;
  state: LaunchState;
  requester: PersonView & { platform: ChatPlatform; chatUserId: string };
  target: PersonView;
  reviewers: PersonView[];
  sarName: string;
  endTime: Date;
  reason: string;
  incidentRef: string | null;
  approval: { required: boolean; minApprovals: number; expiresAt: Date | null; decisions: DecisionView[] };
  conversation: ConversationKey;
  /** Chat message id of the approval card, so adapters can update it. */
  approvalMessageId: string | null;
  sarId: string | null;
  sarStatus: string | null;
  failure: { code: string; message: string } | null;
}

export interface SarView {
  id: string;
  name: string;
  status: string;
  endTime: string;
  created?: string;
  principal?: PersonView;
  reviewers?: PersonView[];
  /** Counts Okta gives once the review is ACTIVE (access items, anomalies, ...). */
  stats?: Record<string, number>;
  /** Where a person opens the review in Okta. */
  url?: string;
  /** The launch this SAR came from, when the bot launched it. */
  launchReference?: string;
}

export interface RequestView {
  id: string;
  status: string;
  grantStatus?: string;
  requestedFor?: PersonView | { id: string };
  requestedBy?: PersonView | { id: string };
  resource?: { type?: string; id?: string; name?: string };
  created: string;
  lastUpdated?: string;
  /** Approval decisions as Okta reports them, when present. */
  approvals?: { status: string; by?: string; at?: string }[];
  url?: string;
}

/** Values of the launch form, prefilled and re-shown with errors. */
export interface LaunchFormValues {
  /** As typed or prefilled: a chat mention, an email, a login or an Okta id. */
  target?: string;
  reviewers: string[];
  durationDays: number;
  reason?: string;
  incidentRef?: string;
}

export interface HelpEntry {
  usage: string;
  description: string;
}

/**
 * One row of `/sar doctor`: what was checked (an Okta scope, a permission,
 * the database, the policy, Slack) and how it stands, with the steps that
 * fix a problem. Never holds a secret.
 */
export interface DoctorCheckView {
  /** Stable id, e.g. `okta.scope.okta.roles.read`. */
  id: string;
  area: string;
  title: string;
  /** `missing` and `failing` are problems; `off` is a part not in use; `skipped` was not checked. */
  status: "ok" | "missing" | "failing" | "off" | "skipped";
  detail: string;
  fix?: string[];
  notes?: string[];
}

export type Reply =
  | { type: "text"; text: string; private?: boolean }
  | { type: "launch-form"; values: LaunchFormValues; errors?: Record<string, string> }
  /** A launch waiting for approval: the approval card. */
  | { type: "approval-card"; launch: LaunchView }
  /** A launch accepted with no approval needed: it runs in the background. */
  | { type: "launch-queued"; launch: LaunchView }
  | { type: "launch-status"; launch: LaunchView }
  /** Answer to an approve/deny click: the decision and the launch as it now stands. */
  | { type: "decision-recorded"; launch: LaunchView; decision: "approve" | "deny"; outcome: "approved" | "awaiting-more" | "denied" }
  | { type: "sar-status"; sar: SarView }
  | { type: "request-status"; request: RequestView }
  | { type: "request-list"; items: RequestView[]; filter: { status?: string; user?: PersonView }; nextCursor?: string }
  | { type: "message-posted"; requestId: string; messageId?: string; text: string }
  | { type: "watch-started"; kind: "sar" | "request"; id: string; alreadyWatching: boolean; currentStatus?: string }
  | { type: "whoami"; access: AccessDescription }
  | { type: "identity-linked"; chatUserId: string; platform: ChatPlatform; person: PersonView }
  | { type: "audit-log"; entries: AuditEntry[]; nextCursor?: string }
  | { type: "help"; entries: HelpEntry[] }
  /** `/sar version`: the bot's name and version as the composition root read them. */
  | { type: "version"; name: string; version: string }
  /** `/sar doctor`: the configuration checks; `ok` when none is missing or failing. */
  | { type: "doctor-report"; checks: DoctorCheckView[]; ok: boolean }
  /** A review's triage card (PRODUCT 4.4): `/sar review`, a page button, a refresh. */
  | { type: "triage-card"; triage: TriageView }
  /** An item's Details: its sub-accesses and anomalies (shown to the caller only). */
  | { type: "triage-details"; details: TriageDetailsView }
  /**
   * An action went through: what was done, and the card as it now stands (update it in place).
   * `redrawn`: the card messages the core already updated with it (the review's recorded cards), so
   * an adapter does not redraw the clicked card a second time with the same content.
   */
  | { type: "triage-action-done"; done: TriageActionDone; triage: TriageView; redrawn?: string[] }
  /** Okta's AI summary of a review or an item, or why there is none. */
  | { type: "triage-summary"; sarId: string; accessId?: string; summary: SarAiSummary }
  | { type: "error"; code: string; message: string; hint?: string; fields?: Record<string, string> };

export type ReplyType = Reply["type"];
