/**
 * Triage and remediation of a security access review in chat (PRODUCT 4.4):
 * the card (principal, review, items highest priority first, 10 a page),
 * an item's Details, item actions (revoke, restore, flag), review actions
 * (close, restore all), updates (end time, reviewers), comments and AI
 * summaries.
 *
 * - Reads: a cold card is 3 Okta calls (review, principal, one page of
 *   items); Details 2 (sub-accesses, anomalies); warm reads (same review
 *   within the cache TTL, per process) none. Actions drop the cache.
 *   (`./triage-reads.ts`)
 * - Who may act is decided before any Okta call, from the launch record or
 *   a cached read (`./who-may-act.ts`); a refusal never reaches Okta.
 * - Exactly once: each click is a `triage_actions` row (its idempotency key
 *   unique; one row per review, item and action under way), so a
 *   duplicate delivery returns the first outcome and a concurrent click
 *   is told who is already doing it. An unknown outcome is never re-sent:
 *   the item (or the review) is re-read to see whether it took effect.
 *   (`./action-claims.ts`)
 * - After each action: a SAR comment naming the person, audit entries, the
 *   shared cards updated in place (`triage-updated`), and the actor's view.
 *   (`./action-steps.ts`)
 *
 * This module composes the parts: `./item-actions.ts`, `./review-actions.ts`,
 * with input checks in `./triage-input.ts` and action wording and records in
 * `./action-records.ts`.
 */
import type { Actor } from "../actor.js";
import type { Reply } from "../replies.js";
import type { StepUpProof } from "../stepup/step-up-records.js";
import { createActionClaims } from "./action-claims.js";
import { createActionSteps } from "./action-steps.js";
import { createItemActions } from "./item-actions.js";
import { DEFAULT_TRIAGE_CACHE_TTL_MS, ReviewCache } from "./review-cache.js";
import { createReviewActions } from "./review-actions.js";
import type { TriageContext, TriageServiceDeps } from "./triage-context.js";
import { createTriageReads } from "./triage-reads.js";
import type { ItemActionInput, TriageCore, TriageViews } from "./types.js";

export { attributionComment } from "./action-records.js";
export type { ItemActionStepUp, TriageServiceDeps } from "./triage-context.js";

export interface TriageService extends Omit<TriageCore, "attachTriageCard">, TriageViews {
  /** An item action after the person proved who they are to Okta (the step-up callback); exactly once per click. */
  itemActionVerified(actor: Actor, input: ItemActionInput, proof: StepUpProof): Promise<Reply>;
}

export function createTriageService(deps: TriageServiceDeps): TriageService {
  const ctx: TriageContext = { deps, cache: new ReviewCache(deps.clock, deps.cacheTtlMs ?? DEFAULT_TRIAGE_CACHE_TTL_MS) };
  const reads = createTriageReads(ctx);
  const claims = createActionClaims(ctx, reads);
  const steps = createActionSteps(ctx, reads);
  const { itemAction } = createItemActions({ ctx, reads, claims, steps });
  const { reviewAction, update, comment } = createReviewActions({ ctx, reads, claims, steps });

  return {
    ...reads.service,
    ...steps.service,
    triageItemAction: (actor, input) => itemAction(actor, input, undefined),
    itemActionVerified: (actor, input, proof) => itemAction(actor, input, proof),
    triageReviewAction: reviewAction,
    triageUpdate: update,
    triageComment: comment,
  };
}
