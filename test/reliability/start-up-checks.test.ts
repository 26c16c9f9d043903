// Start-up checks: a wrong Okta key, a missing scope, an unreachable
// database must each give one clear error at start (startApp rejects naming
// the problem, or /readyz reports a failing check), not a stack trace and not
// a bot that starts and then fails on the first launch.
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOT_SCOPES, type RunningSandbox } from "../../src/sandbox/index.js";
import type { FakeSlackApi } from "../../src/fakes/slack-web-api.js";
import { oktaEnv, slackEnv, startBot, startFakeSlackApi, startOktaSandbox } from "./support/app-bench.js";

interface Readiness {
  status?: string;
  checks: Record<string, { status: string; detail?: string }>;
}

/** Either startApp rejects (returning its message) or the app answers /readyz (returning its okta check). */
async function startOutcome(env: Record<string, string>): Promise<{ rejected: string } | { ready: number; okta: { status: string; detail?: string } | undefined }> {
  let bot;
  try {
    bot = await startBot(env, "fatal");
  } catch (error) {
    return { rejected: error instanceof Error ? error.message : String(error) };
  }
  try {
    const res = await fetch(`${bot.app.url}/readyz`);
    const body = (await res.json()) as Readiness;
    return { ready: res.status, okta: body.checks.okta };
  } finally {
    await bot.close();
  }
}

/** One clear error: either a rejection naming `pattern` in one short message, or /readyz failing with an okta line naming it. */
function expectClearError(outcome: Awaited<ReturnType<typeof startOutcome>>, pattern: RegExp): void {
  if ("rejected" in outcome) {
    expect(outcome.rejected).toMatch(pattern);
    expect(outcome.rejected).not.toMatch(/\n\s+at /);
    return;
  }
  expect(outcome.ready).toBe(503);
  expect(outcome.okta?.status).not.toBe("ok");
  console.log(`okta readiness: ${outcome.okta?.detail ?? ""}`);
  expect(outcome.okta?.detail ?? "").toMatch(pattern);
}

describe("start-up checks", () => {
  let sandbox: RunningSandbox;
  let slack: FakeSlackApi;

  beforeAll(async () => {
    sandbox = await startOktaSandbox();
    slack = await startFakeSlackApi();
  });
  afterAll(async () => {
    await slack?.close();
    await sandbox?.close();
  });

  it("starts and reports ready with the right key and scopes (control case)", async () => {
    const outcome = await startOutcome({ ...oktaEnv(sandbox), ...slackEnv(slack) });
    expect(outcome).toMatchObject({ ready: 200, okta: { status: "ok" } });
  });

  const unreachableDatabase = "postgres://postgres@127.0.0.1:1/nowhere";

  it("refuses an unreachable database at start with one short line, not a stack trace", async () => {
    const outcome = await startOutcome({ ...oktaEnv(sandbox), ...slackEnv(slack), DATABASE_URL: unreachableDatabase });
    expect(outcome).toHaveProperty("rejected");
    const message = (outcome as { rejected: string }).rejected;
    console.log(`unreachable database: startApp rejected with ${JSON.stringify(message)}`);
    expect(message).toMatch(/127\.0\.0\.1:1|ECONNREFUSED/);
    expect(message).not.toMatch(/\n\s+at /);
    expect(message.split("\n").length).toBeLessThanOrEqual(3);
  });

  // Regression: an unreachable PostgreSQL used to surface as pg's bare "connect ECONNREFUSED 127.0.0.1:1".
  it("names the database (DATABASE_URL / PostgreSQL) when it cannot be reached", async () => {
    const outcome = await startOutcome({ ...oktaEnv(sandbox), ...slackEnv(slack), DATABASE_URL: unreachableDatabase });
    expect((outcome as { rejected?: string }).rejected ?? "").toMatch(/DATABASE_URL|PostgreSQL|database/i);
  });

  // /readyz's okta check asks Okta for a token (and makes one users call), so a refused key shows there.
  it("reports a private key Okta does not accept at start", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const wrong = JSON.stringify({ ...privateKey.export({ format: "jwk" }), kid: sandbox.keyId, alg: "RS256" });
    const outcome = await startOutcome({ ...oktaEnv(sandbox), OKTA_PRIVATE_KEY: wrong, ...slackEnv(slack) });
    expectClearError(outcome, /OKTA_PRIVATE_KEY|credentials|invalid_client|key/i);
  });

  // The token request asks for every configured scope, so a missing grant fails it (invalid_scope) and shows there.
  it("reports a missing Okta scope at start, naming it", async () => {
    const missing = "okta.governance.securityAccessReviews.admin.manage";
    const client = await sandbox.registerClient({ scopes: BOT_SCOPES.filter((s) => s !== missing), keyAlg: "ES256" });
    const outcome = await startOutcome({
      ...oktaEnv(sandbox),
      OKTA_CLIENT_ID: client.clientId,
      OKTA_PRIVATE_KEY: JSON.stringify(client.privateJwk),
      OKTA_KEY_ID: client.keyId,
      ...slackEnv(slack),
    });
    expectClearError(outcome, /securityAccessReviews\.admin\.manage/);
  });
});
