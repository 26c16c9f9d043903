/**
 * Triage and remediation in the launch thread (PRODUCT.md 4.4): the
 * platform-neutral view of a security access review that both adapters
 * render (Slack Block Kit, Teams Adaptive Cards), the inputs of the item and
 * review actions, and the core's face for them. Okta's shapes live in
 * `../okta/sar-triage-types.ts`; this is what chat shows of them.
 */
import type { Actor, ConversationKey } from "../actor.js";
import type { SarAccessAction, SarAiSummary, SarPriority, SarReviewAction } from "../okta/sar-triage-types.js";
import type { PersonView, Reply } from "../replies.js";

/** How many access items one card page shows (PRODUCT 4.4: 10 a page). */
export const TRIAGE_PAGE_SIZE = 10;

/** A review-level control of the card, each behind its own permission. */
export type TriageReviewControl =
  /** `CLOSE_REVIEW` (`sar.close`, or an assigned reviewer). */
  | "close"
  /** `RESTORE_ALL_ACCESS` (`sar.close`, or an assigned reviewer). */
  | "restore-all"
  /** A new end time (`sar.update`). */
  | "extend"
  /** Add or replace the reviewers (`sar.update`). */
  | "reviewers"
  /** A SAR comment (`sar.update`). */
  | "comment"
  /** Okta's AI summary of the review (`sar.read`; says so when the org has governance AI off). */
  | "summarize";

/** The person under review, as the card shows them. */
export interface TriagePrincipalView {
  oktaUserId: string;
  displayName: string;
  login?: string;
  email: string;
  /** `ACTIVE` or `INACTIVE`, as Okta reports it. */
  status: string;
  department?: string;
  manager?: string;
  lastSignIn?: { at?: string; ipAddress?: string; location?: string; device?: string };
  /** Okta admin role names. */
  adminRoles: string[];
}

/** One anomaly line of an item (SoD conflict, usage history, assignment method, past decisions). */
export interface TriageAnomalyView {
  /** Okta's type: `SOD_CONFLICT`, `USAGE_HISTORY`, `ASSIGNMENT_METHOD`, `PAST_GOVERNANCE_DECISIONS`. */
  type: string;
  severity?: SarPriority;
  /** Okta's server message with its `{0}` placeholders filled in. */
  text: string;
}

/** One access item on the card. */
export interface TriageItemView {
  /** Okta's access item id (`aim...`). */
  id: string;
  name: string;
  /** `APPLICATION`, `GROUP`, `ENTITLEMENT`, ... as Okta sends it. */
  type: string;
  priority?: SarPriority;
  /** `NONE`, `IN_PROGRESS`, `REMEDIATED`, `PENDING_MANUAL_REMEDIATION`, ... (absent when Okta did not say). */
  remediationStatus?: string;
  anomalies: TriageAnomalyView[];
  /** Governance labels as `name: value, value`. */
  labels: string[];
  /** The item actions Okta lists in `supportedActions`: the only buttons a card may offer for it. */
  supportedActions: SarAccessAction[];
  /** Of those, the ones the viewer may take now (empty on a public card or a closed review). */
  allowedActions: SarAccessAction[];
  /** Whether the item has sub-accesses to show under Details. */
  hasDetails: boolean;
}

/** Who the card is for: one person's view (with their buttons) or the thread's shared view. */
export type TriageViewer =
  /** The card posted for everyone: buttons are every control the review supports; a click is checked then. */
  | { kind: "shared" }
  /** One person's view (Teams `refresh`, an ephemeral answer): only what they may do. */
  | { kind: "person"; oktaUserId: string };

/** A review's triage card: the principal, the review and one page of its items. */
export interface TriageView {
  sar: {
    id: string;
    name: string;
    /** `PENDING`, `ACTIVE`, `CLOSED`, `ERROR`. */
    status: string;
    endTime: string;
    reviewers: PersonView[];
    /** Where a person opens the review in Okta, when known. */
    url?: string;
    /** The launch this SAR came from, when the bot launched it. */
    launchReference?: string;
  };
  principal: TriagePrincipalView;
  /** This page's items, highest priority first. */
  items: TriageItemView[];
  page: {
    /** 0-based page number, for "page 2". */
    index: number;
    size: number;
    /** Opaque cursor of the next page (for a "more" button); absent on the last page. */
    nextCursor?: string;
    /** Opaque cursor of the previous page; absent on the first. */
    previousCursor?: string;
  };
  /** Review controls the viewer may use (empty when the review is CLOSED). */
  controls: TriageReviewControl[];
  viewer: TriageViewer;
  /** True once the review is CLOSED: the card is read-only (no buttons at all). */
  readOnly: boolean;
  /** When this view was read from Okta (ISO 8601). */
  readAt: string;
}

/** The Details view of one item: its sub-accesses and anomalies. */
export interface TriageDetailsView {
  sarId: string;
  item: TriageItemView;
  subAccesses: { id: string; name: string; type: string; priority?: SarPriority; supportedActions: SarAccessAction[] }[];
  /** More sub-accesses than shown (the view shows at most 50). */
  truncated: boolean;
}

/** What an action did, for the thread and the card's footer. */
export interface TriageActionDone {
  sarId: string;
  /** The item, for item actions. */
  item?: { id: string; name: string };
  action: SarAccessAction | SarReviewAction | "EXTEND" | "REVIEWERS" | "COMMENT";
  by: PersonView;
  note?: string;
  at: Date;
  /** The SAR comment the bot added to name the person, as posted. */
  comment: string;
}

/** How a closed review ended, for the thread's closing summary. */
export interface TriageClosingSummary {
  revoked: number;
  restored: number;
  flagged: number;
  /** Items left as they were. */
  untouched: number;
}

/** Where a triage card was posted, so it can be updated in place later. */
export interface TriageCardRef {
  sarId: string;
  /** The chat message that shows the card. */
  messageId: string;
}

/** Opens a review's card: `/sar review <sar…|launch ref>`, a page button, or a refresh. */
export interface OpenTriageInput {
  /** A SAR id (`sar…`/Okta id) or a launch reference (`L7K2Q9X`). */
  ref: string;
  /** `page.nextCursor` / `page.previousCursor` of a shown card. */
  cursor?: string;
  /** The shared thread card, or the caller's own view (default: the caller's own). */
  viewer?: "shared" | "self";
}

export interface ItemActionInput {
  sarId: string;
  accessId: string;
  action: SarAccessAction;
  /** Optional note for the SAR comment (1-500 characters). */
  note?: string;
  /** The click's id on the platform: a duplicate delivery with the same key changes nothing. */
  idempotencyKey: string;
}

export interface ReviewActionInput {
  sarId: string;
  action: SarReviewAction;
  note?: string;
  idempotencyKey: string;
}

export interface UpdateReviewInput {
  sarId: string;
  /** A new end time (1 day to 6 months ahead), ISO 8601 or a date the form gave. */
  endTime?: string;
  /** Okta logins, emails or `00u…` ids; replaces the reviewers (1 to 10, never the principal). */
  reviewers?: string[];
  idempotencyKey: string;
}

export interface CommentInput {
  sarId: string;
  /** 1-1000 characters after the bot's "by <person> via chat:" prefix. */
  text: string;
  idempotencyKey: string;
}

export interface TriageMayActInput {
  sarId: string;
  /** Item actions (`sar.remediate`), review actions (`sar.close`) or updates and comments (`sar.update`). */
  kind: "item" | "review" | "update";
  /** The shared card message the button is on (absent for a private card). */
  cardMessageId?: string;
}

export interface SummarizeInput {
  sarId: string;
  /** An item's summary instead of the review's. */
  accessId?: string;
}

/** The core's triage calls; every method checks policy before any Okta call. */
export interface TriageCore {
  /** `triage-card` for the caller (or the shared card), or an `error`. */
  openTriage(actor: Actor, input: OpenTriageInput): Promise<Reply>;
  /** `triage-details` of one item. */
  triageDetails(actor: Actor, input: { sarId: string; accessId: string }): Promise<Reply>;
  /** Revoke, restore or flag one item: `triage-action-done` (with the updated card), or an `error`/`text` (step-up link). */
  triageItemAction(actor: Actor, input: ItemActionInput): Promise<Reply>;
  /** Close the review or restore all access. */
  triageReviewAction(actor: Actor, input: ReviewActionInput): Promise<Reply>;
  /** Extend or change reviewers. */
  triageUpdate(actor: Actor, input: UpdateReviewInput): Promise<Reply>;
  /** A SAR comment in the person's name. */
  triageComment(actor: Actor, input: CommentInput): Promise<Reply>;
  /** `triage-summary`: Okta's AI summary, or why there is none. */
  triageSummarize(actor: Actor, input: SummarizeInput): Promise<Reply>;
  /**
   * Asked when a button that acts is clicked, before a confirmation form opens: null when the person may take
   * an action of `kind` on the review and the clicked shared card (`cardMessageId`, when given) is one of this
   * review's cards; otherwise the refusal to show them privately. No Okta call beyond resolving the person.
   */
  triageMayAct(actor: Actor, input: TriageMayActInput): Promise<Reply | null>;
  /** Records the chat message showing a review's shared card, so actions and the watch update it in place. */
  attachTriageCard(ref: TriageCardRef, conversation: ConversationKey): Promise<void>;
}

export type { SarAiSummary };

/**
 * What the watch and the notifier need of the triage service (composed in
 * `create-core.ts`): the shared card of a review, read fresh, and the
 * closing summary's counts.
 */
export interface TriageViews {
  /** The shared card of a review (first page unless `cursor`), read from Okta; `fresh` bypasses the cache. */
  sharedView(sarId: string, options?: { cursor?: string; fresh?: boolean }): Promise<TriageView>;
  /** Counts for the closing summary (reads every item page; the bot's own records fill in what Okta no longer says). */
  closingSummary(sarId: string): Promise<TriageClosingSummary>;
  /** Forgets cached reads of a review (an action or the watch saw a change). */
  invalidate(sarId: string): void;
}
