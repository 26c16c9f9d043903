/** Shared set-up for the doctor's tests: working directories, env for a sandbox app, report lookups. */
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { JWK } from "jose";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import type { Env } from "../../src/config.js";
import type { DoctorCheck, DoctorReport } from "../../src/doctor/index.js";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/index.js";

export { defaultOktaScopes as BOT_SCOPES } from "../../src/config.js";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * A fresh temporary directory per test, removed afterwards; with `policy`,
 * it holds a copy of the example policy (so the policy check is ok).
 * Returns a getter for the current test's directory.
 */
export function tempDirPerTest(prefix: string, options: { policy?: boolean } = {}): () => string {
  let dir: string | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
    if (options.policy === true) await copyFile(join(root, "policy.example.yaml"), join(dir, "policy.yaml"));
  });
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });
  return () => {
    if (dir === undefined) throw new Error("no temporary directory outside a test");
    return dir;
  };
}

/** One demo sandbox org for the whole test file; returns a getter. */
export function sandboxPerFile(): () => RunningSandbox {
  let sandbox: RunningSandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: "demo" });
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  return () => {
    if (sandbox === undefined) throw new Error("the sandbox did not start");
    return sandbox;
  };
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** Env pointing the bot at a sandbox service app with a private JWK. */
export function oauthEnv(orgUrl: string, app: { clientId: string; privateJwk: JWK; keyId: string }, extra: Env = {}): Env {
  return { OKTA_ORG_URL: orgUrl, OKTA_CLIENT_ID: app.clientId, OKTA_PRIVATE_KEY: JSON.stringify(app.privateJwk), OKTA_KEY_ID: app.keyId, ...extra };
}

/** The check with `id`; fails the test when absent. */
export function check(report: DoctorReport, id: string): DoctorCheck {
  const found = report.checks.find((c) => c.id === id);
  if (found === undefined) throw new Error(`no check ${id} in ${report.checks.map((c) => c.id).join(", ")}`);
  return found;
}

/** Ids of the checks with `status`. */
export function idsWith(report: DoctorReport, status: DoctorCheck["status"]): string[] {
  return report.checks.filter((c) => c.status === status).map((c) => c.id);
}

export const PERMISSION_IDS = ["users.search", "users.groups", "users.roles", "sars.list", "requests.list"].map((id) => `okta.permission.${id}`);
