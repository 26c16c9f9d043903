/** The Slack section: off, HTTP events (signing secret) or Socket Mode (app-level token). */
import type { EnvReader } from "./env-reader.js";
import type { SlackConfig } from "./types.js";

export const defaultSlackApiUrl = "https://slack.com/api/";

/** Parses the SLACK_* variables; problems go to `env`. */
export function parseSlack(env: EnvReader): SlackConfig {
  const apiUrl = parseApiUrl(env);
  const signingSecret = env.get("SLACK_SIGNING_SECRET");
  const botToken = env.get("SLACK_BOT_TOKEN");
  const appToken = env.get("SLACK_APP_TOKEN");
  if (signingSecret === undefined && botToken === undefined && appToken === undefined) return { mode: "off" };

  // Slack's token prefixes catch a bot token and an app token swapped.
  if (botToken !== undefined && !botToken.startsWith("xoxb-")) env.problem("SLACK_BOT_TOKEN must be a bot token (it starts with xoxb-)");
  if (appToken !== undefined && !appToken.startsWith("xapp-")) env.problem("SLACK_APP_TOKEN must be an app-level token (it starts with xapp-)");

  if (appToken !== undefined) {
    if (botToken === undefined) {
      env.problem("SLACK_BOT_TOKEN is missing: Socket Mode (SLACK_APP_TOKEN is set) also needs the bot token");
      return { mode: "off" };
    }
    return { mode: "socket", appToken, botToken, ...(signingSecret === undefined ? {} : { signingSecret }), apiUrl };
  }
  const missing = [...(signingSecret === undefined ? ["SLACK_SIGNING_SECRET"] : []), ...(botToken === undefined ? ["SLACK_BOT_TOKEN"] : [])];
  if (signingSecret === undefined || botToken === undefined) {
    env.problem(`${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} missing: Slack over HTTP needs SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)`);
    return { mode: "off" };
  }
  return { mode: "http", signingSecret, botToken, apiUrl };
}

function parseApiUrl(env: EnvReader): string {
  const raw = env.get("SLACK_API_URL");
  if (raw === undefined) return defaultSlackApiUrl;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    env.problem(`SLACK_API_URL is not a URL (got "${raw}"); expected e.g. ${defaultSlackApiUrl}`);
    return defaultSlackApiUrl;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    env.problem(`SLACK_API_URL must be an http(s) URL (got ${url.protocol})`);
    return defaultSlackApiUrl;
  }
  if (url.username !== "" || url.password !== "") {
    env.problem("SLACK_API_URL must not carry credentials (user:password@)");
    return defaultSlackApiUrl;
  }
  // The Slack client appends method names (`chat.postMessage`) to this base.
  return url.href.endsWith("/") ? url.href : `${url.href}/`;
}
