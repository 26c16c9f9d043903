/** One problem found in a policy file, tied to where it was found. */
export interface PolicyIssue {
  readonly source: string;
  /** 1-based; 0 when the problem concerns the file as a whole (e.g. unreadable). */
  readonly line: number;
  /** 1-based; 0 together with `line` 0. */
  readonly column: number;
  readonly reason: string;
}

/** `policy.yaml:12:5: reason`, the form editors and terminals link to. */
export function formatIssue(issue: PolicyIssue): string {
  return issue.line > 0
    ? `${issue.source}:${issue.line}:${issue.column}: ${issue.reason}`
    : `${issue.source}: ${issue.reason}`;
}

/**
 * A policy file that cannot be used. Start-up stops on it; the message names
 * every problem found, `line`/`column`/`source` the first one.
 */
export class PolicyError extends Error {
  readonly source: string;
  readonly line: number;
  readonly column: number;
  readonly issues: readonly PolicyIssue[];

  constructor(issues: readonly [PolicyIssue, ...PolicyIssue[]], options?: { cause?: unknown }) {
    const lines = issues.map(formatIssue);
    const summary =
      issues.length === 1 ? lines[0]! : `${issues.length} problems in the policy file:\n${lines.join("\n")}`;
    super(summary, options);
    this.name = "PolicyError";
    const first = issues[0];
    this.source = first.source;
    this.line = first.line;
    this.column = first.column;
    this.issues = issues;
  }
}
