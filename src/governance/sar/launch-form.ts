/**
 * The launch form: its defaults from the policy, and the checks of what a
 * person typed that need no Okta call (Okta's own rules included, so a
 * certain 400 is never sent). Errors are keyed by form field so adapters
 * can show them inline.
 */
import type { TargetInput } from "../identity/types.js";
import { classifyName, shown } from "../identity/names.js";
import type { Policy } from "../policy/index.js";
import type { LaunchFormValues } from "../replies.js";

export const LAUNCH_FORM_LIMITS = {
  reviewers: { min: 1, max: 10 },
  /** Okta allows up to six calendar months; 180 days fits inside any six months (the shortest span is 181 days). */
  durationDays: { min: 1, max: 180 },
  reason: { min: 1, max: 1000 },
  incidentRef: { max: 100 },
} as const;

const DAY_MS = 86_400_000;

/** Form fields an error can be attached to. */
export type LaunchFormField = "target" | "reviewers" | "durationDays" | "reason" | "incidentRef";
export type LaunchFormErrors = Partial<Record<LaunchFormField, string>>;

export interface LaunchFormPrefill {
  target?: string;
  reason?: string;
  incidentRef?: string;
}

/** The form as first shown: the prefill plus the policy's reviewers and duration. */
export function initialFormValues(policy: Policy, prefill: LaunchFormPrefill = {}): LaunchFormValues {
  const values: LaunchFormValues = {
    reviewers: [...policy.sar.defaultReviewers],
    durationDays: policy.sar.defaultDurationDays,
  };
  const target = asText(prefill.target)?.trim();
  const reason = asText(prefill.reason)?.trim();
  const incidentRef = asText(prefill.incidentRef)?.trim();
  if (target) values.target = target;
  if (reason) values.reason = reason;
  if (incidentRef) values.incidentRef = incidentRef;
  return values;
}

/** What survives the checks, ready to resolve against Okta. */
export interface CheckedLaunchForm {
  target: TargetInput | null;
  /** As typed (logins, emails or ids), split and trimmed, in order. */
  reviewerNames: string[];
  durationDays: number;
  reason: string;
  incidentRef: string | null;
}

export interface CheckFormOptions {
  /** The target the adapter parsed at the edge (platform mention syntax included), which wins over the text field. */
  target?: TargetInput;
}

function asText(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Length in characters (code points), as people and JSON Schema count. */
function length(text: string): number {
  return [...text].length;
}

const hasControl = (text: string): boolean => [...text].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);

function checkTarget(values: LaunchFormValues, options: CheckFormOptions, errors: LaunchFormErrors): TargetInput | null {
  if (options.target !== undefined) return options.target;
  const typed = asText(values.target)?.trim() ?? "";
  if (typed === "") {
    errors.target = "Name the user to review: an @mention, an email address, an Okta login or an Okta user id (00u...).";
    return null;
  }
  // Platform syntax (mentions) is the adapter's to read; typed text here is an Okta name or nothing.
  const parsed = classifyName(typed);
  if (parsed === null) {
    errors.target = "That does not name a user. Use an @mention, an email address, an Okta login or an Okta user id (00u...).";
  }
  return parsed;
}

function checkReviewers(values: LaunchFormValues, errors: LaunchFormErrors): string[] {
  const raw: unknown = values.reviewers;
  const entries = Array.isArray(raw) ? raw.filter((r): r is string => typeof r === "string") : [];
  // A text box may hold "erin@x.com, frank@x.com": split on commas and spaces too.
  const names = entries.flatMap((entry) => entry.split(/[\s,;]+/)).filter((name) => name !== "");
  const { min, max } = LAUNCH_FORM_LIMITS.reviewers;
  if (names.length < min) {
    errors.reviewers = "Name at least one reviewer (an Okta login, email address or user id).";
  } else if (names.length > max) {
    errors.reviewers = `Okta allows at most ${max} reviewers; ${names.length} are named.`;
  } else {
    const seen = new Set<string>();
    for (const name of names) {
      const key = name.toLowerCase();
      if (seen.has(key)) {
        errors.reviewers = `${shown(name)} is named twice; name each reviewer once.`;
        break;
      }
      seen.add(key);
    }
  }
  return names;
}

function checkDuration(values: LaunchFormValues, errors: LaunchFormErrors): number {
  const days: unknown = values.durationDays;
  const { min, max } = LAUNCH_FORM_LIMITS.durationDays;
  if (typeof days !== "number" || !Number.isInteger(days) || days < min || days > max) {
    errors.durationDays = `Choose a duration of ${min} to ${max} days (Okta allows at most six months).`;
    return 0;
  }
  return days;
}

function checkReason(values: LaunchFormValues, errors: LaunchFormErrors): string {
  const reason = asText(values.reason)?.trim() ?? "";
  const { max } = LAUNCH_FORM_LIMITS.reason;
  if (reason === "") errors.reason = "Give a reason: what happened, so reviewers and approvers know why.";
  else if (length(reason) > max) errors.reason = `The reason has ${length(reason)} characters; keep it to ${max}.`;
  return reason;
}

function checkIncidentRef(values: LaunchFormValues, errors: LaunchFormErrors): string | null {
  const ref = asText(values.incidentRef)?.trim() ?? "";
  if (ref === "") return null;
  const { max } = LAUNCH_FORM_LIMITS.incidentRef;
  if (length(ref) > max || hasControl(ref)) {
    errors.incidentRef = `The incident reference must be one line of at most ${max} characters.`;
  }
  return ref;
}

/** Checks the form without calling Okta; `errors` is empty when it may go on. */
export function checkLaunchForm(values: LaunchFormValues, options: CheckFormOptions = {}): { form: CheckedLaunchForm; errors: LaunchFormErrors } {
  const errors: LaunchFormErrors = {};
  const form: CheckedLaunchForm = {
    target: checkTarget(values, options, errors),
    reviewerNames: checkReviewers(values, errors),
    durationDays: checkDuration(values, errors),
    reason: checkReason(values, errors),
    incidentRef: checkIncidentRef(values, errors),
  };
  return { form, errors };
}

/** The review's end time for a duration chosen in whole days. */
export function endTimeAfter(start: Date, durationDays: number): Date {
  return new Date(start.getTime() + durationDays * DAY_MS);
}
