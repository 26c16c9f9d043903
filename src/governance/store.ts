/**
 * The store ports, one per aggregate (`./store/`): launches and their
 * decisions, step-up challenges, identity links and cache, watches,
 * inbound claims, proposals, the audit trail; and, outside the domain,
 * the conversation references the chat adapters keep. `GovernanceStore`
 * is what the core's services run on together (one transaction spans
 * aggregates). `src/adapters/postgres/` implements them over PostgreSQL
 * and PGlite.
 */
import type { AuditStore } from "./store/audit.js";
import type { IdentityStore } from "./store/identity.js";
import type { InboundClaimStore } from "./store/inbound.js";
import type { LaunchStore } from "./store/launches.js";
import type { ProposalStore } from "./store/proposals.js";
import type { StepUpStore } from "./store/step-up.js";
import type { TriageActionStore } from "./store/triage-actions.js";
import type { TriageCardStore } from "./store/triage-cards.js";
import type { WatchStore } from "./store/watches.js";

export type { NewStepUpChallenge, StepUpChallenge, StepUpChallengeId, StepUpProof } from "./stepup/step-up-records.js";
export type { JsonValue } from "./store/json.js";
export * from "./store/launches.js";
export type * from "./store/identity.js";
export type * from "./store/watches.js";
export type * from "./store/audit.js";
export type * from "./store/step-up.js";
export type * from "./store/proposals.js";
export type * from "./store/inbound.js";
export type * from "./store/conversations.js";
export type * from "./store/triage-actions.js";
export type * from "./store/triage-cards.js";

/** The domain's durable state: every aggregate's port, and a transaction across them. */
export interface GovernanceStore
  extends LaunchStore,
    StepUpStore,
    IdentityStore,
    WatchStore,
    InboundClaimStore,
    ProposalStore,
    AuditStore,
    TriageActionStore,
    TriageCardStore {
  /**
   * Runs `fn` in one database transaction with a store bound to it; commits
   * when `fn` resolves, rolls back when it throws. Nested calls join the
   * outer transaction. Do not await other I/O on the same database (such as
   * a job send) inside: on PGlite it would wait for this transaction.
   */
  transaction<T>(fn: (tx: GovernanceStore) => Promise<T>): Promise<T>;
}
