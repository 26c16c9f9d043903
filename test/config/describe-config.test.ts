import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, describeConfig, type Env, loadConfig } from "../../src/config.js";
import { oauthEnv, pem } from "./fixtures.js";

// Distinctive values that must never reach a message or a start-up line.
const secrets = {
  OKTA_API_TOKEN: "00SECRET-ssws-token-value",
  SLACK_SIGNING_SECRET: "SECRET-signing-8f2b",
  SLACK_BOT_TOKEN: "xoxb-SECRET-bot-token",
  SLACK_APP_TOKEN: "xapp-SECRET-app-token",
  MicrosoftAppPassword: "SECRET-teams-password",
  dbPassword: "SECRET-db-password",
};
const pemBody = pem.split("\n")[1]!;

function allSecretsIn(text: string): string[] {
  return [...Object.values(secrets), pemBody].filter((secret) => text.includes(secret));
}

function configErrorMessage(env: Env): string {
  try {
    loadConfig(env, { cwd: mkdtempSync(join(tmpdir(), "oig-secrets-")) });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("loadConfig accepted the environment");
}

describe("describeConfig", () => {
  it("says what is on and off, one line per subsystem", () => {
    const lines = describeConfig(loadConfig({}, { cwd: "/srv/bot" }));
    expect(lines).toEqual([
      "http: all interfaces (0.0.0.0), port 3000 (Slack POST /slack/events, Teams POST /api/messages, GET /healthz, /readyz, /metrics)",
      "okta: built-in sandbox org (OKTA_ORG_URL is not set; nothing reaches a real Okta org)",
      "slack: off (set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN, or SLACK_APP_TOKEN and SLACK_BOT_TOKEN for Socket Mode)",
      "teams: local mode without authentication, loopback only (set MicrosoftAppId and its credentials to authenticate)",
      "database: embedded PGlite in /srv/bot/data",
      "policy: /srv/bot/policy.yaml",
      "identity: chat email matched against Okta profile.email; mappings cached for 5m",
      "log level: info",
    ]);
  });

  it("describes a configured OAuth org, Slack, Teams and PostgreSQL", () => {
    const lines = describeConfig(
      loadConfig({
        ...oauthEnv,
        OKTA_DPOP: "true",
        OKTA_SCOPES: "okta.users.read",
        SLACK_SIGNING_SECRET: "s",
        SLACK_BOT_TOKEN: "xoxb-1",
        MicrosoftAppId: "app-1",
        MicrosoftAppPassword: "pw",
        DATABASE_URL: "postgres://bot:pw@db.internal:5432/oig",
      }),
    );
    expect(lines).toContain("okta: https://acme.okta.com with OAuth 2.0 private_key_jwt (client 0oa1client, DPoP on); scopes: okta.users.read");
    expect(lines).toContain("slack: on, events over HTTP at POST /slack/events; Web API https://slack.com/api/");
    expect(lines).toContain("teams: on, authenticated as MultiTenant bot app-1");
    expect(lines).toContain("database: PostgreSQL at db.internal:5432/oig");
  });
});

describe("secrets never appear in messages", () => {
  it("describeConfig output holds no secret value", () => {
    const socket = loadConfig({
      ...oauthEnv,
      SLACK_APP_TOKEN: secrets.SLACK_APP_TOKEN,
      SLACK_BOT_TOKEN: secrets.SLACK_BOT_TOKEN,
      SLACK_SIGNING_SECRET: secrets.SLACK_SIGNING_SECRET,
      MicrosoftAppId: "app-1",
      MicrosoftAppPassword: secrets.MicrosoftAppPassword,
      MicrosoftAppType: "SingleTenant",
      MicrosoftAppTenantId: "tenant-1",
      DATABASE_URL: `postgres://bot:${secrets.dbPassword}@db:5432/oig`,
    });
    const ssws = loadConfig({ OKTA_ORG_URL: "https://acme.okta.com", OKTA_API_TOKEN: secrets.OKTA_API_TOKEN });
    const text = [...describeConfig(socket), ...describeConfig(ssws)].join("\n");
    expect(text).toContain("tenant tenant-1"); // the lines did render the configured parts
    expect(allSecretsIn(text)).toEqual([]);
  });

  it.each<[string, Env]>([
    ["OAuth and SSWS both set", { ...oauthEnv, OKTA_API_TOKEN: secrets.OKTA_API_TOKEN }],
    ["an API token over plain http", { OKTA_ORG_URL: "http://acme.okta.com", OKTA_API_TOKEN: secrets.OKTA_API_TOKEN }],
    ["credentials without an org", { OKTA_API_TOKEN: secrets.OKTA_API_TOKEN, OKTA_PRIVATE_KEY: pem }],
    ["a key that is not a key", { ...oauthEnv, OKTA_PRIVATE_KEY: secrets.SLACK_SIGNING_SECRET }],
    ["a PEM key without a client id", { OKTA_ORG_URL: "https://acme.okta.com", OKTA_PRIVATE_KEY: pem }],
    ["half-configured Slack", { SLACK_SIGNING_SECRET: secrets.SLACK_SIGNING_SECRET }],
    ["swapped Slack tokens", { SLACK_APP_TOKEN: secrets.SLACK_BOT_TOKEN, SLACK_BOT_TOKEN: secrets.SLACK_APP_TOKEN }],
    ["Teams password without an app id", { MicrosoftAppPassword: secrets.MicrosoftAppPassword }],
    ["MSI with a password", { MicrosoftAppId: "a", MicrosoftAppType: "UserAssignedMSI", MicrosoftAppTenantId: "t", MicrosoftAppPassword: secrets.MicrosoftAppPassword }],
    ["a bad DATABASE_URL", { DATABASE_URL: `mysql://bot:${secrets.dbPassword}@db/oig` }],
    ["a malformed postgres URL", { DATABASE_URL: `postgres://bot:${secrets.dbPassword}@db:99999999/oig` }],
  ])("a ConfigError for %s holds no secret value", (_case, env) => {
    expect(allSecretsIn(configErrorMessage(env))).toEqual([]);
  });
});
