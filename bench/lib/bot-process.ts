/**
 * The bot as `npm start` runs it: `node <the start script's options>
 * dist/bin/start.js` in its own process, configured by environment only,
 * ready when `GET /readyz` answers 200, stopped with one SIGTERM. Its RSS
 * is read from /proc, the same way as the baselines' (`rssOf`), so the
 * figures compare like with like.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { packageRoot } from "../../src/runtime/package-root.js";

const ROOT = packageRoot(import.meta.url);
/** What `npm start` runs (package.json `start`), relative to the repository root. */
export const START_SCRIPT = join(ROOT, "dist", "bin", "start.js");

/**
 * The node options of package.json's `start` script (`exec node <options> dist/bin/start.js`), so the
 * bench runs the bot exactly as `npm start` does, V8 settings included; throws on any other shape.
 */
export function startExecArgv(startScript: string): string[] {
  const words = startScript.trim().split(/\s+/);
  if (words[0] === "exec") words.shift();
  if (words[0] !== "node" || words.at(-1) !== "dist/bin/start.js" || words.slice(1, -1).some((w) => !w.startsWith("--"))) {
    throw new Error(`package.json's start script is not "node <--options> dist/bin/start.js": ${startScript}`);
  }
  return words.slice(1, -1);
}

const packageJson = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: { start: string } };
export const START_EXEC_ARGV = startExecArgv(packageJson.scripts.start);

/** Resident set size in bytes from the text of `/proc/<pid>/status` (its `VmRSS:` line, in kB); undefined without one. */
export function parseVmRss(status: string): number | undefined {
  const match = /^VmRSS:\s+(\d+)\s+kB\s*$/m.exec(status);
  return match === null ? undefined : Number(match[1]) * 1024;
}

/** RSS of a running process, bytes (Linux /proc); undefined when the process is gone or /proc has no figure. */
export function rssOf(pid: number): number | undefined {
  try {
    return parseVmRss(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return undefined;
  }
}

/** A port nothing listens on right now (the kernel's pick, released at once). */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen({ port: 0, host, exclusive: true }, () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface BotProcess {
  url: string;
  pid: number;
  /** Spawn to the first `/readyz` 200, ms. */
  readyMs: number;
  /** Current RSS, bytes. */
  rss(): number;
  /** Samples RSS every `everyMs` until the returned stop() is called; stop() gives the peak, bytes. */
  sampleRss(everyMs?: number): () => number;
  /** One SIGTERM, then waits for the exit (SIGKILL after 60 s). Resolves with the exit code. */
  close(): Promise<number | null>;
}

export interface StartBotOptions {
  /** The bot's environment (DATA_DIR or DATABASE_URL, OKTA_*, SLACK_*, POLICY_FILE...); PORT and HOST are set here. */
  env: Record<string, string>;
  /** Working directory (a temp dir, so no developer's `.env` is read). */
  cwd: string;
  /** How long to wait for `/readyz` 200 (default 120 s). */
  readyTimeoutMs?: number;
}

function assertBuilt(): void {
  if (!existsSync(START_SCRIPT)) throw new Error(`${START_SCRIPT} is missing: run npm run build first (npm run bench does)`);
}

function spawnStart(env: Record<string, string>, cwd: string): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  assertBuilt();
  const child = spawn(process.execPath, [...START_EXEC_ARGV, START_SCRIPT], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    // The last few kB are enough to say why a start failed.
    err = (err + chunk).slice(-8_000);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, stderr: () => err, exited };
}

/** Starts the compiled bot and waits until `/readyz` answers 200. */
export async function startBotProcess(options: StartBotOptions): Promise<BotProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const { child, stderr, exited } = spawnStart({ ...options.env, PORT: String(port), HOST: "127.0.0.1" }, options.cwd);
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  const timeoutMs = options.readyTimeoutMs ?? 120_000;
  let last = "no answer";
  for (;;) {
    if (exitCode !== undefined) throw new Error(`the bot exited (code ${exitCode}) before it was ready: ${stderr().trim().split("\n").slice(-5).join(" | ")}`);
    const res = await fetch(`${url}/readyz`).catch(() => undefined);
    if (res !== undefined) {
      last = String(res.status);
      await res.body?.cancel();
      if (res.status === 200) break;
    }
    if (performance.now() - started > timeoutMs) {
      child.kill("SIGKILL");
      await exited;
      throw new Error(`the bot's /readyz was not 200 within ${timeoutMs / 1000} s (last ${last})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const readyMs = performance.now() - started;
  const pid = child.pid ?? -1;
  return {
    url,
    pid,
    readyMs,
    rss: () => rssOf(pid) ?? 0,
    sampleRss(everyMs = 100) {
      let peak = rssOf(pid) ?? 0;
      const timer = setInterval(() => {
        peak = Math.max(peak, rssOf(pid) ?? 0);
      }, everyMs);
      return () => {
        clearInterval(timer);
        return Math.max(peak, rssOf(pid) ?? 0);
      };
    },
    async close() {
      if (exitCode !== undefined) return exitCode;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** How a start on a taken port ended: the exit code, the time from spawn to exit, and its stderr. */
export async function startOnTakenPort(env: Record<string, string>, cwd: string, port: number, timeoutMs = 60_000): Promise<{ code: number | null; ms: number; stderr: string }> {
  const started = performance.now();
  const { child, stderr, exited } = spawnStart({ ...env, PORT: String(port), HOST: "127.0.0.1" }, cwd);
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const code = await exited;
  clearTimeout(timer);
  return { code, ms: performance.now() - started, stderr: stderr() };
}
