/**
 * Launches and Okta's security access reviews as the neutral views adapters
 * render (`LaunchView`, `SarView`). People are named by Okta user id in the
 * records; `people` maps ids to what is known of them (login, name).
 */
import type { ConversationKey } from "../actor.js";
import type { SecurityAccessReview } from "../okta/types.js";
import type { DecisionView, LaunchView, PersonView, SarView } from "../replies.js";
import type { DecisionRecord, LaunchRecord } from "../store.js";

/** Okta user id -> what is known of that person. */
export type People = ReadonlyMap<string, PersonView>;

const NOBODY: People = new Map();

/** The person with `id`, or a stand-in that shows the id where the login is unknown. */
export function personFor(id: string, people: People = NOBODY, login?: string): PersonView {
  const known = people.get(id);
  if (known !== undefined) return known;
  return { oktaUserId: id, login: login ?? id };
}

function decisionView(decision: DecisionRecord, people: People): DecisionView {
  return {
    approver: {
      ...personFor(decision.approver.oktaUserId, people),
      platform: decision.approver.platform,
      chatUserId: decision.approver.chatUserId,
    },
    decision: decision.decision,
    reason: decision.reason,
    at: decision.decidedAt,
    ...(decision.verification && { verifiedAt: decision.verification.authTime }),
  };
}

/** The neutral view of a launch, with its decisions (oldest first) when given. */
export function toLaunchView(record: LaunchRecord, people: People = NOBODY, decisions: readonly DecisionRecord[] = []): LaunchView {
  return {
    id: record.id,
    reference: record.reference,
    state: record.state,
    requester: {
      ...personFor(record.requester.oktaUserId, people),
      platform: record.requester.platform,
      chatUserId: record.requester.chatUserId,
    },
    target: personFor(record.target.oktaUserId, people, record.target.login),
    reviewers: record.reviewerIds.map((id) => personFor(id, people)),
    sarName: record.sarName,
    endTime: record.sarEndTime,
    reason: record.reason,
    incidentRef: record.incidentRef,
    approval: {
      required: record.approval.required,
      minApprovals: record.approval.minApprovals,
      expiresAt: record.approval.expiresAt,
      decisions: decisions.map((d) => decisionView(d, people)),
    },
    conversation: record.conversation,
    approvalMessageId: record.approvalMessageId,
    sarId: record.sarId,
    sarStatus: record.sarStatus,
    failure: record.failure,
  };
}

export interface SarViewExtras {
  people?: People;
  /** The user under review, when the SAR body does not say (Okta's list and get omit it). */
  principalId?: string;
  /** Counts to show once the review is ACTIVE. */
  stats?: Record<string, number>;
  /** Where a person opens the review; left out unless the deployment knows the console URL. */
  url?: string;
  /** The launch the SAR came from. */
  launchReference?: string;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === "string" && value.length > 0 ? value : undefined);

/** Reviewer profiles Okta embeds in `reviewerSettings.userSettings.includedUserProfiles`. */
function embeddedProfiles(sar: SecurityAccessReview): Map<string, PersonView> {
  const out = new Map<string, PersonView>();
  const settings: unknown = sar.reviewerSettings?.userSettings;
  const profiles = isObject(settings) ? settings.includedUserProfiles : undefined;
  if (!Array.isArray(profiles)) return out;
  for (const profile of profiles) {
    if (!isObject(profile)) continue;
    const id = text(profile.id);
    const login = text(profile.login);
    if (id === undefined || login === undefined) continue;
    const name = [text(profile.firstName), text(profile.lastName)].filter((part) => part !== undefined).join(" ");
    out.set(id, { oktaUserId: id, login, ...(name !== "" && { displayName: name }) });
  }
  return out;
}

/** The neutral view of a security access review as Okta returned it. */
export function toSarView(sar: SecurityAccessReview, extras: SarViewExtras = {}): SarView {
  const people = new Map([...embeddedProfiles(sar), ...(extras.people ?? NOBODY)]);
  const view: SarView = { id: sar.id, name: sar.name, status: sar.status, endTime: sar.endTime };
  if (text(sar.created) !== undefined) view.created = sar.created;
  const principalId = text(sar.principalId) ?? text(extras.principalId);
  if (principalId !== undefined) view.principal = personFor(principalId, people);
  const reviewerIds = sar.reviewerSettings?.userSettings?.includedUserIds;
  if (Array.isArray(reviewerIds) && reviewerIds.length > 0) view.reviewers = reviewerIds.map((id) => personFor(id, people));
  if (extras.stats !== undefined && Object.keys(extras.stats).length > 0) view.stats = { ...extras.stats };
  if (extras.url !== undefined) view.url = extras.url;
  if (extras.launchReference !== undefined) view.launchReference = extras.launchReference;
  return view;
}

/** What the store keeps of each person a launch names, as a plain JSON object. */
export function peopleToJson(people: Iterable<PersonView>): Record<string, { login: string; displayName?: string }> {
  const out: Record<string, { login: string; displayName?: string }> = {};
  for (const p of people) out[p.oktaUserId] = { login: p.login, ...(p.displayName !== undefined && { displayName: p.displayName }) };
  return out;
}

/** The inverse of `peopleToJson`; anything unreadable is skipped. */
export function peopleFromJson(value: unknown): Map<string, PersonView> {
  const out = new Map<string, PersonView>();
  if (!isObject(value)) return out;
  for (const [id, entry] of Object.entries(value)) {
    if (!isObject(entry)) continue;
    const login = text(entry.login);
    if (login === undefined) continue;
    const displayName = text(entry.displayName);
    out.set(id, { oktaUserId: id, login, ...(displayName !== undefined && { displayName }) });
  }
  return out;
}

/**
 * The thread a launch's later events belong in: the thread the flow started
 * in, else the thread under the launch's own message (its approval card or
 * "queued" message), else the conversation itself.
 */
export function launchThread(launch: Pick<LaunchRecord, "conversation" | "approvalMessageId">): ConversationKey {
  const threadId = launch.conversation.threadId ?? launch.approvalMessageId ?? undefined;
  return threadId === undefined ? { ...launch.conversation } : { ...launch.conversation, threadId };
}
