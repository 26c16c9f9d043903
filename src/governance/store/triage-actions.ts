/**
 * The triage actions aggregate: one record per chat click on a review's
 * triage card (an item action, a review action, an update, a comment), so
 * a click delivered twice runs once and two clicks at once on the same
 * item and action (two people, two replicas) make one Okta call.
 */
import type { ChatPlatform } from "../actor.js";
import type { OktaUserId } from "../okta/types.js";
import type { JsonValue } from "./json.js";
import type { LaunchId } from "./launches.js";

/** `pending` while under way; `unknown` when Okta did not confirm and the re-read could not tell; both block another click. */
export type TriageActionState = "pending" | "done" | "failed" | "unknown";

/** The person who clicked, as the record keeps them. */
export interface TriageActionActor {
  platform: ChatPlatform;
  tenantId: string;
  chatUserId: string;
  oktaUserId: OktaUserId;
  login: string;
  displayName?: string;
}

export interface NewTriageAction {
  sarId: string;
  /** The access item of an item action; null for review actions, updates and comments. */
  accessId: string | null;
  /** `REVOKE_ACCESS`, ..., `CLOSE_REVIEW`, `RESTORE_ALL_ACCESS`, `EXTEND`, `REVIEWERS`, `COMMENT`. */
  action: string;
  idempotencyKey: string;
  actor: TriageActionActor;
  note: string | null;
}

export interface TriageActionRecord extends NewTriageAction {
  id: string;
  state: TriageActionState;
  /** What happened, once finished (the comment posted, the item's name, or why it failed). */
  outcome: { [key: string]: JsonValue } | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** What `beginTriageAction` found. */
export type BeginTriageAction =
  /** This click owns the action: do it, then `finishTriageAction`. */
  | { kind: "started"; record: TriageActionRecord }
  /** The same click (idempotency key) was seen before: its record as it stands. */
  | { kind: "duplicate"; record: TriageActionRecord }
  /** Another click on the same review, item and action is under way (or its outcome is unknown). */
  | { kind: "busy"; record: TriageActionRecord };

export interface TriageActionStore {
  /** Records a click as `pending` unless its key was seen or the same action is under way (one INSERT, no race). */
  beginTriageAction(input: NewTriageAction): Promise<BeginTriageAction>;
  /**
   * Moves a `pending` or `unknown` record to `state`; false when it was
   * already finished (another replica settled it first).
   */
  finishTriageAction(id: string, state: Exclude<TriageActionState, "pending">, outcome: { [key: string]: JsonValue }, at?: Date): Promise<boolean>;
  getTriageActionByKey(idempotencyKey: string): Promise<TriageActionRecord | null>;
  /** A review's actions, oldest first (the closing summary fills in what Okta no longer says). */
  listTriageActions(sarId: string, options?: { states?: readonly TriageActionState[] }): Promise<TriageActionRecord[]>;
  /** The launch whose review is `sarId`, if the bot launched it (for who the principal and reviewers are, without Okta). */
  findLaunchIdBySar(sarId: string): Promise<LaunchId | null>;
}
