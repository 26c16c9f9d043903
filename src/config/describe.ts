/** One start-up line per subsystem saying what is on or off; never a secret. */
import type { Config, DatabaseConfig, OktaConfig, SlackConfig, TeamsConfig } from "./types.js";
import { describeListenAddress } from "./host.js";

/** Human-readable lines describing `config`, free of secret values. */
export function describeConfig(config: Config): string[] {
  return [
    `http: ${describeListenAddress(config.host, config.port)} (Slack POST /slack/events, Teams POST /api/messages, GET /healthz, /readyz, /metrics)`,
    describeOkta(config.okta),
    describeSlack(config.slack),
    describeTeams(config.teams),
    describeDatabase(config.database),
    `policy: ${config.policyFile}`,
    `identity: chat email matched against Okta ${config.identity.matchAttribute}; mappings cached for ${seconds(config.identity.cacheTtlMs)}`,
    `log level: ${config.logLevel}`,
  ];
}

/** The org, and its admin host when one was configured. */
const org = (okta: { orgUrl: URL; adminUrl?: URL }) => `${okta.orgUrl.origin}${okta.adminUrl === undefined ? "" : ` (admin host ${okta.adminUrl.origin})`}`;

function describeOkta(okta: OktaConfig): string {
  switch (okta.kind) {
    case "sandbox":
      return "okta: built-in sandbox org (OKTA_ORG_URL is not set; nothing reaches a real Okta org)";
    case "privateKeyJwt":
      return (
        `okta: ${org(okta)} with OAuth 2.0 private_key_jwt (client ${okta.clientId}` +
        `${okta.keyId === undefined ? "" : `, key id ${okta.keyId}`}, DPoP ${okta.dpop ? "on" : "off"}); scopes: ${okta.scopes.join(" ")}`
      );
    case "ssws":
      return `okta: ${org(okta)} with an SSWS API token (legacy; OAuth 2.0 private_key_jwt is recommended)`;
  }
}

function describeSlack(slack: SlackConfig): string {
  switch (slack.mode) {
    case "off":
      return "slack: off (set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN, or SLACK_APP_TOKEN and SLACK_BOT_TOKEN for Socket Mode)";
    case "http":
      return `slack: on, events over HTTP at POST /slack/events; Web API ${slack.apiUrl}`;
    case "socket":
      return `slack: on, Socket Mode (no public URL needed); Web API ${slack.apiUrl}`;
  }
}

function describeTeams(teams: TeamsConfig): string {
  if (teams.mode === "local") return "teams: local mode without authentication, loopback only (set MicrosoftAppId and its credentials to authenticate)";
  const tenant = "tenantId" in teams ? `, tenant ${teams.tenantId}` : "";
  return `teams: on, authenticated as ${teams.appType} bot ${teams.appId}${tenant}`;
}

function describeDatabase(database: DatabaseConfig): string {
  if (database.kind === "pglite") return `database: embedded PGlite in ${database.dataDir}`;
  // The URL may hold a password: show where, never who with what.
  try {
    const url = new URL(database.url);
    return `database: PostgreSQL at ${url.host}${url.pathname}`;
  } catch {
    return "database: PostgreSQL";
  }
}

function seconds(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
