/** Helpers shared by the request, watch and admin tests: typed reply checks, a demo SAR, the request service. */
import { expect } from "vitest";
import type { Reply } from "../../../src/governance/replies.js";
import { createRequestService, type RequestService } from "../../../src/governance/requests/index.js";
import type { CoreHarness } from "../../support/core-harness.js";
import { DEMO_USERS } from "../../support/core-harness.js";

/** Asserts the reply's type (showing the whole reply when it differs) and narrows it. */
export function expectReply<T extends Reply["type"]>(reply: Reply, type: T): Extract<Reply, { type: T }> {
  expect(reply, JSON.stringify(reply)).toMatchObject({ type });
  return reply as Extract<Reply, { type: T }>;
}

/** A review of dan by erin (and frank), created in the sandbox as a launch would; returns its id. */
export function createDemoSar(h: CoreHarness, name = "SAR dan.target INC-4711 LTEST01", reviewers: string[] = [DEMO_USERS.erin.id]): string {
  return h.sandbox.org.createSar({
    name,
    principalId: DEMO_USERS.dan.id,
    reviewerIds: reviewers,
    endTime: new Date(h.clock.now().getTime() + 7 * 86_400_000).toISOString(),
    createdBy: DEMO_USERS.alice.id,
  }).id;
}

/** The request service over the harness's real parts. */
export function requestServiceFor(h: CoreHarness): RequestService {
  return createRequestService({ okta: h.okta, identity: h.identity, store: h.store, audit: h.audit, clock: h.clock, logger: h.logger });
}
