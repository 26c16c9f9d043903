/**
 * Contract cases for the triage routes of a security access review (see
 * contract.test.ts): each runs against a fresh ACTIVE review of dan.
 */
import { DEMO_APPS, DEMO_USERS, type SandboxOrg } from "../../../src/sandbox/org/index.js";
import type { Call } from "./route-harness.js";
import { T0 } from "./route-harness.js";

interface TriageCase {
  name: string;
  operationId: string;
  call: (sarId: string, org: SandboxOrg) => Call;
  status: number;
  invalidRequest?: boolean;
}

const itemOf = (org: SandboxOrg, sarId: string, appId: string) => {
  const sar = org.getSar(sarId);
  const item = sar && org.triageItems(sar).find((i) => i.appId === appId);
  if (!item) throw new Error(`no item for app ${appId}`);
  return item;
};
const target = (org: SandboxOrg, sarId: string, appId: string, extra: Omit<Call, "params"> = {}): Call => ({
  params: { securityAccessReviewId: sarId, securityAccessReviewTargetId: itemOf(org, sarId, appId).id },
  ...extra,
});
const review = (sarId: string, extra: Omit<Call, "params"> = {}): Call => ({ params: { securityAccessReviewId: sarId }, ...extra });
const aws = DEMO_APPS.awsConsole.id;
const inDays = (days: number) => new Date(T0.getTime() + days * 86_400_000).toISOString();

export const triageCases: TriageCase[] = [
  { name: "principal details", operationId: "getSecurityAccessReviewPrincipalDetails", call: (id) => review(id), status: 200 },
  {
    name: "accesses, high priority first, filtered and paged",
    operationId: "listSecurityAccessReviewAccesses",
    call: (id) => review(id, { query: { orderBy: "priority desc", filter: 'usageHistorySeverity eq "MEDIUM" or governanceLabel co "source"', limit: "1" } }),
    status: 200,
  },
  {
    name: "sub-accesses of an app",
    operationId: "listSecurityAccessReviewSubAccesses",
    call: (id, org) => ({ params: { securityAccessReviewId: id, securityAccessReviewAccessId: itemOf(org, id, aws).id } }),
    status: 200,
  },
  { name: "anomalies of an item", operationId: "listSecurityAccessReviewAccessesAnomalies", call: (id, org) => target(org, id, aws), status: 200 },
  { name: "revoke an item", operationId: "executeSecurityAccessReviewAccessesAction", call: (id, org) => target(org, id, aws, { body: { type: "REVOKE_ACCESS" } }), status: 202 },
  {
    name: "revoke an item that only takes manual flags",
    operationId: "executeSecurityAccessReviewAccessesAction",
    call: (id, org) => target(org, id, DEMO_APPS.slack.id, { body: { type: "REVOKE_ACCESS" } }),
    status: 409,
  },
  {
    name: "an item action of an unknown type",
    operationId: "executeSecurityAccessReviewAccessesAction",
    call: (id, org) => target(org, id, aws, { body: { type: "DELETE_USER" } }),
    status: 400,
    invalidRequest: true,
  },
  {
    name: "revoke an item of a CLOSED review",
    operationId: "executeSecurityAccessReviewAccessesAction",
    call: (id, org) => {
      org.closeSar(id);
      return target(org, id, aws, { body: { type: "REVOKE_ACCESS" } });
    },
    status: 409,
  },
  { name: "a review's actions", operationId: "listSecurityAccessReviewActions", call: (id) => review(id), status: 200 },
  {
    name: "restore all access",
    operationId: "executeSecurityAccessReviewAction",
    call: (id) => review(id, { body: { actionType: "RESTORE_ALL_ACCESS" } }),
    status: 202,
  },
  {
    name: "close a CLOSED review",
    operationId: "executeSecurityAccessReviewAction",
    call: (id, org) => {
      org.closeSar(id);
      return review(id, { body: { actionType: "CLOSE_REVIEW" } });
    },
    status: 409,
  },
  { name: "extend a review", operationId: "updateSecurityAccessReview", call: (id) => review(id, { body: { endTime: inDays(14) } }), status: 200 },
  {
    name: "replace a review's reviewers",
    operationId: "updateSecurityAccessReview",
    call: (id) => review(id, { body: { reviewerSettings: { type: "USER", userSettings: { includedUserIds: [DEMO_USERS.frank.id] } } } }),
    status: 200,
  },
  {
    name: "make the principal a reviewer",
    operationId: "updateSecurityAccessReview",
    call: (id) => review(id, { body: { reviewerSettings: { type: "USER", userSettings: { includedUserIds: [DEMO_USERS.dan.id] } } } }),
    status: 400,
  },
  {
    name: "a review's history",
    operationId: "listSecurityAccessReviewHistory",
    call: (id, org) => {
      org.addSarComment(id, "Looking into it", DEMO_USERS.erin.id);
      return review(id, { query: { limit: "5" } });
    },
    status: 200,
  },
  {
    name: "summarise a review with governance AI on",
    operationId: "generateSecurityAccessReviewSummary",
    call: (id, org) => {
      org.governanceAi.enabled = true;
      return review(id);
    },
    status: 200,
  },
  { name: "summarise a review with governance AI off", operationId: "generateSecurityAccessReviewSummary", call: (id) => review(id), status: 403 },
  {
    name: "summarise an item with governance AI on",
    operationId: "generateSecurityAccessReviewAccessesSummary",
    call: (id, org) => {
      org.governanceAi.enabled = true;
      return target(org, id, aws);
    },
    status: 200,
  },
];
