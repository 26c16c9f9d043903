import { describe, expect, it } from "vitest";
import { defaultSlackApiUrl, loadConfig } from "../../src/config.js";
import { problemsOf } from "./problems.js";

const http = { SLACK_SIGNING_SECRET: "signing-secret-1", SLACK_BOT_TOKEN: "xoxb-bot-1" };

describe("Slack configuration", () => {
  it("is off when no Slack variable is set", () => {
    expect(loadConfig({}).slack).toEqual({ mode: "off" });
  });

  it("blank values (as in a copied .env.example) count as unset", () => {
    expect(loadConfig({ SLACK_SIGNING_SECRET: "", SLACK_BOT_TOKEN: "  ", SLACK_APP_TOKEN: "" }).slack).toEqual({ mode: "off" });
  });

  it("a signing secret and a bot token give HTTP mode with the default Web API URL", () => {
    expect(loadConfig(http).slack).toEqual({ mode: "http", signingSecret: "signing-secret-1", botToken: "xoxb-bot-1", apiUrl: defaultSlackApiUrl });
  });

  it("an app token and a bot token give Socket Mode", () => {
    expect(loadConfig({ SLACK_APP_TOKEN: "xapp-1", SLACK_BOT_TOKEN: "xoxb-bot-1" }).slack).toEqual({ mode: "socket", appToken: "xapp-1", botToken: "xoxb-bot-1", apiUrl: defaultSlackApiUrl });
  });

  it("Socket Mode keeps a signing secret when one is set", () => {
    const slack = loadConfig({ ...http, SLACK_APP_TOKEN: "xapp-1" }).slack;
    expect(slack.mode === "socket" && slack.signingSecret).toBe("signing-secret-1");
  });

  it("a signing secret alone is an error naming SLACK_BOT_TOKEN", () => {
    expect(problemsOf({ SLACK_SIGNING_SECRET: "s" })[0]).toMatch(/^SLACK_BOT_TOKEN is missing: Slack over HTTP needs/);
  });

  it("a bot token alone is an error naming SLACK_SIGNING_SECRET", () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: "xoxb-1" })[0]).toMatch(/^SLACK_SIGNING_SECRET is missing/);
  });

  it("an app token without a bot token is an error naming SLACK_BOT_TOKEN", () => {
    expect(problemsOf({ SLACK_APP_TOKEN: "xapp-1" })).toEqual(["SLACK_BOT_TOKEN is missing: Socket Mode (SLACK_APP_TOKEN is set) also needs the bot token"]);
  });

  it("swapped tokens are caught by their prefixes", () => {
    expect(problemsOf({ SLACK_APP_TOKEN: "xoxb-1", SLACK_BOT_TOKEN: "xapp-1" })).toEqual([
      "SLACK_BOT_TOKEN must be a bot token (it starts with xoxb-)",
      "SLACK_APP_TOKEN must be an app-level token (it starts with xapp-)",
    ]);
  });

  it("SLACK_API_URL gets a trailing slash", () => {
    const slack = loadConfig({ ...http, SLACK_API_URL: "http://127.0.0.1:4010/api" }).slack;
    expect(slack.mode === "http" && slack.apiUrl).toBe("http://127.0.0.1:4010/api/");
  });

  it("an SLACK_API_URL that is not a URL is refused", () => {
    expect(problemsOf({ ...http, SLACK_API_URL: "slack api" })[0]).toMatch(/^SLACK_API_URL is not a URL/);
  });
});

describe("Teams configuration", () => {
  it("without MicrosoftAppId Teams runs in local mode", () => {
    expect(loadConfig({}).teams).toEqual({ mode: "local" });
  });

  it("an app id and password give an authenticated MultiTenant bot by default", () => {
    expect(loadConfig({ MicrosoftAppId: "app-1", MicrosoftAppPassword: "pw-1" }).teams).toEqual({ mode: "authenticated", appType: "MultiTenant", appId: "app-1", appPassword: "pw-1" });
  });

  it("SingleTenant carries its tenant id, and the app type is matched without regard to case", () => {
    const teams = loadConfig({ MicrosoftAppId: "app-1", MicrosoftAppPassword: "pw-1", MicrosoftAppType: "singletenant", MicrosoftAppTenantId: "tenant-1" }).teams;
    expect(teams).toEqual({ mode: "authenticated", appType: "SingleTenant", appId: "app-1", appPassword: "pw-1", tenantId: "tenant-1" });
  });

  it("SingleTenant without MicrosoftAppTenantId is an error naming it", () => {
    expect(problemsOf({ MicrosoftAppId: "app-1", MicrosoftAppPassword: "pw-1", MicrosoftAppType: "SingleTenant" })).toEqual([
      "MicrosoftAppTenantId is missing: a SingleTenant bot needs it (MicrosoftAppId is set)",
    ]);
  });

  it("MultiTenant without MicrosoftAppPassword is an error naming it", () => {
    expect(problemsOf({ MicrosoftAppId: "app-1" })).toEqual(["MicrosoftAppPassword is missing: a MultiTenant bot needs it (MicrosoftAppId is set)"]);
  });

  it("SingleTenant without password and tenant names both", () => {
    expect(problemsOf({ MicrosoftAppId: "app-1", MicrosoftAppType: "SingleTenant" })[0]).toMatch(/^MicrosoftAppPassword and MicrosoftAppTenantId are missing/);
  });

  it("UserAssignedMSI needs a tenant id and no password", () => {
    expect(loadConfig({ MicrosoftAppId: "msi-1", MicrosoftAppType: "UserAssignedMSI", MicrosoftAppTenantId: "t" }).teams).toEqual({
      mode: "authenticated", appType: "UserAssignedMSI", appId: "msi-1", tenantId: "t",
    });
    expect(problemsOf({ MicrosoftAppId: "msi-1", MicrosoftAppType: "UserAssignedMSI", MicrosoftAppTenantId: "t", MicrosoftAppPassword: "pw" })[0]).toMatch(/^MicrosoftAppPassword must not be set/);
  });

  it("an unknown app type is refused, listing the known ones", () => {
    expect(problemsOf({ MicrosoftAppId: "app-1", MicrosoftAppPassword: "pw", MicrosoftAppType: "Global" })).toEqual([
      'MicrosoftAppType must be one of MultiTenant, SingleTenant, UserAssignedMSI (got "Global")',
    ]);
  });

  it("a password without an app id is refused rather than running unauthenticated", () => {
    expect(problemsOf({ MicrosoftAppPassword: "pw" })[0]).toMatch(/^MicrosoftAppId is missing: MicrosoftAppPassword is set/);
  });
});
