/**
 * Governance API bodies for a review's triage: access items with their
 * priority, labels and remediation, sub-accesses, anomalies, the principal
 * and history entries (governance.yaml `security-access-review-*` schemas).
 * Item bodies carry `remediationStatus` with the values of the spec's
 * `security-access-review-access-item-remediation-status`, which the item
 * schema does not list but allows (it does not forbid extra properties).
 */
import type { HeldRole } from "../org/directory.js";
import { derivedId, type AnomalySeed, type PrincipalDetails, type TriageItem, type TriageSubAccess } from "../org/sar-accesses.js";
import type { SandboxUser } from "../org/types.js";

const base = (baseUrl: string) => baseUrl.replace(/\/+$/, "");
const myReview = (baseUrl: string, sarId: string) => `${base(baseUrl)}/governance/api/v2/my/security-access-reviews/${sarId}`;

/** Okta's governance timestamps have whole seconds. */
const seconds = (iso: string) => iso.replace(/\.\d+Z$/, "Z");

/** One item of `listSecurityAccessReviewAccesses`. */
export function renderTriageItem(item: TriageItem, sarId: string, baseUrl: string): Record<string, unknown> {
  const self = `${myReview(baseUrl, sarId)}/accesses/${item.id}`;
  const entitlements = item.subAccesses.filter((s) => s.type !== "GROUP");
  const subTypes = [...new Set(item.subAccesses.map((s) => s.type))];
  return {
    id: item.id,
    type: "APPLICATION",
    name: item.name,
    resourceId: item.appId,
    severity: item.severity,
    supportedActions: item.supportedActions,
    remediationStatus: item.remediationStatus,
    appInfo: {
      id: item.appId,
      name: item.name.toLowerCase().replace(/\W+/g, "_"),
      label: item.name,
      logoUrl: `${base(baseUrl)}/assets/img/logos/default.png`,
      assignedDate: seconds(item.assignedDate),
      assignmentType: item.assignmentTypeLabel,
      applicationUsage: item.applicationUsage,
      ...(item.lastAccessDate !== undefined && { lastAccessDate: seconds(item.lastAccessDate) }),
      ...(entitlements.length > 0 && {
        activeEntitlements: entitlements.map((e) => ({ id: e.resourceId, name: e.name, dataType: "string", multiValue: false })),
      }),
      governanceLabels: item.labels,
    },
    ...(subTypes.length > 0 && { subAccessTypes: subTypes }),
    _links: { self: { href: self }, subAccesses: { href: `${self}/sub-accesses` }, anomalies: { href: `${self}/anomalies` } },
  };
}

/** One item of `listSecurityAccessReviewSubAccesses`; `resourceId` is required by the spec though not declared. */
export function renderSubAccess(sub: TriageSubAccess, item: TriageItem): Record<string, unknown> {
  const common = {
    id: sub.id,
    name: sub.name,
    type: sub.type,
    resourceId: sub.resourceId,
    severity: sub.severity,
    supportedActions: sub.supportedActions,
    remediationStatus: sub.remediationStatus,
  };
  const dates = { assignedDate: seconds(item.assignedDate) };
  if (sub.type === "GROUP") return { ...common, groupInfo: { ...dates, assignmentType: "GROUP", governanceLabels: [] } };
  return {
    ...common,
    entitlementInfo: {
      type: sub.type,
      ...dates,
      assignmentType: item.assignmentTypeLabel === "INDIVIDUAL" ? "INDIVIDUAL" : "GROUP",
      ...(sub.description !== undefined && { entitlementDescription: sub.description }),
      collectionsAssigning: [],
      entitlements: [],
      governanceLabels: item.labels,
    },
  };
}

/** One anomaly of `listSecurityAccessReviewAccessesAnomalies`. */
export function renderAnomaly(anomaly: AnomalySeed): Record<string, unknown> {
  const body: Record<string, unknown> = {
    type: anomaly.type,
    severity: anomaly.severity,
    subtext: { message: anomaly.message, ...(anomaly.args !== undefined && { args: anomaly.args }) },
  };
  const sod = anomaly.sodConflict;
  if (sod !== undefined) {
    body.sodConflicts = [
      {
        id: derivedId("sod", sod.rule),
        name: sod.rule,
        operator: "AND",
        conflictedEntitlements: sod.lists.map((list) => ({
          listName: list.listName,
          scope: "ANY_ONE_OF",
          entitlements: [
            {
              id: derivedId("esp", `${sod.rule}/${list.listName}`),
              name: list.entitlement,
              values: list.values.map((v) => ({ id: derivedId("ent", `${list.listName}/${v.name}`), name: v.name, sourceOfConflict: v.sourceOfConflict })),
            },
          ],
        })),
      },
    ];
  }
  return body;
}

const clip = (text: string | null | undefined, max: number) => (typeof text === "string" && text.length > 0 ? text.slice(0, max) : undefined);

/** A user as `principal-profile` (history entries) or undefined when the id is not a user. */
export function principalProfile(user: SandboxUser | undefined): Record<string, unknown> | undefined {
  if (!user) return undefined;
  const firstName = clip(user.profile.firstName, 50);
  const lastName = clip(user.profile.lastName, 50);
  return {
    id: user.id,
    email: user.profile.email,
    login: user.profile.login,
    status: user.status === "ACTIVE" ? "ACTIVE" : "INACTIVE",
    ...(firstName !== undefined && { firstName }),
    ...(lastName !== undefined && { lastName }),
  };
}

/** `getSecurityAccessReviewPrincipalDetails`. */
export function renderPrincipal(user: SandboxUser, details: PrincipalDetails, roles: HeldRole[], sarId: string, baseUrl: string, roleName: (r: HeldRole) => string) {
  const review = myReview(baseUrl, sarId);
  const { lastLogin } = details;
  return {
    ...principalProfile(user),
    ...(details.department !== undefined && { department: details.department }),
    ...(details.manager !== undefined && { manager: details.manager }),
    ...(details.role !== undefined && { role: details.role }),
    ...(details.homeLocation !== undefined && { homeLocation: details.homeLocation }),
    ...((user.lastLogin !== null || lastLogin !== undefined) && {
      // The sign-in the org recorded wins over the seeded one.
      lastLoginInfo: { ...lastLogin, ...(user.lastLogin !== null && { date: seconds(user.lastLogin) }) },
    }),
    oktaAdminRoles: roles.map((r) => ({ roleId: r.assignment.type === "CUSTOM" ? r.assignment.roleId : r.assignment.type, roleName: roleName(r) })),
    _links: {
      securityAccessReviewDetails: { href: review },
      history: { href: `${review}/history` },
      accesses: { href: `${review}/accesses` },
      actions: { href: `${review}/actions` },
    },
  };
}
