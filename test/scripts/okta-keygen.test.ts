// `npm run okta:keygen` run as a child process, the way an admin runs it.
import { execFile } from "node:child_process";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { calculateJwkThumbprint, type JWK } from "jose";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createOktaClient, OktaUnauthorized } from "../../src/adapters/okta/index.js";
import { startSandbox } from "../../src/sandbox/index.js";
import { root, tempDirPerTest } from "../doctor/support.js";

const tsx = join(root, "node_modules/.bin/tsx");
const script = join(root, "scripts/okta-keygen.ts");
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth"];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runKeygen(cwd: string, args: string[] = [], env: Record<string, string> = {}): Promise<Run> {
  const base = { ...process.env };
  delete base.OKTA_PRIVATE_KEY_FILE;
  return new Promise((done) => {
    execFile(tsx, [script, ...args], { cwd, env: { ...base, ...env } }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** The one printed line that is a JSON object: the public JWK. */
function printedJwk(stdout: string): JWK {
  const lines = stdout.split("\n").filter((line) => line.startsWith("{"));
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as JWK;
}

function printedSetting(stdout: string, name: string): string | undefined {
  return stdout.split("\n").find((line) => line.startsWith(`${name}=`))?.slice(name.length + 1);
}

const tempDir = tempDirPerTest("okta-keygen-");

describe("npm run okta:keygen", () => {
  it("writes the private JWK to ./okta-private-key.json with mode 0600 and prints its public half", async () => {
    const run = await runKeygen(tempDir());
    expect(run.code).toBe(0);
    const path = join(tempDir(), "okta-private-key.json");
    expect((await stat(path)).mode & 0o777).toBe(0o600);

    const privateJwk = JSON.parse(await readFile(path, "utf8")) as JWK;
    expect(privateJwk).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(typeof privateJwk.d).toBe("string");
    expect(Buffer.from(privateJwk.n!, "base64url").length * 8).toBe(2048);

    const publicJwk = printedJwk(run.stdout);
    const kid = await calculateJwkThumbprint({ kty: "RSA", n: privateJwk.n!, e: privateJwk.e! }, "sha256");
    expect(publicJwk).toEqual({ kty: "RSA", n: privateJwk.n, e: privateJwk.e, kid, alg: "RS256", use: "sig" });
    expect(privateJwk.kid).toBe(kid);
    expect(printedSetting(run.stdout, "OKTA_KEY_ID")).toBe(kid);
    expect(printedSetting(run.stdout, "OKTA_PRIVATE_KEY_FILE")).toBe("./okta-private-key.json");
  });

  it("prints no private member of the key", async () => {
    const run = await runKeygen(tempDir());
    expect(run.code).toBe(0);
    const privateJwk = JSON.parse(await readFile(join(tempDir(), "okta-private-key.json"), "utf8")) as Record<string, unknown>;
    const publicJwk = printedJwk(run.stdout) as Record<string, unknown>;
    for (const member of PRIVATE_MEMBERS) {
      expect(publicJwk).not.toHaveProperty(member);
      const secret = privateJwk[member];
      if (typeof secret === "string") {
        expect(run.stdout).not.toContain(secret);
        expect(run.stderr).not.toContain(secret);
      }
    }
  });

  it("writes to --out, else to OKTA_PRIVATE_KEY_FILE from .env", async () => {
    await writeFile(join(tempDir(), ".env"), "OKTA_PRIVATE_KEY_FILE=./from-dotenv.json\n");
    const fromDotEnv = await runKeygen(tempDir());
    expect(fromDotEnv.code).toBe(0);
    expect((await stat(join(tempDir(), "from-dotenv.json"))).mode & 0o777).toBe(0o600);
    expect(printedSetting(fromDotEnv.stdout, "OKTA_PRIVATE_KEY_FILE")).toBe("./from-dotenv.json");

    const fromFlag = await runKeygen(tempDir(), ["--out", "keys/../flag.json"]);
    expect(fromFlag.code).toBe(0);
    expect(JSON.parse(await readFile(join(tempDir(), "flag.json"), "utf8"))).toMatchObject({ kid: printedJwk(fromFlag.stdout).kid });
  });

  it("refuses to overwrite an existing key file without --force and leaves it unchanged", async () => {
    expect((await runKeygen(tempDir())).code).toBe(0);
    const path = join(tempDir(), "okta-private-key.json");
    const before = await readFile(path, "utf8");

    const again = await runKeygen(tempDir());
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already exists");
    expect(again.stderr).toContain("--force");
    expect(again.stdout).not.toContain("OKTA_KEY_ID=");
    expect(await readFile(path, "utf8")).toBe(before);
  });

  it("replaces the key file with --force, still with mode 0600", async () => {
    expect((await runKeygen(tempDir())).code).toBe(0);
    const path = join(tempDir(), "okta-private-key.json");
    const before = JSON.parse(await readFile(path, "utf8")) as JWK;

    const forced = await runKeygen(tempDir(), ["--force"]);
    expect(forced.code).toBe(0);
    const after = JSON.parse(await readFile(path, "utf8")) as JWK;
    expect(after.kid).not.toBe(before.kid);
    expect(after.kid).toBe(printedJwk(forced.stdout).kid);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});

describe("a generated key against the Okta sandbox", () => {
  it("signs client assertions the sandbox accepts once the printed public JWK is registered, and only that key's", async () => {
    const sandbox = await startSandbox({ seed: "demo" });
    try {
      const registered = await runKeygen(tempDir(), ["--out", "registered.json"]);
      const other = await runKeygen(tempDir(), ["--out", "other.json"]);
      expect([registered.code, other.code]).toEqual([0, 0]);
      const app = await sandbox.registerClient({ publicJwk: printedJwk(registered.stdout), scopes: ["okta.users.read"] });

      const clientFor = (run: Run) => {
        const config = loadConfig(
          {
            OKTA_ORG_URL: sandbox.url,
            OKTA_CLIENT_ID: app.clientId,
            OKTA_KEY_ID: printedSetting(run.stdout, "OKTA_KEY_ID"),
            OKTA_PRIVATE_KEY_FILE: printedSetting(run.stdout, "OKTA_PRIVATE_KEY_FILE"),
            OKTA_SCOPES: "okta.users.read",
          },
          { cwd: tempDir() },
        );
        if (config.okta.kind !== "privateKeyJwt") throw new Error("expected a private_key_jwt configuration");
        const { kind, clientId, privateKey, keyId, scopes, dpop } = config.okta;
        return createOktaClient({
          orgUrl: config.okta.orgUrl,
          auth: { kind, clientId, privateKey, scopes, dpop, ...(keyId === undefined ? {} : { keyId }) },
          logger: pino({ level: "silent" }),
          retry: "never",
        });
      };

      const users = await clientFor(registered).findUsersByProfileAttribute("profile.login", "alice.responder@example.com");
      expect(users.map((user) => user.profile.login)).toEqual(["alice.responder@example.com"]);
      expect(sandbox.calls.count({ operationId: "token", status: 200, caller: app.clientId })).toBe(1);

      // The other key, under the same client id, is refused: the acceptance above is the key's doing.
      await expect(clientFor(other).findUsersByProfileAttribute("profile.login", "alice.responder@example.com")).rejects.toBeInstanceOf(OktaUnauthorized);
    } finally {
      await sandbox.close();
    }
  });
});
