/**
 * What a security access review shows about each access item beyond the
 * app snapshot taken at creation: priority, governance labels, anomalies,
 * sub-accesses (groups, entitlement values and bundles) and the item's
 * remediation. Facts come from per-app triage profiles (the demo seeds
 * some; other apps get plain defaults). Remediation is derived on read from
 * the actions taken and the injected clock, like a review's status: a
 * revoke is IN_PROGRESS, then REMEDIATED once `remediationDelayMs` passed.
 */
import { createHash } from "node:crypto";
import type { OrgContext } from "./context.js";
import type { SarAccessItem, SarView } from "./types.js";

export type Severity = "LOW" | "MEDIUM" | "HIGH";
export type ItemAction = "REVOKE_ACCESS" | "RESTORE_ACCESS" | "FLAG_FOR_MANUAL_REMEDIATION" | "FLAG_FOR_MANUAL_RESTORATION";
/** The spec's `security-access-review-access-item-remediation-status`. */
export type RemediationStatus = "NONE" | "IN_PROGRESS" | "REMEDIATED" | "PENDING_MANUAL_REMEDIATION" | "PENDING_MANUAL_RESTORATION";
export type AnomalyType = "SOD_CONFLICT" | "ASSIGNMENT_METHOD" | "PAST_GOVERNANCE_DECISIONS" | "USAGE_HISTORY";

export interface AnomalySeed {
  type: AnomalyType;
  severity: Severity;
  message: string;
  args?: { type: "STRING" | "RELATIVE_DATE_TO_NOW" | "NUMBER"; value: string }[];
  /** For SOD_CONFLICT: the rule and the two entitlement lists that clash. */
  sodConflict?: { rule: string; lists: { listName: string; entitlement: string; values: { name: string; sourceOfConflict: boolean }[] }[] };
}

export interface SubAccessSeed {
  name: string;
  type: "GROUP" | "ENTITLEMENT_VALUE" | "ENTITLEMENT_BUNDLE";
  /** The group or entitlement id (20 characters). */
  resourceId: string;
  severity: Severity;
  /** Only flags for manual work (e.g. a group rule assigns it). */
  manualOnly?: boolean;
  description?: string;
}

/** The triage facts of one app, for every review that lists it. */
export interface AppTriageProfile {
  severity: Severity;
  labels?: { name: string; values: string[] }[];
  /** Okta cannot revoke it (assigned through Everyone, a group rule, a first-party app): only flags. */
  manualOnly?: boolean;
  /** Overrides the snapshot's INDIVIDUAL/GROUP (the spec's `assignment-type`). */
  assignmentType?: string;
  lastAccessDaysAgo?: number;
  applicationUsage?: number;
  anomalies?: AnomalySeed[];
  subAccesses?: SubAccessSeed[];
}

/** What the principal endpoint adds to the user's profile. */
export interface PrincipalDetails {
  department?: string;
  manager?: string;
  role?: string;
  homeLocation?: { city?: string; state?: string; country?: string };
  lastLogin?: { date?: string; ipAddress?: string; device?: string; location?: { city?: string; state?: string; country?: string } };
}

/** One remediation target (an item or a sub-access) as it stands now. */
export interface TargetState {
  remediationStatus: RemediationStatus;
  supportedActions: ItemAction[];
}

export interface TriageSubAccess extends SubAccessSeed, TargetState {
  id: string;
}

export interface TriageItem extends SarAccessItem, TargetState {
  severity: Severity;
  assignmentTypeLabel: string;
  labels: { labelId: string; name: string; values: string[] }[];
  lastAccessDate?: string;
  applicationUsage: number;
  anomalies: AnomalySeed[];
  subAccesses: TriageSubAccess[];
}

/** One action taken on a target, kept for remediation and history. */
export interface TargetAction {
  sarId: string;
  targetId: string;
  targetName: string;
  action: ItemAction;
  at: string;
  by: string;
}

/** A history entry the triage routes add (updates, review actions). */
export interface TriageEvent {
  sarId: string;
  at: string;
  message: string;
  by?: string;
}

export interface SarTriage {
  setAppTriageProfile(appId: string, profile: AppTriageProfile): void;
  setPrincipalDetails(userId: string, details: PrincipalDetails): void;
  principalDetails(userId: string): PrincipalDetails;
  /** `governanceAI.securityAccessReview.enabled` of the org (off by default, as in a new org). */
  governanceAi: { enabled: boolean };
  /** The review's items as they stand now (read-only ones unless the review is ACTIVE). */
  triageItems(sar: SarView): TriageItem[];
  /** Records an action the caller has checked against `supportedActions`. */
  recordAction(action: TargetAction): void;
  actions(sarId: string): TargetAction[];
  recordEvent(event: TriageEvent): void;
  events(sarId: string): TriageEvent[];
  readonly remediationDelayMs: number;
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A stable 20-character Okta-style id derived from `seed` (sub-accesses, labels, history entries). */
export function derivedId(prefix: string, seed: string): string {
  const bytes = createHash("sha256").update(seed).digest();
  let body = "";
  for (let i = 0; body.length < 20 - prefix.length; i++) body += BASE62[(bytes[i] ?? 0) % 62];
  return prefix + body;
}

const DAY_MS = 86_400_000;

function defaultProfile(item: SarAccessItem): AppTriageProfile {
  // A direct grant is the one worth a look; a group grant follows the group.
  return {
    severity: item.assignmentType === "INDIVIDUAL" ? "MEDIUM" : "LOW",
    anomalies: [
      {
        type: "ASSIGNMENT_METHOD",
        severity: "LOW",
        message: item.assignmentType === "INDIVIDUAL" ? "The user was assigned the app directly" : "The user was assigned the app through a group",
      },
    ],
    subAccesses: [],
  };
}

/** The remediation of a target from its last action, as of `now`. */
export function targetState(last: TargetAction | undefined, manualOnly: boolean, now: number, delayMs: number): TargetState {
  const held: ItemAction[] = manualOnly ? ["FLAG_FOR_MANUAL_REMEDIATION"] : ["REVOKE_ACCESS", "FLAG_FOR_MANUAL_REMEDIATION"];
  const removed: ItemAction[] = manualOnly ? ["FLAG_FOR_MANUAL_RESTORATION"] : ["RESTORE_ACCESS", "FLAG_FOR_MANUAL_RESTORATION"];
  if (last === undefined) return { remediationStatus: "NONE", supportedActions: held };
  const done = now >= Date.parse(last.at) + delayMs;
  switch (last.action) {
    case "REVOKE_ACCESS":
      return done ? { remediationStatus: "REMEDIATED", supportedActions: removed } : { remediationStatus: "IN_PROGRESS", supportedActions: [] };
    case "RESTORE_ACCESS":
      return done ? { remediationStatus: "NONE", supportedActions: held } : { remediationStatus: "IN_PROGRESS", supportedActions: [] };
    case "FLAG_FOR_MANUAL_REMEDIATION":
      return { remediationStatus: "PENDING_MANUAL_REMEDIATION", supportedActions: ["FLAG_FOR_MANUAL_RESTORATION"] };
    case "FLAG_FOR_MANUAL_RESTORATION":
      return { remediationStatus: "PENDING_MANUAL_RESTORATION", supportedActions: held };
  }
}

/** Creates the org's triage facts and remediation log. */
export function createSarTriage(ctx: OrgContext, remediationDelayMs: number): SarTriage {
  const profiles = new Map<string, AppTriageProfile>();
  const principals = new Map<string, PrincipalDetails>();
  const taken: TargetAction[] = [];
  const events: TriageEvent[] = [];
  const lastActionOf = (targetId: string) => taken.findLast((a) => a.targetId === targetId);

  return {
    remediationDelayMs,
    governanceAi: { enabled: false },
    setAppTriageProfile(appId, profile) {
      profiles.set(appId, structuredClone(profile));
    },
    setPrincipalDetails(userId, details) {
      principals.set(userId, structuredClone(details));
    },
    principalDetails: (userId) => structuredClone(principals.get(userId) ?? {}),
    triageItems(sar) {
      const now = ctx.clock().getTime();
      const state = (targetId: string, manualOnly: boolean): TargetState => {
        // A review that is not ACTIVE is read-only: nothing can be done to its items.
        const current = targetState(lastActionOf(targetId), manualOnly, now, remediationDelayMs);
        return sar.status === "ACTIVE" ? current : { ...current, supportedActions: [] };
      };
      return sar.accessItems.map((item): TriageItem => {
        const profile = profiles.get(item.appId) ?? defaultProfile(item);
        const subAccesses = (profile.subAccesses ?? []).map((sub, index) => {
          const id = derivedId("sai", `${item.id}/${index}`);
          return { ...sub, id, ...state(id, sub.manualOnly ?? false) };
        });
        const lastAccess = profile.lastAccessDaysAgo;
        return {
          ...item,
          ...state(item.id, profile.manualOnly ?? false),
          severity: profile.severity,
          assignmentTypeLabel: profile.assignmentType ?? item.assignmentType,
          labels: (profile.labels ?? []).map((label) => ({ labelId: derivedId("lbl", label.name), ...label })),
          ...(lastAccess !== undefined && { lastAccessDate: new Date(Date.parse(sar.created) - lastAccess * DAY_MS).toISOString() }),
          applicationUsage: profile.applicationUsage ?? 0,
          anomalies: profile.anomalies ?? [],
          subAccesses,
        };
      });
    },
    recordAction(action) {
      taken.push({ ...action });
    },
    actions: (sarId) => taken.filter((a) => a.sarId === sarId).map((a) => ({ ...a })),
    recordEvent(event) {
      events.push({ ...event });
    },
    events: (sarId) => events.filter((e) => e.sarId === sarId).map((e) => ({ ...e })),
  };
}
