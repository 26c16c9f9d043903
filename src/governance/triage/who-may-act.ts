/**
 * Who may act on a review (PRODUCT 4.4, section 3): `sar.remediate` for
 * item actions, `sar.close` for closing and restoring all, `sar.update` for
 * extend, reviewers and comments; the review's assigned reviewers may take
 * item actions and close or restore all unless `sar.reviewersMayAct: false`;
 * the person under review never acts on their own review. Decided from what
 * is already known (the launch record or a cached read), with no Okta call.
 */
import { SAR_ACCESS_ACTIONS, type SarAccessAction } from "../okta/sar-triage-types.js";
import { decide, type Action, type Policy, type RoleGrant } from "../policy/index.js";
import type { TriageReviewControl } from "./types.js";

/** What the bot knows of a review's people. */
export interface ReviewPeople {
  principalId: string;
  reviewerIds: readonly string[];
}

/** The kinds of action, each behind its permission. */
export type TriageActionKind = "item" | "review" | "update";

const PERMISSION: Readonly<Record<TriageActionKind, Action>> = { item: "sar.remediate", review: "sar.close", update: "sar.update" };

export type ActCheck =
  | { allowed: true; /** `role` (the policy granted it) or `reviewer` (an assigned reviewer). */ via: "role" | "reviewer"; roles: readonly string[]; because: readonly string[] }
  | { allowed: false; code: "not_allowed" | "principal_cannot_act"; message: string; requiredRoles: readonly string[] };

export function permissionFor(kind: TriageActionKind): Action {
  return PERMISSION[kind];
}

/** Whether the person `oktaUserId` holding `grants` may take an action of `kind` on the review of `people`. */
export function mayAct(policy: Policy, kind: TriageActionKind, person: { oktaUserId: string; grants: readonly RoleGrant[] }, people: ReviewPeople): ActCheck {
  if (person.oktaUserId === people.principalId) {
    return {
      allowed: false,
      code: "principal_cannot_act",
      message: "This review is about you, so you cannot act on it; the responders and its reviewers do.",
      requiredRoles: [],
    };
  }
  const decision = decide(policy, PERMISSION[kind], person.grants);
  if (decision.allowed) return { allowed: true, via: "role", roles: decision.via, because: decision.because };
  if (kind !== "update" && policy.sar.reviewersMayAct && people.reviewerIds.includes(person.oktaUserId)) {
    return { allowed: true, via: "reviewer", roles: [], because: ["an assigned reviewer of this review"] };
  }
  const reviewersToo = kind !== "update" && policy.sar.reviewersMayAct ? " The review's assigned reviewers may act too." : "";
  return { allowed: false, code: "not_allowed", message: `${decision.reason}${reviewersToo}`, requiredRoles: decision.requiredRoles };
}

/** The item actions and review controls a person may use (before the review's own status is considered). */
export function personalControls(
  policy: Policy,
  person: { oktaUserId: string; grants: readonly RoleGrant[] },
  people: ReviewPeople,
): { itemActions: SarAccessAction[]; controls: TriageReviewControl[] } {
  const controls: TriageReviewControl[] = [];
  const item = mayAct(policy, "item", person, people).allowed;
  if (mayAct(policy, "review", person, people).allowed) controls.push("close", "restore-all");
  if (mayAct(policy, "update", person, people).allowed) controls.push("extend", "reviewers", "comment");
  // Whoever sees the card (sar.read) may ask for the summary.
  controls.push("summarize");
  return { itemActions: item ? [...SAR_ACCESS_ACTIONS] : [], controls };
}

/** The shared card's controls: every one, checked again at the click. */
export const SHARED_CONTROLS: readonly TriageReviewControl[] = ["close", "restore-all", "extend", "reviewers", "comment", "summarize"];

/** The controls a review in `status` supports (close and restore all only while ACTIVE; nothing once CLOSED). */
export function controlsForStatus(status: string, controls: readonly TriageReviewControl[]): TriageReviewControl[] {
  if (status === "CLOSED") return [];
  if (status === "ACTIVE") return [...controls];
  return controls.filter((c) => c !== "close" && c !== "restore-all");
}
