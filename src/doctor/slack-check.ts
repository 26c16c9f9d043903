/**
 * The Slack part of the doctor: `auth.test` with the bot token against
 * SLACK_API_URL names the workspace and the bot user, or Slack's error.
 * @see https://api.slack.com/methods/auth.test
 */
import type { SlackConfig } from "../config.js";
import type { DoctorCheck } from "./types.js";

const base = { id: "slack.auth", area: "slack", title: "auth.test" } as const;

const TOKEN_FIX = [
  "At https://api.slack.com/apps > your app > OAuth & Permissions, copy the Bot User OAuth Token (xoxb-...) into SLACK_BOT_TOKEN.",
  "If the app was uninstalled or the token revoked, reinstall the app to the workspace (same page, Install to Workspace) and copy the new token.",
];

/** What to do about each `auth.test` error (Slack's documented error codes). */
const FIXES: Readonly<Record<string, string[]>> = {
  invalid_auth: TOKEN_FIX,
  not_authed: TOKEN_FIX,
  token_revoked: TOKEN_FIX,
  token_expired: ["The bot token expired (token rotation is on for the app): turn rotation off at OAuth & Permissions, or reinstall the app and use the new xoxb- token."],
  account_inactive: ["The bot user or the workspace was deactivated: reinstall the app to an active workspace."],
};

interface AuthTestAnswer {
  ok?: unknown;
  error?: unknown;
  team?: unknown;
  team_id?: unknown;
  user?: unknown;
  user_id?: unknown;
}

/** Calls `auth.test` when Slack is configured; `off` otherwise. */
export async function checkSlack(slack: SlackConfig, fetchImpl: typeof fetch, timeoutMs = 10_000): Promise<DoctorCheck> {
  if (slack.mode === "off") {
    return { ...base, status: "off", detail: "Slack is off: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_APP_TOKEN are unset" };
  }
  const url = new URL("auth.test", slack.apiUrl);
  const via = slack.mode === "socket" ? "Socket Mode" : "HTTP events";
  let answer: AuthTestAnswer;
  try {
    const response = await fetchImpl(url, {
      method: "POST",
      headers: { authorization: `Bearer ${slack.botToken}`, "content-type": "application/x-www-form-urlencoded" },
      body: "",
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) {
      return { ...base, status: "failing", detail: `${url.href} answered HTTP ${response.status}`, fix: [apiUrlFix(slack.apiUrl)] };
    }
    answer = (await response.json()) as AuthTestAnswer;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ...base, status: "failing", detail: `the Slack API at ${slack.apiUrl} did not answer auth.test: ${why}`, fix: [apiUrlFix(slack.apiUrl)] };
  }
  if (answer.ok === true) {
    const team = `${text(answer.team)} (${text(answer.team_id)})`;
    return { ...base, status: "ok", detail: `workspace ${team}, bot user @${text(answer.user)} (${text(answer.user_id)}); Slack over ${via}` };
  }
  const error = typeof answer.error === "string" ? answer.error : "an answer without ok or error";
  return {
    ...base,
    status: "failing",
    detail: `Slack refused the bot token: ${error}`,
    fix: FIXES[error] ?? ["Check SLACK_BOT_TOKEN against the app's OAuth & Permissions page at https://api.slack.com/apps."],
  };
}

function apiUrlFix(apiUrl: string): string {
  return `Check that this machine reaches ${apiUrl} (proxy, firewall), or unset SLACK_API_URL to use https://slack.com/api/.`;
}

function text(value: unknown): string {
  return typeof value === "string" && value !== "" ? value : "?";
}
