// With Slack settings, the composition root mounts the Slack adapter on the
// bot's port: signed commands reach the real core and its answers reach the
// Slack Web API at SLACK_API_URL.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../../src/app.js";
import { createLogger } from "../../src/log.js";
import { BOT_TOKEN, SLACK_USERS, startFakeSlackApi, type FakeSlackApi } from "../../src/fakes/slack-web-api.js";
import { postSigned, SIGNING_SECRET, slashCommandBody } from "../../src/fakes/slack-requests.js";
import { repoRoot } from "../support/shared-dir.js";

const quiet = new Writable({ write: (_chunk, _enc, done) => done() });

describe("startApp with Slack configured", () => {
  let dir: string;
  let slackApi: FakeSlackApi;
  let app: RunningApp;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "oig-slack-app-"));
    slackApi = await startFakeSlackApi();
    app = await startApp({
      env: {
        DATA_DIR: join(dir, "data"),
        POLICY_FILE: join(repoRoot, "policy.yaml"),
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_API_URL: slackApi.url,
      },
      cwd: dir,
      port: 0,
      host: "127.0.0.1",
      logger: createLogger({ level: "warn", destination: quiet }),
    });
  });

  afterAll(async () => {
    await app?.close();
    await slackApi?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("reports Slack ready after auth.test", async () => {
    const body = (await (await fetch(`${app.url}/readyz`)).json()) as { checks: Record<string, { status: string }> };
    expect(body.checks.slack?.status).toBe("ok");
    expect(slackApi.callsTo("auth.test").length).toBeGreaterThan(0);
  });

  it("answers a signed /sar whoami with the caller's Okta identity", async () => {
    const body = slashCommandBody({ user: SLACK_USERS.alice, text: "whoami", responseUrl: slackApi.responseUrl("whoami") });
    const res = await postSigned(app.url, body);
    expect(res.status).toBe(200);
    for (let i = 0; i < 300; i++) {
      const seen = JSON.stringify([slackApi.responses, slackApi.callsTo("chat.postEphemeral")]);
      if (seen.includes("alice.responder@example.com")) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no whoami answer naming alice: ${JSON.stringify(slackApi.responses)}`);
  });

  it("refuses a request with a forged signature", async () => {
    const body = slashCommandBody({ user: SLACK_USERS.alice, text: "whoami" });
    const res = await postSigned(app.url, body, { secret: "not-the-secret" });
    expect(res.status).toBe(401);
  });
});
