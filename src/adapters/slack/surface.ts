/**
 * What the Slack app registers and calls: the slash command, the message
 * shortcut, callback and action ids, and the Web API methods with the bot
 * scopes they need. `manifest/slack/manifest.yaml` must agree with these
 * (a test compares them).
 */

export const SLASH_COMMAND = "/sar";

/** Slack allows shortcut names of at most 24 characters, so the name is shorter than the feature's title. */
export const MESSAGE_SHORTCUT = {
  callbackId: "sar_launch_from_message",
  name: "Security access review",
  description: "Start a security access review on the user this message mentions",
} as const;

/** `callback_id` of the modals this app opens. */
export const VIEW_IDS = {
  launch: "sar_launch_form",
  deny: "sar_deny_form",
  requestMessage: "sar_request_message_form",
  /** Read-only views (loading, done, errors) whose submission needs no handling. */
  info: "sar_info",
  /** Triage card confirmations and forms (PRODUCT.md 4.4). */
  triageRevoke: "sar_triage_revoke_form",
  triageReviewAction: "sar_triage_review_action_form",
  triageExtend: "sar_triage_extend_form",
  triageReviewers: "sar_triage_reviewers_form",
  triageComment: "sar_triage_comment_form",
} as const;

/** `action_id` of the buttons on the bot's messages. */
export const ACTION_IDS = {
  approve: "sar_approve",
  deny: "sar_deny",
  refresh: "sar_refresh",
  watch: "sar_watch",
  addMessage: "sar_add_message",
  requestsNextPage: "sar_requests_next",
  auditNextPage: "sar_audit_next",
  /** Link buttons (open the review in Okta): Slack still sends an action, which is only acked. */
  openLink: "sar_open_link",
  /** Triage card (PRODUCT.md 4.4): item actions, Details, pages and review controls. */
  triageRevoke: "sar_triage_revoke",
  triageRestore: "sar_triage_restore",
  triageFlagRemediation: "sar_triage_flag",
  triageFlagRestoration: "sar_triage_flag_restoration",
  triageDetails: "sar_triage_details",
  triagePrevious: "sar_triage_previous",
  triageNext: "sar_triage_next",
  triageClose: "sar_triage_close",
  triageRestoreAll: "sar_triage_restore_all",
  triageExtend: "sar_triage_extend",
  triageReviewers: "sar_triage_reviewers",
  triageComment: "sar_triage_comment",
  triageSummarize: "sar_triage_summarize",
} as const;

/** Web API methods the adapter calls, with the bot scope each needs (null: none beyond the token). */
export const WEB_API_METHODS = {
  "auth.test": null,
  "users.info": "users:read",
  "views.open": null,
  "views.update": null,
  "chat.postMessage": "chat:write",
  "chat.update": "chat:write",
  "chat.delete": "chat:write",
  "chat.postEphemeral": "chat:write",
  "chat.getPermalink": null,
} as const satisfies Record<string, string | null>;

export type WebApiMethod = keyof typeof WEB_API_METHODS;

/**
 * `/sar audit export`: the admin's direct message with the bot
 * (`conversations.open`, which needs only `im:write` for a DM) and the
 * .jsonl file uploaded into it (Slack's external upload, 2023: newer than
 * the Web API spec the methods above are checked against).
 */
export const AUDIT_EXPORT_API_METHODS = {
  "conversations.open": "im:write",
  "files.getUploadURLExternal": "files:write",
  "files.completeUploadExternal": "files:write",
} as const satisfies Record<string, string>;

/**
 * The bot scopes the manifest requests: `commands` for `/sar` and the
 * shortcut, the scopes of the methods above, `users:read.email` for
 * `profile.email` (how chat users are mapped to Okta users), and
 * `chat:write.public` so the approval card can be posted in any public
 * incident channel without inviting the bot first, and the audit export's.
 */
export const BOT_SCOPES: readonly string[] = [
  ...new Set([
    "commands",
    ...Object.values(WEB_API_METHODS).filter((scope): scope is NonNullable<typeof scope> => scope !== null),
    "users:read.email",
    "chat:write.public",
    ...Object.values(AUDIT_EXPORT_API_METHODS),
  ]),
].sort();
