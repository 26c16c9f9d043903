/**
 * The paged lists of a review's triage: access items (filter by name,
 * priority, anomaly severities and governance labels; ordered by priority
 * by default), sub-accesses, and history (a bare array, as its schema
 * says, paged by `Link` header only).
 */
import type { SandboxRequest, SandboxResponse } from "../contract.js";
import type { SandboxOrg } from "../org/index.js";
import type { AnomalyType, Severity, TriageItem, TriageSubAccess } from "../org/sar-accesses.js";
import { derivedId } from "../org/sar-accesses.js";
import type { FilterSchema } from "../org/scim/evaluate.js";
import type { SarView } from "../org/types.js";
import { invalidPaging } from "./errors.js";
import { governanceList } from "./governance-list.js";
import { compareText, linkHeader, paginate, parseLimit } from "./paging.js";
import { principalProfile, renderSubAccess, renderTriageItem } from "./render-sar-triage.js";

const SEVERITIES = ["LOW", "MEDIUM", "HIGH"] as const;
const RANK: Record<Severity, string> = { LOW: "1", MEDIUM: "2", HIGH: "3" };

const anomalySeverity = (type: AnomalyType) => (i: TriageItem) => i.anomalies.filter((a) => a.type === type).map((a) => a.severity);
const severityAttribute = <R>(get: (r: R) => unknown) => ({ type: "string" as const, operators: ["eq"] as const, enum: SEVERITIES, get });

/** The filters the spec's examples show for access items. */
const accessFilterSchema: FilterSchema<TriageItem> = {
  allowNot: true,
  attribute(name) {
    switch (name) {
      case "name":
        return { type: "string", operators: ["eq", "co"], caseInsensitive: true, get: (i) => i.name };
      case "priority":
        return severityAttribute((i: TriageItem) => i.severity);
      case "sodConflictSeverity":
        return severityAttribute(anomalySeverity("SOD_CONFLICT"));
      case "assignmentMethodSeverity":
        return severityAttribute(anomalySeverity("ASSIGNMENT_METHOD"));
      case "pastGovernanceDecisionsSeverity":
        return severityAttribute(anomalySeverity("PAST_GOVERNANCE_DECISIONS"));
      case "usageHistorySeverity":
        return severityAttribute(anomalySeverity("USAGE_HISTORY"));
      case "governanceLabel":
        return { type: "string", operators: ["eq", "co"], caseInsensitive: true, get: (i) => i.labels.map((l) => l.name) };
      default:
        return undefined;
    }
  },
};

const subAccessFilterSchema: FilterSchema<TriageSubAccess> = {
  allowNot: true,
  attribute(name) {
    if (name === "name") return { type: "string", operators: ["eq", "co"], caseInsensitive: true, get: (s) => s.name };
    if (name === "resourceType") return { type: "string", operators: ["eq"], enum: ["GROUP", "ENTITLEMENT_VALUE", "ENTITLEMENT_BUNDLE"], get: (s) => s.type };
    if (name === "priority") return severityAttribute((s: TriageSubAccess) => s.severity);
    return undefined;
  },
};

/** Items of a review; none while Okta is still building it (PENDING) or failed to (ERROR). */
export function readyItems(org: SandboxOrg, sar: SarView): TriageItem[] {
  return sar.status === "ACTIVE" || sar.status === "CLOSED" ? org.triageItems(sar) : [];
}

export function listTriageAccesses(org: SandboxOrg, sar: SarView, req: SandboxRequest): SandboxResponse {
  return governanceList(req, {
    records: readyItems(org, sar),
    idOf: (item) => item.id,
    filterSchema: accessFilterSchema,
    orderFields: {
      priority: (i) => RANK[i.severity],
      name: (i) => i.name,
      lastAccess: (i) => i.lastAccessDate ?? "",
      accessFrequency: (i) => String(i.applicationUsage).padStart(12, "0"),
    },
    defaultOrder: { field: "priority", direction: "desc" },
    render: (item) => renderTriageItem(item, sar.id, req.baseUrl),
  });
}

export function listTriageSubAccesses(item: TriageItem, req: SandboxRequest): SandboxResponse {
  return governanceList(req, {
    records: item.subAccesses,
    idOf: (sub) => sub.id,
    filterSchema: subAccessFilterSchema,
    orderFields: { priority: (s) => RANK[s.severity], name: (s) => s.name },
    defaultOrder: { field: "priority", direction: "desc" },
    render: (sub) => renderSubAccess(sub, item),
  });
}

interface HistoryEntry {
  id: string;
  at: string;
  message: string;
  by?: string;
  systemGenerated: boolean;
}

const ACTION_WORDS = {
  REVOKE_ACCESS: ["revoked access to", "Access was revoked:"],
  RESTORE_ACCESS: ["restored access to", "Access was restored:"],
  FLAG_FOR_MANUAL_REMEDIATION: ["flagged for manual remediation:", undefined],
  FLAG_FOR_MANUAL_RESTORATION: ["flagged for manual restoration:", undefined],
} as const;

/** Everything that happened to the review, oldest first. */
function historyOf(org: SandboxOrg, sar: SarView): HistoryEntry[] {
  const now = org.clock().getTime();
  const raw: Omit<HistoryEntry, "id">[] = [{ at: sar.created, message: `created ${sar.name}`, by: sar.createdBy, systemGenerated: false }];
  for (const c of sar.comments) raw.push({ at: c.created, message: `commented: ${c.comment}`, by: c.createdBy, systemGenerated: false });
  for (const a of org.actions(sar.id)) {
    const [done, completed] = ACTION_WORDS[a.action];
    raw.push({ at: a.at, message: `${done} ${a.targetName}`, by: a.by, systemGenerated: false });
    const finished = Date.parse(a.at) + org.remediationDelayMs;
    if (completed !== undefined && finished <= now) {
      raw.push({ at: new Date(finished).toISOString(), message: `${completed} ${a.targetName}`, systemGenerated: true });
    }
  }
  for (const e of org.events(sar.id)) raw.push({ at: e.at, message: e.message, ...(e.by !== undefined && { by: e.by }), systemGenerated: e.by === undefined });
  if (sar.status === "CLOSED" && sar.closedAt === undefined) raw.push({ at: sar.endTime, message: "The review reached its end time and closed", systemGenerated: true });
  return raw
    // Ids from the content, so they stay the same when later entries are added (they are `after` cursors).
    .map((e) => ({ ...e, id: derivedId("srh", `${sar.id}/${e.at}/${e.by ?? ""}/${e.message}`) }))
    .sort((a, b) => compareText(a.at, b.at) || compareText(a.id, b.id));
}

export function listTriageHistory(org: SandboxOrg, sar: SarView, req: SandboxRequest): SandboxResponse {
  const entries = historyOf(org, sar);
  const limit = parseLimit(req.query, { default: 20, max: 200, invalid: () => invalidPaging("limit", "The limit parameter is not a valid.", "INVALID_DATA_TYPE") });
  const after = req.query.get("after");
  const cursor = after === null ? undefined : entries.find((e) => e.id === after);
  if (after !== null && cursor === undefined) throw invalidPaging("after", `${after} not found`, "IDENTIFIER_NOT_FOUND");
  const compare = (a: HistoryEntry, b: HistoryEntry) => compareText(a.at, b.at) || compareText(a.id, b.id);
  const page = paginate(entries, limit, compare, cursor);
  const body = page.items.map((e) => {
    const profile = e.by === undefined ? undefined : principalProfile(org.findUser(e.by));
    return {
      id: e.id,
      systemGenerated: e.systemGenerated,
      timestamp: e.at.replace(/\.\d+Z$/, "Z"),
      message: e.message.slice(0, 1000),
      ...(profile !== undefined && { principalProfile: profile }),
    };
  });
  return { status: 200, body, headers: { link: linkHeader(req, page.last?.id) } };
}
