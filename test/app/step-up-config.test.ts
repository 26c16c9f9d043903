/**
 * Step-up settings: STEP_UP_CLIENT_ID / STEP_UP_CLIENT_SECRET (with
 * PUBLIC_URL) for a real org, nothing for the sandbox, and a start-up that
 * refuses a policy with `stepUp: true` when no step-up sign-in is configured.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "../../src/app.js";
import { ConfigError, loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/log.js";
import { repoRoot } from "../support/shared-dir.js";

const ORG = { OKTA_ORG_URL: "https://acme.okta.com", OKTA_API_TOKEN: "00abcdefghijklmnopqrstuvwxyz0123456789ABCD" };
const SECRET = "s3cr3t-step-up-client-secret-value";

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env, { cwd: "/srv/bot" });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("the config loaded");
}

describe("step-up configuration", () => {
  it("needs nothing with the sandbox, and is off for a real org without a web app", () => {
    expect(loadConfig({}, { cwd: "/srv/bot" }).stepUp).toEqual({ mode: "sandbox" });
    expect(loadConfig(ORG, { cwd: "/srv/bot" }).stepUp).toEqual({ mode: "off" });
  });

  it("takes the web app's client id and secret with PUBLIC_URL for a real org", () => {
    const config = loadConfig({ ...ORG, STEP_UP_CLIENT_ID: "0oastepup123", STEP_UP_CLIENT_SECRET: SECRET, PUBLIC_URL: "https://bot.example.com" }, { cwd: "/srv/bot" });
    expect(config.stepUp).toEqual({ mode: "on", clientId: "0oastepup123", clientSecret: SECRET });
  });

  it("names what is missing or wrong, never the secret", () => {
    expect(problems({ ...ORG, STEP_UP_CLIENT_ID: "0oastepup123" })).toContain("STEP_UP_CLIENT_SECRET is missing");
    const noUrl = problems({ ...ORG, STEP_UP_CLIENT_ID: "0oastepup123", STEP_UP_CLIENT_SECRET: SECRET });
    expect(noUrl).toContain("PUBLIC_URL");
    expect(noUrl).not.toContain(SECRET);
    const short = problems({ ...ORG, STEP_UP_CLIENT_ID: "0oastepup123", STEP_UP_CLIENT_SECRET: "short", PUBLIC_URL: "https://bot.example.com" });
    expect(short).toContain("STEP_UP_CLIENT_SECRET must be 16 to 1024 characters");
    expect(short).not.toContain("short\"");
    expect(problems({ STEP_UP_CLIENT_ID: "0oastepup123", STEP_UP_CLIENT_SECRET: SECRET })).toContain("the built-in sandbox registers its own demo web app");
  });
});

describe("start-up with a stepUp policy", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "oig-stepup-config-"));
    const policy = (await readFile(join(repoRoot, "policy.yaml"), "utf8")).replace(/^(\s+expiresAfter: .*)$/m, "$1\n    stepUp: true");
    await writeFile(join(dir, "policy.yaml"), policy);
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("refuses with one clear line when a real org has no step-up web app", async () => {
    const started = startApp({
      env: { ...ORG, POLICY_FILE: join(dir, "policy.yaml"), DATA_DIR: join(dir, "data") },
      cwd: dir,
      port: 0,
      host: "127.0.0.1",
      logger: createLogger({ level: "silent" }),
    });
    const error = await started.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/^the policy asks for stepUp: true on sar\.launch but no step-up sign-in is configured: set STEP_UP_CLIENT_ID, STEP_UP_CLIENT_SECRET and PUBLIC_URL/);
    expect(message).not.toContain("\n");
  });
});
