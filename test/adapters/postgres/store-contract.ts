/**
 * The GovernanceStore behaviour suite, written once and run against each
 * backend (`store.pglite.test.ts`, `store.postgres.test.ts`).
 */
import { describe } from "vitest";
import { approvalContract } from "./contract/approvals.js";
import { auditContract } from "./contract/audit.js";
import { conversationContract } from "./contract/conversations.js";
import type { HarnessFactory } from "./contract/harness.js";
import { identityContract } from "./contract/identity.js";
import { indexContract } from "./contract/indexes.js";
import { launchContract } from "./contract/launches.js";
import { proposalContract } from "./contract/proposals.js";
import { stepUpContract } from "./contract/step-up.js";
import { watchContract } from "./contract/watches.js";
import { perTest } from "./per-test.js";

export function storeContract(makeHarness: HarnessFactory): void {
  const h = perTest(makeHarness);
  describe("launches", () => launchContract(h));
  describe("approvals and transactions", () => approvalContract(h));
  describe("identity links and cache", () => identityContract(h));
  describe("watches", () => watchContract(h));
  describe("conversation references and inbound claims", () => conversationContract(h));
  describe("audit trail", () => auditContract(h));
  describe("indexes", () => indexContract(h));
  describe("proposals", () => proposalContract(h));
  describe("step-up challenges", () => stepUpContract(h));
}
