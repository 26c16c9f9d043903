/**
 * What every part of the triage service shares: its dependencies and the
 * review cache of this service instance (see `./triage-service.ts`).
 */
import type { Logger } from "pino";
import type { Actor } from "../actor.js";
import type { AuditRecorder } from "../audit/index.js";
import type { IdentityResolver } from "../identity/types.js";
import type { Notifier } from "../notifier.js";
import type { OktaUserId } from "../okta/types.js";
import type { Policy } from "../policy/index.js";
import type { CallOptions, Clock, OktaGovernance } from "../ports.js";
import type { Reply } from "../replies.js";
import type { GovernanceStore } from "../store.js";
import type { TriageCardStore } from "../store/triage-cards.js";
import type { ReviewCache } from "./review-cache.js";
import type { ItemActionInput } from "./types.js";

/** Under `approval.sar.remediate.stepUp`: makes the private sign-in link for an item action (the step-up service). */
export interface ItemActionStepUp {
  challenge(actor: Actor, person: { oktaUserId: OktaUserId }, input: ItemActionInput, acrValues: string | null): Promise<Reply>;
}

export interface TriageServiceDeps {
  store: GovernanceStore;
  /** Where the review's shared cards are (updated in place after an action); absent: none are updated. */
  cards?: Pick<TriageCardStore, "listTriageCards" | "recordTriageSeen">;
  okta: OktaGovernance;
  identity: IdentityResolver;
  policy: Policy;
  audit: AuditRecorder;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
  /** Link to a SAR in the Okta console, when known. */
  reviewUrl?: (sarId: string) => string | undefined;
  /** How long reads are reused (default 60 s). */
  cacheTtlMs?: number;
  /** Step-up sign-in for item actions; without it a policy asking for one refuses them. */
  stepUp?: ItemActionStepUp;
}

export interface TriageContext {
  deps: TriageServiceDeps;
  /** Reads of this service kept for `deps.cacheTtlMs`; every action drops its review's. */
  cache: ReviewCache;
}

export const interactive = (actor: Pick<Actor, "correlationId">): CallOptions => ({ correlationId: actor.correlationId, priority: "interactive" });
