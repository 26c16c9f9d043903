// The composition root boots what exists with the embedded defaults:
// the built-in Okta sandbox, PGlite in DATA_DIR, the repo's sample policy.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../../src/app.js";
import { ConfigError } from "../../src/config.js";
import { createLogger } from "../../src/log.js";
import { repoRoot } from "../support/shared-dir.js";
import { startFakeBotConnector, type FakeBotConnector } from "../../src/fakes/bot-connector.js";
import { plainMessage, teamsUser } from "../../src/fakes/teams-client.js";

const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    done();
  },
});

describe("startApp with no Okta, chat or database settings", () => {
  let dir: string;
  let app: RunningApp;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "oig-app-"));
    app = await startApp({
      env: { DATA_DIR: join(dir, "data"), POLICY_FILE: join(repoRoot, "policy.yaml"), LOG_LEVEL: "info" },
      cwd: dir,
      port: 0,
      host: "127.0.0.1",
      logger: createLogger({ level: "debug", destination: sink }),
    });
    // A fresh PGlite folder (initdb, migrations) takes minutes on a loaded 2-core machine.
  }, 300_000);

  it("logs, at debug level, how long each start-up phase took", () => {
    const line = lines.map((l) => JSON.parse(l) as { msg?: string; phases?: Record<string, number>; sinceProcessStartMs?: number }).find((l) => l.msg === "start-up phases, ms");
    expect(line?.phases && Object.keys(line.phases)).toEqual(["process start to startApp", "policy", "okta", "database open", "migrations", "job queue", "core", "chat adapters loaded", "chat adapters started"]);
    for (const ms of Object.values(line?.phases ?? {})) expect(ms).toBeGreaterThanOrEqual(0);
    expect(line?.sinceProcessStartMs).toBeGreaterThanOrEqual(line?.phases?.["database open"] ?? Infinity);
  });

  afterAll(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("serves /healthz", async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("reports the database, the sandbox org and Slack (off) in /readyz", async () => {
    const res = await fetch(`${app.url}/readyz`);
    const body = (await res.json()) as { status: string; checks: Record<string, { status: string; detail?: string }> };
    expect(res.status).toBe(200);
    expect(body.status).toBe("ready");
    expect(body.checks.database?.status).toBe("ok");
    expect(body.checks.okta?.detail).toContain(app.sandbox?.url);
    expect(body.checks.slack?.status).toBe("off");
  });

  it("answers an unknown path with a 404 JSON body", async () => {
    const res = await fetch(`${app.url}/no-such-thing`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: "not_found" });
  });

  it("runs the built-in sandbox org and a working Okta client against it", async () => {
    expect(app.sandbox).toBeDefined();
    const users = await app.okta.findUsersByProfileAttribute("profile.email", "alice.responder@example.com");
    expect(users.map((u) => u.profile.login)).toEqual(["alice.responder@example.com"]);
  });

  it("migrates the PGlite database in DATA_DIR and loads the sample policy", async () => {
    expect(app.policy.source).toBe("file");
    const link = await app.store.getIdentityLink({ platform: "slack", tenantId: "T1", chatUserId: "U1" });
    expect(link).toBeNull();
  });

  it("answers a Teams message at /api/messages through the real core (local mode)", async () => {
    let connector: FakeBotConnector | undefined;
    try {
      connector = await startFakeBotConnector();
      const alice = teamsUser("alice", "alice.responder@example.com");
      connector.addMember({ id: alice.id, aadObjectId: alice.aadObjectId, name: alice.name, email: alice.email });
      const res = await fetch(`${app.url}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(plainMessage(connector.serviceUrl, alice, "whoami")),
      });
      expect(res.status).toBeLessThan(300);
      const reply = await connector.waitFor("the whoami answer", () => connector!.posted[0]);
      expect(JSON.stringify(reply.activity)).toContain("alice.responder@example.com");
    } finally {
      await connector?.close();
    }
  });

  it("says at start what is on and off, with no secret in any line", () => {
    const text = lines.join("\n");
    expect(text).toContain("built-in sandbox org");
    expect(text).toContain("slack: off");
    expect(text).not.toMatch(/"d":"|PRIVATE KEY/);
  });
});

describe("startApp with a half-configured platform", () => {
  it("refuses to start and names the missing variable", async () => {
    const dir = await mkdtemp(join(tmpdir(), "oig-app-"));
    try {
      await expect(startApp({ env: { SLACK_SIGNING_SECRET: "abc", DATA_DIR: dir }, cwd: dir, port: 0 })).rejects.toThrow(ConfigError);
      await expect(startApp({ env: { SLACK_SIGNING_SECRET: "abc", DATA_DIR: dir }, cwd: dir, port: 0 })).rejects.toThrow(/SLACK_BOT_TOKEN/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
