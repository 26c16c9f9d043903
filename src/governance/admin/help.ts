/**
 * The command list `/sar help` shows (PRODUCT.md 4.1 to 4.3). Usages are
 * platform-neutral: adapters put their own prefix in front (`/` in Slack,
 * `@bot ` in Teams).
 */
import type { HelpEntry } from "../replies.js";
import { REQUEST_STATUSES } from "../requests/statuses.js";

export const HELP_ENTRIES: readonly HelpEntry[] = [
  {
    usage: "sar <@user | email | login | 00u…> <reason or incident reference>",
    description: "Launch a security access review on a user (opens the form; approval may be needed first).",
  },
  { usage: "sar status <sar… | req…>", description: "Show a security access review or an access request: status, people, timestamps, decisions." },
  {
    usage: "sar requests [STATUS] [@user]",
    description: `List recent access requests, newest first, optionally by status (${REQUEST_STATUSES.join(", ")}) and by the user they are for.`,
  },
  { usage: "sar message <req…> <text>", description: "Post a message (1 to 5000 characters) onto an access request." },
  { usage: "sar watch <sar… | req…>", description: "Post the review's or request's status changes into this thread." },
  { usage: "sar whoami", description: "Show your Okta identity, your roles and what you may do." },
  { usage: "sar link @user <okta-login | 00u…>", description: "Admins: link a chat user to an Okta user explicitly." },
  { usage: "sar audit [@user | sar… | req… | launch reference]", description: "Admins: read the audit trail, newest first." },
  {
    usage: "sar audit export [since]",
    description: "Admins: export the audit trail as JSON Lines (since a date such as 2026-11-01 or a span such as 24h or 7d): a file in Slack, a one-time download link in a personal Teams chat.",
  },
  { usage: "sar doctor", description: "Admins: check the bot's setup (Okta token, scopes and permissions, database, policy, Slack) and say how to fix each problem." },
  { usage: "sar help", description: "Show this list." },
];

/** Every command with its usage and what it does. */
export function helpEntries(): HelpEntry[] {
  return HELP_ENTRIES.map((entry) => ({ ...entry }));
}
