/** Shared set-up of the watch tests: a watch service over the core harness, and sandbox helpers. */
import { createWatchService, type WatchService, type WatchServiceOptions } from "../../../src/governance/watch/index.js";
import type { CoreHarness } from "../../support/core-harness.js";
import { DEMO_USERS } from "../../support/core-harness.js";

export const INTERVAL_MS = 60_000;

/** A watch service (one "replica") over the harness's real parts. */
export function watchServiceFor(h: CoreHarness, over: Partial<WatchServiceOptions> = {}): WatchService {
  return createWatchService({
    okta: h.okta,
    identity: h.identity,
    store: h.store,
    notifier: h.notifier,
    jobs: h.jobs,
    clock: h.clock,
    logger: h.logger,
    intervalMs: INTERVAL_MS,
    ...over,
  });
}

/** A new PENDING access request for erin in the sandbox; returns its id. */
export function newPendingRequest(h: CoreHarness): string {
  return h.sandbox.org.addRequest({ requestedFor: DEMO_USERS.erin.id, status: "PENDING" }).id;
}

/** Okta calls to the governance APIs (what polling spends), by operation. */
export function governanceCalls(h: CoreHarness): Record<string, number> {
  const out: Record<string, number> = {};
  for (const call of h.sandbox.calls.list()) {
    if (!call.path.startsWith("/governance/") || call.operationId === undefined) continue;
    out[call.operationId] = (out[call.operationId] ?? 0) + 1;
  }
  return out;
}
