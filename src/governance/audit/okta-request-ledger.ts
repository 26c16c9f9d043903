/**
 * Okta's request ids (`X-Okta-Request-Id`) of the calls made for one flow,
 * held under the flow's correlation id until its next audit entry takes
 * them: each entry then names the Okta calls made for it since the entry
 * before. Fed by the Okta client's call observer; bounded, so flows that
 * never write an entry (polling, reads) cannot grow it: the oldest flows
 * are forgotten first.
 */
import type { OktaCallObservation } from "../ports.js";

/** One Okta call as the audit trail keeps it. */
export interface OktaCallNote {
  /** Okta's operationId, e.g. `createSecurityAccessReview`. */
  operation: string;
  status: number | "error";
  /** Okta's `X-Okta-Request-Id`: what Okta support and the System Log know the call by. */
  requestId: string;
}

export interface OktaRequestLedger {
  /** Notes a call of the flow `correlationId`. */
  note(correlationId: string, call: OktaCallNote): void;
  /** The calls noted for `correlationId` since the last take, oldest first; forgets them. */
  take(correlationId: string): OktaCallNote[];
  /** The observer to hand the Okta client (`onCall`): notes every call that carried a request id and a correlation id. */
  observe(call: OktaCallObservation): void;
}

export interface OktaRequestLedgerOptions {
  /** Flows remembered at once (default 2000). */
  maxFlows?: number;
  /** Calls remembered per flow (default 50); the earliest are dropped beyond it. */
  maxCallsPerFlow?: number;
}

/** An in-memory ledger (per process: a flow's calls and its audit entry happen in the same process). */
export function createOktaRequestLedger(options: OktaRequestLedgerOptions = {}): OktaRequestLedger {
  const maxFlows = options.maxFlows ?? 2000;
  const maxCalls = options.maxCallsPerFlow ?? 50;
  // A Map iterates in insertion order: re-inserting on each note keeps the most recent flows last.
  const flows = new Map<string, OktaCallNote[]>();

  function note(correlationId: string, call: OktaCallNote): void {
    const calls = flows.get(correlationId) ?? [];
    flows.delete(correlationId);
    calls.push({ operation: call.operation, status: call.status, requestId: call.requestId });
    if (calls.length > maxCalls) calls.splice(0, calls.length - maxCalls);
    flows.set(correlationId, calls);
    while (flows.size > maxFlows) {
      const oldest = flows.keys().next();
      if (oldest.done === true) break;
      flows.delete(oldest.value);
    }
  }

  return {
    note,
    take(correlationId) {
      const calls = flows.get(correlationId) ?? [];
      flows.delete(correlationId);
      return calls;
    },
    observe(call) {
      if (call.correlationId === undefined || call.oktaRequestId === undefined) return;
      note(call.correlationId, { operation: call.operation, status: call.status, requestId: call.oktaRequestId });
    },
  };
}
