/** `npm run sandbox` as a real child process: prints how to reach it, serves, stops on SIGTERM. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { type AddressInfo, createServer } from "node:net";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repoRoot = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../..");
const tsx = resolve(repoRoot, "node_modules/.bin/tsx");

function runCli(args: string[]) {
  const child = spawn(tsx, ["src/sandbox/cli.ts", ...args], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  /** Resolves with stdout once `pattern` appears in it. */
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolveMatch, reject) => {
      const check = () => {
        const match = pattern.exec(stdout);
        if (match) {
          child.stdout.off("data", check);
          resolveMatch(match);
        }
      };
      child.stdout.on("data", check);
      void exited.then(() => reject(new Error(`the sandbox exited before printing ${String(pattern)}: ${stderr}`)));
      check();
    });
  return { child, exited, waitFor, output: () => ({ stdout, stderr }) };
}

/** Whether `port` on loopback can be bound now; it is released again before this resolves. */
function canBind(port: number): Promise<number | undefined> {
  return new Promise((resolveBind) => {
    const probe = createServer();
    probe.once("error", () => resolveBind(undefined));
    probe.listen(port, "127.0.0.1", () => {
      const bound = (probe.address() as AddressInfo).port;
      probe.close(() => resolveBind(bound));
    });
  });
}

/** A port that is free together with the one after it (the admin host's default). */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const port = await canBind(0);
    if (port !== undefined && port < 65535 && (await canBind(port + 1)) !== undefined) return port;
  }
  throw new Error("no two consecutive free loopback ports");
}

describe("npm run sandbox", () => {
  it("prints the org URL and the bot's OKTA_* settings, serves the org, and stops cleanly on SIGTERM", async () => {
    const cli = runCli(["--port", "0", "--seed", "empty"]);
    const [, url] = (await cli.waitFor(/^OKTA_ORG_URL=(\S+)$/m)) as [string, string];
    const { stdout } = cli.output();
    expect(stdout).toMatch(/^OKTA_CLIENT_ID=0oa[0-9A-Za-z]{17}$/m);
    expect(stdout).toMatch(/^OKTA_KEY_ID=\S+$/m);
    const privateKey = /^OKTA_PRIVATE_KEY='(.+)'$/m.exec(stdout)?.[1] ?? "";
    expect(JSON.parse(privateKey)).toMatchObject({ kty: "RSA", d: expect.any(String) });
    const ssws = /SSWS token\s+(\S+)/.exec(stdout)?.[1] ?? "";

    const discovery = await fetch(`${url}/.well-known/openid-configuration`);
    expect(((await discovery.json()) as { issuer: string }).issuer).toBe(url);
    const users = await fetch(`${url}/api/v1/users`, { headers: { authorization: `SSWS ${ssws}` } });
    expect(users.status).toBe(200);
    // The admin host to configure is printed, and is where the org's governance links point.
    const admin = /^OKTA_ADMIN_URL=(\S+)$/m.exec(stdout)?.[1] ?? "";
    expect(new URL(admin).origin).not.toBe(new URL(url).origin);
    const requests = await fetch(`${url}/governance/api/v2/requests`, { headers: { authorization: `SSWS ${ssws}` } });
    expect(((await requests.json()) as { _links: { self: { href: string } } })._links.self.href).toBe(`${admin}/governance/api/v2/requests`);

    cli.child.kill("SIGTERM");
    const [code] = await cli.exited;
    expect(code).toBe(0);
    expect(cli.output().stdout).toContain("Okta sandbox stopped (SIGTERM).");
  });

  it("serves the admin host on the port after --port by default, so OKTA_ADMIN_URL stays the same", async () => {
    const free = await freePortPair();
    const cli = runCli(["--port", String(free), "--seed", "empty"]);
    const [, admin] = (await cli.waitFor(/^OKTA_ADMIN_URL=(\S+)$/m)) as [string, string];
    expect(admin).toBe(`http://127.0.0.1:${free + 1}`);
    cli.child.kill("SIGTERM");
    await cli.exited;
  });

  it("refuses an admin port equal to the org's port", async () => {
    const cli = runCli(["--port", "8090", "--admin-port", "8090"]);
    const [code] = await cli.exited;
    expect(code).toBe(2);
    expect(cli.output().stderr).toContain("--admin-port must differ from --port");
  });

  it("refuses a bad option with the usage and exit code 2", async () => {
    const cli = runCli(["--port", "99999"]);
    const [code] = await cli.exited;
    expect(code).toBe(2);
    expect(cli.output().stderr).toContain("--port must be 0-65535");
    expect(cli.output().stderr).toContain("Usage: npm run sandbox");
  });
});
