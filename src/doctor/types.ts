/**
 * What the doctor reports: one row per check, each with a status, a
 * sentence, and for a problem the exact steps that fix it. Plain data, so
 * a CLI prints it as a table and a chat command can render it later.
 */

/**
 * `ok`: works. `missing`: something needed is not set up (a scope not
 * granted, no policy file). `failing`: configured but does not work.
 * `off`: not configured, which is fine (a chat platform not in use).
 * `skipped`: not checked because a check it depends on failed.
 */
export type CheckStatus = "ok" | "missing" | "failing" | "off" | "skipped";

export type CheckArea = "config" | "okta" | "database" | "policy" | "slack";

export interface DoctorCheck {
  /** Stable id for machines and tests, e.g. `okta.scope.okta.roles.read`. */
  id: string;
  area: CheckArea;
  /** Short name of what was checked, e.g. `scope okta.roles.read`. */
  title: string;
  status: CheckStatus;
  /** What was found, in one or two sentences; never a secret. */
  detail: string;
  /** For a problem: the steps that fix it, in order. */
  fix?: string[];
  /** Things worth knowing that are not problems (policy warnings). */
  notes?: string[];
}

export interface DoctorReport {
  checks: DoctorCheck[];
  /** True when no check is `missing` or `failing`. */
  ok: boolean;
  /** The CLI's exit code: 0 when everything configured is ok, else 1. */
  exitCode: 0 | 1;
}

/** Whether a status counts against the report. */
export function isProblem(status: CheckStatus): boolean {
  return status === "missing" || status === "failing";
}

/** The report for a list of checks. */
export function reportOf(checks: DoctorCheck[]): DoctorReport {
  const ok = !checks.some((check) => isProblem(check.status));
  return { checks, ok, exitCode: ok ? 0 : 1 };
}
