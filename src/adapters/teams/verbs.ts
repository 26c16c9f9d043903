/**
 * The verbs of the bot's `Action.Execute` buttons and the ids of its
 * message extension commands (the manifest names the same ids). Anything
 * else arriving in an invoke is answered as unknown.
 */

export const LAUNCH_VERBS = {
  /** The inline launch form (from `@bot sar ...`) was submitted. */
  submit: "launch.submit",
  approve: "launch.approve",
  deny: "launch.deny",
  cancel: "launch.cancel",
  /** Universal-actions refresh: the viewer's own version of the card. */
  refresh: "launch.refresh",
} as const;

export const STATUS_VERBS = {
  refresh: "status.refresh",
  watch: "status.watch",
  message: "request.message",
  more: "requests.more",
  auditMore: "audit.more",
} as const;

export const EXTENSION_COMMANDS = {
  /** Action command: the launch form in a task module (compose box and message `...` menu). */
  launch: "startSecurityAccessReview",
  /** Search command: a SAR or request by id, or a user's requests. */
  search: "findRequest",
} as const;

/** The search command's parameter name. */
export const SEARCH_PARAMETER = "query";

/** Marks the task module's submit button, so a stray submission is recognised. */
export const TASK_SUBMIT_ACTION = "launch.form";

/**
 * The triage card's buttons (PRODUCT.md 4.4). Most are `Action.Execute`;
 * those that ask first (Revoke, Close review, Restore all, Extend,
 * Reviewers, Comment) open a dialog: an `Action.Submit` with
 * `msteams.type = "task/fetch"` carrying the same `verb`, whose form is
 * submitted with `task/submit`.
 */
export const TRIAGE_VERBS = {
  /** Universal-actions refresh and "Show my actions": the viewer's own card. */
  refresh: "triage.refresh",
  /** Another page of items (the clicker's own view of it). */
  page: "triage.page",
  /** Restore or flag an item at once (`data.action`). */
  item: "triage.item",
  details: "triage.details",
  summarize: "triage.summarize",
  /** Dialogs. */
  revoke: "triage.revoke",
  close: "triage.close",
  restoreAll: "triage.restoreAll",
  extend: "triage.extend",
  reviewers: "triage.reviewers",
  comment: "triage.comment",
} as const;

/** Marks a triage dialog's submit button (`data.form`), so a stray submission is recognised. */
export const TRIAGE_FORM = "triage.form";
