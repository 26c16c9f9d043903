/** Okta risk events that propose a security access review (issue 9 part 2). */
export { createProposalService, EVENT_CLAIM_TTL_MS } from "./proposal-service.js";
export type { DeliveryReport, EventOutcome, ProposalService, ProposalServiceOptions } from "./proposal-service.js";
export type { ProposalNotifier, ProposalNotifiers } from "./proposal-notifier.js";
export type { NewProposalEvent, ProposalEvent, ProposalId, ProposalRecord } from "./proposal-types.js";
export { eventsOf, MAX_EVENTS_PER_DELIVERY, riskLevelOf, subjectOf } from "./okta-events.js";
