/**
 * The screen `npm start` prints once the bot listens: what is running (the
 * Okta org, with the sandbox's demo users; the database; each chat
 * platform; the URLs) and how to connect what is off (a Slack workspace
 * from the manifest, Teams through the Emulator or the app package, a real
 * Okta org). One line per item, so JSON logs keep one entry per line.
 * Never a secret.
 */
import type { Config } from "./config.js";
import { describeListenAddress } from "./config/host.js";

/** The sandbox org as far as the banner needs it. */
export interface BannerSandbox {
  url: string;
  org: {
    listUsers(): { id: string; status: string; profile: { login: string } }[];
    groupsOfUser(userId: string): { profile: { name: string } }[];
    rolesOfUser(userId: string): { assignment: { type: string; label: string } }[];
  };
}

export interface BannerInput {
  /** Where the bot listens, e.g. `http://127.0.0.1:3000`. */
  url: string;
  config: Config;
  /** The address listened on (default `config.host`). */
  host?: string;
  sandbox?: BannerSandbox;
}

/** Groups and admin roles of each active demo user, e.g. `alice.responder@example.com (Incident Responders)`. */
function demoUsers(sandbox: BannerSandbox): string {
  const { org } = sandbox;
  return org
    .listUsers()
    .filter((user) => user.status === "ACTIVE")
    .map((user) => {
      const groups = org.groupsOfUser(user.id).map((group) => group.profile.name).filter((name) => name !== "Everyone");
      const roles = org.rolesOfUser(user.id).map((held) => (held.assignment.type === "CUSTOM" ? held.assignment.label : held.assignment.type));
      const what = [...groups, ...roles];
      return what.length === 0 ? user.profile.login : `${user.profile.login} (${what.join(", ")})`;
    })
    .join("; ");
}

function oktaLines(input: BannerInput): string[] {
  const { config, sandbox } = input;
  if (config.okta.kind === "sandbox" && sandbox !== undefined) {
    return [
      `Okta: the built-in sandbox org at ${sandbox.url} (demo data; nothing reaches a real Okta org).`,
      `  Demo users (Okta logins, with their groups and admin roles): ${demoUsers(sandbox)}.`,
      "  A real Okta org: npm run okta:keygen, then set OKTA_ORG_URL, OKTA_CLIENT_ID, OKTA_PRIVATE_KEY_FILE and OKTA_KEY_ID, and check with npm run doctor (docs/okta-setup.md).",
    ];
  }
  const org = config.okta.kind === "sandbox" ? "the built-in sandbox org" : config.okta.orgUrl.origin;
  return [`Okta: ${org}. Check its scopes and permissions with npm run doctor (or /sar doctor in chat).`];
}

function databaseLine(config: Config): string {
  if (config.database.kind === "pglite") {
    return `Database: embedded PGlite in ${config.database.dataDir} (one process only; back it up with the bot stopped, docs/upgrades-and-backups.md).`;
  }
  try {
    const url = new URL(config.database.url);
    return `Database: PostgreSQL at ${url.host}${url.pathname} (replicas may share it, docs/replicas.md).`;
  } catch {
    return "Database: PostgreSQL (DATABASE_URL).";
  }
}

function slackLine(config: Config, url: string): string {
  switch (config.slack.mode) {
    case "off":
      return "Slack: off. To connect a workspace, create the app from manifest/slack/manifest.yaml and set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (or SLACK_APP_TOKEN for Socket Mode); docs/slack-setup.md.";
    case "http":
      return `Slack: on; Slack sends to ${url}/slack/events (the manifest's request URLs must point at its public address).`;
    case "socket":
      return "Slack: on, over Socket Mode (no public URL needed).";
  }
}

function teamsLine(config: Config, url: string): string {
  if (config.teams.mode === "local") {
    return `Teams: local mode (no authentication, this machine only): point the Bot Framework Emulator at ${url}/api/messages. For Teams itself, set MicrosoftAppId and its credentials and upload the package from npm run teams:package; docs/teams-setup.md.`;
  }
  return `Teams: on as bot ${config.teams.appId}; the Azure Bot's messaging endpoint is <public address>/api/messages.`;
}

/** The lines of the start-up screen. */
export function startupBanner(input: BannerInput): string[] {
  const { url, config } = input;
  // Not "ready": that is said once every /readyz check passes (runtime/readiness-announcer.ts).
  const where = describeListenAddress(input.host ?? config.host, Number(new URL(url).port));
  return [
    `oig-chatops listens on ${where}; from this machine: ${url}`,
    ...oktaLines(input),
    databaseLine(config),
    slackLine(config, url),
    teamsLine(config, url),
    `Operations: ${url}/healthz, ${url}/readyz, ${url}/metrics. Problems: docs/troubleshooting.md.`,
    "See the whole flow without a chat workspace: npm run demo.",
  ];
}
