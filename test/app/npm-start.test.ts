// `npm start` on a fresh checkout: the real process boots on the embedded
// defaults, serves /healthz, and stops cleanly on SIGTERM.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/shared-dir.js";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe("npm start (src/app.ts as a process)", () => {
  it("serves /healthz on PORT and exits 0 on SIGTERM", async () => {
    const dir = await mkdtemp(join(tmpdir(), "oig-start-"));
    const port = await freePort();
    const child = spawn(join(repoRoot, "node_modules/.bin/tsx"), [join(repoRoot, "src/app.ts")], {
      cwd: dir,
      env: { PATH: process.env.PATH, PORT: String(port), DATA_DIR: join(dir, "data"), POLICY_FILE: join(repoRoot, "policy.yaml") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      for (let i = 0; i < 600 && !output.includes("is listening on"); i++) {
        if (child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(output).toContain("is listening on");
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(res.status).toBe(200);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(output).toContain("stopped");
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
