// The screen `npm start` prints once it listens: what runs (the sandbox org
// and its demo users, the database, each platform, the URLs) and how to
// connect what is off. Built from a real sandbox org and real configurations.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startupBanner } from "../../src/app-banner.js";
import { loadConfig } from "../../src/config.js";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/index.js";

const url = "http://127.0.0.1:3000";

describe("start-up banner", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: "demo", clientKeyAlg: "ES256" });
  });
  afterAll(async () => sandbox?.close());

  it("with no settings: the sandbox org and its active demo users with their groups and roles, PGlite, and how to connect Slack, Teams and a real org", () => {
    const config = loadConfig({}, { cwd: "/srv/bot" });
    const text = startupBanner({ url, config, sandbox }).join("\n");
    expect(text).toContain(`oig-chatops listens on all interfaces (0.0.0.0), port 3000; from this machine: ${url}`);
    expect(text).toContain(`the built-in sandbox org at ${sandbox.url}`);
    expect(text).toContain("alice.responder@example.com (Incident Responders)");
    expect(text).toContain("bob.lead@example.com (Security Leads)");
    expect(text).toMatch(/carol\.admin@example\.com \([^)]*SUPER_ADMIN/);
    expect(text).toMatch(/grace\.governance@example\.com \([^)]*Governance Responder/);
    expect(text).toContain("dan.target@example.com");
    // Deprovisioned and suspended users cannot use the bot, so they are not offered.
    expect(text).not.toContain("gina.gone@example.com");
    expect(text).not.toContain("sam.suspended@example.com");
    expect(text).toContain("embedded PGlite in /srv/bot/data");
    expect(text).toContain("Slack: off. To connect a workspace, create the app from manifest/slack/manifest.yaml");
    expect(text).toContain(`point the Bot Framework Emulator at ${url}/api/messages`);
    expect(text).toContain("npm run teams:package");
    expect(text).toContain("npm run okta:keygen, then set OKTA_ORG_URL");
    expect(text).toContain(`${url}/healthz, ${url}/readyz, ${url}/metrics`);
    expect(text).toContain("npm run demo");
    expect(text).not.toContain(JSON.stringify(sandbox.privateJwk).slice(0, 40));
  });

  it("with a real org, Slack over HTTP and PostgreSQL: names them, and no secret", () => {
    const env = {
      OKTA_ORG_URL: "https://acme.okta.com",
      OKTA_API_TOKEN: "00SSWS-secret-token-value",
      SLACK_SIGNING_SECRET: "signing-secret-value-1234",
      SLACK_BOT_TOKEN: "xoxb-secret-bot-token",
      DATABASE_URL: "postgres://oig:db-password@db.internal:5432/oig",
    };
    const text = startupBanner({ url, config: loadConfig(env, { cwd: "/srv/bot" }) }).join("\n");
    expect(text).toContain("Okta: https://acme.okta.com.");
    expect(text).toContain(`Slack sends to ${url}/slack/events`);
    expect(text).toContain("PostgreSQL at db.internal:5432/oig");
    for (const secret of ["00SSWS-secret-token-value", "signing-secret-value-1234", "xoxb-secret-bot-token", "db-password"]) expect(text).not.toContain(secret);
  });
});
