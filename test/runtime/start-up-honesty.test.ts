// Start-up says what is so: where it listens (HOST), a taken port before any slow work, "ready" only
// once every /readyz check passes (naming what fails meanwhile), and no policy file is not ready.
import { mkdtemp, rm, stat } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { startApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/log.js";
import { policyReadiness, type CheckResult } from "../../src/adapters/http/health.js";
import { announceReadiness } from "../../src/runtime/readiness-announcer.js";
import { problemsOf } from "../config/problems.js";

let dir: string | undefined;
let blocker: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
  blocker = undefined;
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

function capture(): { lines: string[]; sink: Writable } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  return { lines, sink };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("HOST", () => {
  it("defaults to every interface and says so; takes an address or a host name; refuses anything else", () => {
    expect(loadConfig({}).host).toBe("0.0.0.0");
    expect(loadConfig({ HOST: "127.0.0.1" }).host).toBe("127.0.0.1");
    expect(loadConfig({ HOST: "::1" }).host).toBe("::1");
    expect(loadConfig({ HOST: "bot.internal" }).host).toBe("bot.internal");
    expect(problemsOf({ HOST: "http://bot" })).toEqual([expect.stringMatching(/^HOST must be an IP address/)]);
  });
});

describe("a taken port", () => {
  it("is refused in one line naming PORT, before the sandbox or the database is touched", async () => {
    dir = await mkdtemp(join(tmpdir(), "oig-port-"));
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    const { lines, sink } = capture();
    const error = (await startApp({ env: { PORT: String(port), HOST: "127.0.0.1", DATA_DIR: join(dir, "data") }, cwd: dir, logger: createLogger({ level: "info", destination: sink }) }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error.message).toBe(`127.0.0.1, port ${port} is already in use by another process: stop it or set PORT (and HOST) to a free one`);
    await expect(stat(join(dir, "data"))).rejects.toMatchObject({ code: "ENOENT" });
    expect(lines.join("\n")).not.toContain("sandbox");
  });
});

describe("readiness announcement", () => {
  it("names what fails and that it keeps checking, once per failure, then says ready when every check passes", async () => {
    let okta: CheckResult = { status: "failing", detail: "https://acme.okta.com: no answer" };
    let runs = 0;
    const info: string[] = [];
    const warn: string[] = [];
    const stop = announceReadiness({
      checks: () => [
        { name: "database", check: async () => ({ status: "ok" }) },
        { name: "okta", check: async () => (runs++, okta) },
      ],
      logger: { info: (message) => info.push(message), warn: (_object, message) => warn.push(message) },
      url: "http://127.0.0.1:3000",
      retryMs: 5,
    });
    try {
      await until(() => runs >= 3);
      expect(info).toEqual([]);
      expect(warn).toEqual([
        "oig-chatops is NOT ready (okta: https://acme.okta.com: no answer); it keeps serving and checks again every 5 ms (GET http://127.0.0.1:3000/readyz shows the state)",
      ]);
      okta = { status: "ok" };
      await until(() => info.length > 0);
      expect(info).toEqual(["oig-chatops is ready: every check of http://127.0.0.1:3000/readyz passes"]);
    } finally {
      stop();
    }
  });

  it("no policy file is a failing check naming the path", async () => {
    expect(await policyReadiness(false, "/srv/bot/policy.yaml").check()).toEqual({
      status: "failing",
      detail: "no policy file at /srv/bot/policy.yaml: every action is denied; write one (see policy.example.yaml) and restart",
    });
    expect(await policyReadiness(true, "/srv/bot/policy.yaml").check()).toEqual({ status: "ok", detail: "/srv/bot/policy.yaml" });
  });

  it("a bot started with no policy file is not ready in /readyz and in its log", async () => {
    dir = await mkdtemp(join(tmpdir(), "oig-nopolicy-"));
    const { lines, sink } = capture();
    const app = await startApp({
      env: { DATA_DIR: join(dir, "data"), POLICY_FILE: join(dir, "missing.yaml") },
      cwd: dir,
      port: 0,
      host: "127.0.0.1",
      logger: createLogger({ level: "info", destination: sink }),
    });
    try {
      const res = await fetch(`${app.url}/readyz`);
      const body = (await res.json()) as { checks: Record<string, CheckResult> };
      expect(res.status).toBe(503);
      expect(body.checks.policy).toEqual({ status: "failing", detail: expect.stringContaining(`no policy file at ${join(dir, "missing.yaml")}`) });
      await until(() => lines.some((line) => line.includes("is NOT ready")));
      expect(lines.find((line) => line.includes("is NOT ready"))).toContain("policy: no policy file");
      expect(lines.some((line) => line.includes("oig-chatops is ready"))).toBe(false);
    } finally {
      await app.close();
    }
  }, 300_000);
});
