/**
 * One line of the audit export: an audit entry joined with what the trail
 * knows around it (the launch's chat message and approvals, the policy
 * rule of a decision, Okta's request ids). The shape is stable and
 * documented field by field in docs/audit-export.md; `format` names its
 * version so consumers can tell a future change.
 */
import type { ChatPlatform } from "../actor.js";
import { isAction } from "../policy/index.js";
import type { AuditEntry, AuditOutcome, DecisionRecord, JsonValue, LaunchRecord, StepUpProof } from "../store.js";
import { stepUpProofJson, type StepUpProofJson } from "../stepup/step-up-records.js";
import type { ChatLocation, PermalinkBuilder } from "./export-permalink.js";

export const AUDIT_EXPORT_FORMAT = "oig-chatops.audit-export.v1";

export interface ExportedPerson {
  platform: ChatPlatform | null;
  tenantId: string | null;
  chatUserId: string | null;
  oktaUserId: string | null;
}

export interface ExportedApproval {
  approver: ExportedPerson;
  decision: "approve" | "deny";
  reason: string | null;
  at: string;
  /** Proof that the approver signed in to Okta afresh for this approval (policy `stepUp: true`); null otherwise. */
  stepUp: ExportedStepUp | null;
}

/** What the approver's fresh Okta sign-in proved (the ID token's claims). */
export type ExportedStepUp = StepUpProofJson;

export interface ExportedPolicyDecision {
  decision: "allowed" | "denied";
  /** The policy entry that decided: `permissions.<action>` or `approval.sar.launch`. */
  rule: string;
  /** Roles of the caller that the rule allowed. */
  via: string[];
  /** The condition that gave each of those roles (`approver: member of Okta group "Security Leads"`). */
  because: string[];
  /** On a refusal: the roles that would have been allowed. */
  requiredRoles: string[];
}

export interface AuditExportRecord {
  format: typeof AUDIT_EXPORT_FORMAT;
  id: string;
  at: string;
  action: string;
  outcome: AuditOutcome;
  reason: string | null;
  actor: ExportedPerson;
  chat: (ChatLocation & { permalink: string | null }) | null;
  target: { oktaUserId: string | null; sarId: string | null; requestId: string | null; launchId: string | null; launchReference: string | null };
  policy: ExportedPolicyDecision | null;
  approvals: ExportedApproval[];
  oktaRequestIds: string[];
  oktaRequests: { operation: string; status: number | "error"; requestId: string }[];
  correlationId: string | null;
  details: { [key: string]: JsonValue };
}

/** What the export knows of a launch mentioned by entries. */
export interface LaunchFacts {
  launch: LaunchRecord;
  decisions: DecisionRecord[];
}

const strings = (value: JsonValue | undefined): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/** Triage actions taken in chat (PRODUCT 4.4): their success entries say why the person was allowed. */
const TRIAGE_ACTIONS = new Set(["sar.remediate", "sar.close", "sar.update"]);

function triagePolicyOf(entry: AuditEntry): ExportedPolicyDecision | null {
  const via = entry.details.via;
  if (via !== "role" && via !== "reviewer") return null;
  return {
    decision: "allowed",
    // An assigned reviewer acts under sar.reviewersMayAct, not under a role.
    rule: via === "reviewer" ? "sar.reviewersMayAct" : `permissions.${entry.action}`,
    via: strings(entry.details.roles),
    because: strings(entry.details.because),
    requiredRoles: [],
  };
}

function policyOf(entry: AuditEntry): ExportedPolicyDecision | null {
  if ((entry.outcome === "succeeded" || entry.outcome === "failed") && TRIAGE_ACTIONS.has(entry.action)) return triagePolicyOf(entry);
  if (entry.outcome !== "allowed" && entry.outcome !== "denied") return null;
  const rule = isAction(entry.action)
    ? `permissions.${entry.action}`
    : entry.action === "sar.launch.approve" || entry.action === "sar.launch.deny"
      ? "approval.sar.launch"
      : null;
  if (rule === null) return null;
  return {
    decision: entry.outcome,
    rule,
    via: strings(entry.details.via),
    because: strings(entry.details.because),
    requiredRoles: strings(entry.details.requiredRoles),
  };
}

function oktaRequestsOf(entry: AuditEntry): AuditExportRecord["oktaRequests"] {
  const raw = entry.details.oktaRequests;
  if (!Array.isArray(raw)) return [];
  const calls: AuditExportRecord["oktaRequests"] = [];
  for (const item of raw) {
    if (typeof item !== "object" || item === null || Array.isArray(item)) continue;
    const { operation, status, requestId } = item;
    if (typeof operation !== "string" || typeof requestId !== "string") continue;
    calls.push({ operation, status: typeof status === "number" ? status : "error", requestId });
  }
  return calls;
}

function chatOf(facts: LaunchFacts | undefined, permalink: PermalinkBuilder): AuditExportRecord["chat"] {
  if (facts === undefined) return null;
  const { conversation, approvalMessageId } = facts.launch;
  const location: ChatLocation = {
    platform: conversation.platform,
    tenantId: conversation.tenantId,
    conversationId: conversation.conversationId,
    threadId: conversation.threadId ?? null,
    messageId: approvalMessageId,
  };
  return { ...location, permalink: permalink(location) };
}

function stepUpOf(proof: StepUpProof | null | undefined): ExportedStepUp | null {
  if (proof === null || proof === undefined) return null;
  return stepUpProofJson(proof);
}

/** The export record of `entry`; `facts` when it belongs to a launch. */
export function toExportRecord(entry: AuditEntry, facts: LaunchFacts | undefined, permalink: PermalinkBuilder): AuditExportRecord {
  const oktaRequests = oktaRequestsOf(entry);
  // Approvals as they stood when the entry was written.
  const approvals = (facts?.decisions ?? [])
    .filter((d) => d.decidedAt.getTime() <= entry.at.getTime())
    .map(
      (d): ExportedApproval => ({
        approver: { platform: d.approver.platform, tenantId: d.approver.tenantId, chatUserId: d.approver.chatUserId, oktaUserId: d.approver.oktaUserId },
        decision: d.decision,
        reason: d.reason,
        at: d.decidedAt.toISOString(),
        stepUp: stepUpOf(d.verification),
      }),
    );
  return {
    format: AUDIT_EXPORT_FORMAT,
    id: entry.id,
    at: entry.at.toISOString(),
    action: entry.action,
    outcome: entry.outcome,
    reason: entry.reason,
    actor: { ...entry.actor },
    chat: chatOf(facts, permalink),
    target: {
      // An entry of a launch is about its target even when written without it (e.g. a step-up refusal).
      oktaUserId: entry.target.oktaUserId ?? facts?.launch.target.oktaUserId ?? null,
      sarId: entry.target.sarId ?? facts?.launch.sarId ?? null,
      requestId: entry.target.requestId,
      launchId: entry.launchId,
      launchReference: facts?.launch.reference ?? null,
    },
    policy: policyOf(entry),
    approvals,
    oktaRequestIds: [...new Set(oktaRequests.map((c) => c.requestId))],
    oktaRequests,
    correlationId: entry.correlationId,
    details: entry.details,
  };
}
