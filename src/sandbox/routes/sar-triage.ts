/**
 * Triage and remediation routes of a security access review (governance.yaml,
 * admin API): principal, accesses, sub-accesses, anomalies, item and review
 * actions, update, history and AI summaries.
 *
 * State conflicts (an action on a CLOSED review, an action the item does not
 * support now) are answered 409 E0000169 "Object status conflicts with
 * requested operation." with reason OPERATION_STATUS_CONFLICT: the SAR
 * operations document no 4xx besides 401/403/404/429, and that is the
 * governance API's documented answer to an operation its object's status
 * forbids (the entitlement-bundle example in the same spec).
 */
import { SandboxApiError, type SandboxRequest, type SandboxRoute } from "../contract.js";
import type { SandboxOrg } from "../org/index.js";
import { standardRoleLabels } from "../org/role-labels.js";
import type { ItemAction, TriageItem, TriageSubAccess } from "../org/sar-accesses.js";
import type { SarView } from "../org/types.js";
import { actorId } from "./actor.js";
import { isObject } from "./body.js";
import { cause, governanceNotFound, validationFailed } from "./errors.js";
import { renderSar } from "./render-sar.js";
import { renderAnomaly, renderPrincipal } from "./render-sar-triage.js";
import { listTriageAccesses, listTriageHistory, listTriageSubAccesses, readyItems } from "./sar-triage-lists.js";
import { validateUpdateSar } from "./sar-update-validation.js";

const READ = "okta.governance.securityAccessReviews.admin.read";
const MANAGE = "okta.governance.securityAccessReviews.admin.manage";
const ONE = "/governance/api/v2/security-access-reviews/{securityAccessReviewId}";
const TARGET = `${ONE}/accesses/{securityAccessReviewTargetId}`;
const ITEM_ACTIONS: readonly ItemAction[] = ["REVOKE_ACCESS", "RESTORE_ACCESS", "FLAG_FOR_MANUAL_REMEDIATION", "FLAG_FOR_MANUAL_RESTORATION"];

/** 409 E0000169, the governance API's answer to an operation the object's status forbids. */
export function statusConflict(location: string, summary: string): SandboxApiError {
  return new SandboxApiError(409, "E0000169", "Object status conflicts with requested operation.", [cause(location, summary, "OPERATION_STATUS_CONFLICT")]);
}

/** 403 E0000015, Okta's answer when the org has not enabled a feature. */
function featureNotEnabled(): SandboxApiError {
  return new SandboxApiError(403, "E0000015", "You do not have permission to access the feature you are requesting");
}

type Target = { item: TriageItem; sub?: TriageSubAccess };

/** The triage routes over `org`. */
export function sarTriageRoutes(org: SandboxOrg): SandboxRoute[] {
  const sarOf = (req: SandboxRequest): SarView => {
    const sar = org.getSar(req.params.securityAccessReviewId ?? "");
    if (!sar) throw governanceNotFound();
    return sar;
  };
  const targetOf = (sar: SarView, id: string | undefined): Target => {
    for (const item of readyItems(org, sar)) {
      if (item.id === id) return { item };
      const sub = item.subAccesses.find((s) => s.id === id);
      if (sub) return { item, sub };
    }
    throw governanceNotFound();
  };
  const route = (operationId: string, method: SandboxRoute["method"], path: string, scope: string, handle: SandboxRoute["handle"]): SandboxRoute => ({
    operationId,
    method,
    path,
    scope,
    bucket: "governance-sar",
    handle,
  });
  const summaryOf = (text: string) => {
    if (!org.governanceAi.enabled) throw featureNotEnabled();
    return { status: 200, body: { message: text } };
  };

  return [
    route("getSecurityAccessReviewPrincipalDetails", "GET", `${ONE}/principal`, READ, (req) => {
      const sar = sarOf(req);
      const user = org.findUser(sar.principalId);
      if (!user) throw governanceNotFound();
      const roleName = (r: ReturnType<SandboxOrg["rolesOfUser"]>[number]) =>
        r.assignment.type === "CUSTOM" ? r.assignment.label : standardRoleLabels[r.assignment.type];
      return { status: 200, body: renderPrincipal(user, org.principalDetails(user.id), org.rolesOfUser(user.id), sar.id, req.baseUrl, roleName) };
    }),
    route("listSecurityAccessReviewAccesses", "GET", `${ONE}/accesses`, READ, (req) => listTriageAccesses(org, sarOf(req), req)),
    route("listSecurityAccessReviewSubAccesses", "GET", `${ONE}/accesses/{securityAccessReviewAccessId}/sub-accesses`, READ, (req) => {
      const sar = sarOf(req);
      const item = readyItems(org, sar).find((i) => i.id === req.params.securityAccessReviewAccessId);
      if (!item) throw governanceNotFound();
      return listTriageSubAccesses(item, req);
    }),
    route("listSecurityAccessReviewAccessesAnomalies", "GET", `${TARGET}/anomalies`, READ, (req) => {
      const { item, sub } = targetOf(sarOf(req), req.params.securityAccessReviewTargetId);
      // The schema's answer is a bare array (its example wraps it in { data }; see PRODUCT 7).
      return { status: 200, body: sub ? [] : item.anomalies.map(renderAnomaly) };
    }),
    route("executeSecurityAccessReviewAccessesAction", "POST", `${TARGET}/actions`, MANAGE, (req) => {
      const sar = sarOf(req);
      const type = isObject(req.body) ? req.body.type : undefined;
      if (typeof type !== "string" || !(ITEM_ACTIONS as readonly string[]).includes(type)) {
        throw validationFailed([cause("/type", `must be equal to one of the allowed values: ${ITEM_ACTIONS.join(", ")}`, "INVALID_ENUM_VALUE")]);
      }
      if (sar.status !== "ACTIVE") throw statusConflict("/type", `The security access review must be ACTIVE. Current status: ${sar.status}`);
      const { item, sub } = targetOf(sar, req.params.securityAccessReviewTargetId);
      const target = sub ?? item;
      if (!target.supportedActions.includes(type as ItemAction)) {
        const supported = target.supportedActions.length > 0 ? target.supportedActions.join(", ") : "none";
        throw statusConflict("/type", `${type} is not supported for ${target.name} now (supported: ${supported})`);
      }
      const targetName = sub ? `${sub.name} (${item.name})` : item.name;
      org.recordAction({ sarId: sar.id, targetId: target.id, targetName, action: type as ItemAction, at: org.clock().toISOString(), by: actorId(org, req) });
      return { status: 202 };
    }),
    route("generateSecurityAccessReviewAccessesSummary", "POST", `${TARGET}/summary`, MANAGE, (req) => {
      const { item, sub } = targetOf(sarOf(req), req.params.securityAccessReviewTargetId);
      if (sub) return summaryOf(`${sub.name} is part of ${item.name}. Its priority is ${sub.severity}.`);
      const reasons = item.anomalies.map((a, i) => `${i + 1}. ${a.type} (${a.severity}): ${a.message}`).join("\n");
      return summaryOf(`This app's overall priority is: ${item.severity}\n${reasons}\n`);
    }),
    route("listSecurityAccessReviewActions", "GET", `${ONE}/actions`, READ, (req) => {
      const sar = sarOf(req);
      const body: { actionType: string }[] = [];
      if (sar.status === "ACTIVE" || sar.status === "PENDING") body.push({ actionType: "CLOSE_REVIEW" });
      if (sar.status === "ACTIVE" && revokedTargets(org, sar).length > 0) body.push({ actionType: "RESTORE_ALL_ACCESS" });
      // A bare array, as the schema says.
      return { status: 200, body };
    }),
    route("executeSecurityAccessReviewAction", "POST", `${ONE}/actions`, MANAGE, (req) => {
      const sar = sarOf(req);
      const actionType = isObject(req.body) ? req.body.actionType : undefined;
      if (actionType !== "CLOSE_REVIEW" && actionType !== "RESTORE_ALL_ACCESS") {
        throw validationFailed([cause("/actionType", "must be equal to one of the allowed values: CLOSE_REVIEW, RESTORE_ALL_ACCESS", "INVALID_ENUM_VALUE")]);
      }
      const allowed = actionType === "CLOSE_REVIEW" ? sar.status === "ACTIVE" || sar.status === "PENDING" : sar.status === "ACTIVE";
      if (!allowed) throw statusConflict("/actionType", `${actionType} is not allowed on a review whose status is ${sar.status}`);
      const by = actorId(org, req);
      if (actionType === "CLOSE_REVIEW") {
        org.closeSar(sar.id, by);
        org.recordEvent({ sarId: sar.id, at: org.clock().toISOString(), message: "closed the review", by });
      } else {
        const at = org.clock().toISOString();
        for (const t of revokedTargets(org, sar)) org.recordAction({ ...t, action: "RESTORE_ACCESS", at, by });
        org.recordEvent({ sarId: sar.id, at, message: "restored all access", by });
      }
      return { status: 202 };
    }),
    route("updateSecurityAccessReview", "PATCH", ONE, MANAGE, (req) => {
      const sar = sarOf(req);
      if (sar.status === "CLOSED" || sar.status === "ERROR") throw statusConflict("/", `A review whose status is ${sar.status} cannot be updated`);
      const patch = validateUpdateSar(req.body, sar, org, org.clock());
      const by = actorId(org, req);
      const updated = org.updateSar(sar.id, patch, by);
      const at = org.clock().toISOString();
      if (patch.endTime !== undefined) org.recordEvent({ sarId: sar.id, at, message: `changed the end time to ${patch.endTime}`, by });
      if (patch.reviewerIds !== undefined) org.recordEvent({ sarId: sar.id, at, message: "changed the reviewers", by });
      return { status: 200, body: renderSar(updated, org, req.baseUrl) };
    }),
    route("listSecurityAccessReviewHistory", "GET", `${ONE}/history`, READ, (req) => listTriageHistory(org, sarOf(req), req)),
    route("generateSecurityAccessReviewSummary", "POST", `${ONE}/summary`, MANAGE, (req) => {
      const sar = sarOf(req);
      const items = readyItems(org, sar);
      const high = items.filter((i) => i.severity === "HIGH").map((i) => i.name);
      const revoked = items.filter((i) => i.remediationStatus === "REMEDIATED").length;
      return summaryOf(
        `The review covers ${items.length} apps for this user. ${high.length > 0 ? `High priority: ${high.join(", ")}.` : "None is high priority."} ` +
          `${revoked} revoked so far.\n`,
      );
    }),
  ];
}

/** Targets whose last action was a revoke (done or in progress): what RESTORE_ALL_ACCESS restores. */
function revokedTargets(org: SandboxOrg, sar: SarView) {
  const last = new Map<string, ReturnType<SandboxOrg["actions"]>[number]>();
  for (const a of org.actions(sar.id)) last.set(a.targetId, a);
  return [...last.values()].filter((a) => a.action === "REVOKE_ACCESS").map(({ sarId, targetId, targetName }) => ({ sarId, targetId, targetName }));
}
