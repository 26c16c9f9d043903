// Every shell snippet in README.md and docs/*.md either runs as documented
// or is marked as not runnable offline (`<!-- snippet: skip (why) -->`).
// Runnable ones run in a throwaway copy of the repository (its own ./data,
// no .env, none of the bot's settings from this environment, loopback only):
// commands must exit 0; `npm start` must answer /readyz, serve the
// `with-bot` snippets (curl on its port) and stop cleanly on SIGTERM; the
// Okta sandbox must print its settings and stop on SIGTERM.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, symlink } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../support/shared-dir.js";
import { snippetsOf, type Snippet } from "./snippet-blocks.js";

/** Commands that must never run from here: they install, or run this suite again. */
const RECURSIVE = /^npm\s+(ci|install|i|test|t|run\s+test(:\S+)?)(\s|$)/;
const NPM_START = /^npm\s+start(\s|$)/;
const SANDBOX = /^npm\s+run\s+sandbox(\s|$)/;
/** The documented default port, replaced by a free one in `with-bot` snippets. */
const DEFAULT_PORT = ":3000";
const COMMAND_TIMEOUT_MS = 150_000;

async function documentedSnippets(): Promise<Snippet[]> {
  const docs = (await readdir(join(repoRoot, "docs"))).filter((name) => name.endsWith(".md")).sort();
  const files = ["README.md", ...docs.map((name) => `docs/${name}`)];
  const all = await Promise.all(files.map(async (file) => snippetsOf(file, await readFile(join(repoRoot, file), "utf8"))));
  return all.flat();
}

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

/** This environment without the bot's settings (from .env.example) or vitest's, and with npm kept offline. */
async function childEnv(): Promise<NodeJS.ProcessEnv> {
  const names = [...(await readFile(join(repoRoot, ".env.example"), "utf8")).matchAll(/^([A-Za-z][A-Za-z0-9_]*)=/gm)].map((m) => m[1]!);
  const env: NodeJS.ProcessEnv = { ...process.env, NO_UPDATE_NOTIFIER: "1", npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };
  for (const name of [...names, "NODE_ENV", "TEST_DATABASE_URL", "CI"]) delete env[name];
  for (const name of Object.keys(env)) if (name.startsWith("VITEST") || name === "TINYPOOL_WORKER_ID") delete env[name];
  return env;
}

interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

function collect(child: ChildProcess): { output: () => string; done: Promise<Ran> } {
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<Ran>((resolve) => child.once("close", (code, signal) => resolve({ code, signal, output })));
  return { output: () => output, done };
}

/** Process groups started here and not yet ended; afterAll kills what a failed test left behind. */
const running = new Set<ChildProcess>();

function shell(command: string, cwd: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn("sh", ["-c", command], { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  running.add(child);
  child.once("close", () => running.delete(child));
  return child;
}

/** Stops a process group we started (SIGTERM, then SIGKILL after `graceMs`); resolves with how it ended. */
async function stop(child: ChildProcess, done: Promise<Ran>, graceMs: number): Promise<Ran & { killed: boolean }> {
  if (child.pid === undefined) return { ...(await done), killed: false };
  process.kill(-child.pid, "SIGTERM");
  const timer = new Promise<"late">((resolve) => setTimeout(() => resolve("late"), graceMs).unref());
  const first = await Promise.race([done, timer]);
  if (first !== "late") return { ...first, killed: false };
  process.kill(-child.pid, "SIGKILL");
  return { ...(await done), killed: true };
}

async function runToEnd(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const child = shell(command, cwd, env);
  const { done } = collect(child);
  const timer = new Promise<"late">((resolve) => setTimeout(() => resolve("late"), COMMAND_TIMEOUT_MS).unref());
  const result = await Promise.race([done, timer]);
  if (result === "late") {
    await stop(child, done, 2_000);
    return `did not finish within ${COMMAND_TIMEOUT_MS / 1000} s`;
  }
  return result.code === 0 ? undefined : `exited ${result.code ?? result.signal}:\n${result.output.slice(-2000)}`;
}

async function until(what: string, check: () => Promise<boolean> | boolean, exited: Promise<Ran>, timeoutMs: number): Promise<string | undefined> {
  let ended: Ran | undefined;
  void exited.then((ran) => (ended = ran));
  const giveUpAt = Date.now() + timeoutMs;
  while (Date.now() < giveUpAt) {
    if (ended !== undefined) return `exited (${ended.code ?? ended.signal}) before ${what}:\n${ended.output.slice(-2000)}`;
    if (await Promise.resolve().then(check).catch(() => false)) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return `no ${what} within ${timeoutMs / 1000} s`;
}

describe("shell snippets in README.md and docs/", () => {
  let snippets: Snippet[];
  beforeAll(async () => {
    snippets = await documentedSnippets();
  });

  it("reads blocks, markers and commands the way the docs write them", () => {
    const markdown = [
      "```sh",
      "npm run doctor   # a comment",
      "# only a comment",
      "```",
      "<!-- snippet: skip (needs a real Okta org) -->",
      "",
      "   ```bash",
      "   curl https://acme.okta.com \\",
      "     -s",
      "   ```",
      "<!-- snippet: with-bot (needs the bot) -->",
      "```console",
      "curl -s http://127.0.0.1:3000/healthz",
      "```",
      "<!-- snippet: skip -->",
      "```sh",
      "true",
      "```",
      "```yaml",
      "not: shell",
      "```",
    ].join("\n");
    const found = snippetsOf("x.md", markdown);
    expect(found.map((s) => [s.where, s.mode, s.commands, s.problem ?? null])).toEqual([
      ["x.md:1", "run", ["npm run doctor   # a comment"], null],
      ["x.md:7", "skip", ["curl https://acme.okta.com    -s"], null],
      ["x.md:12", "with-bot", ["curl -s http://127.0.0.1:3000/healthz"], null],
      ["x.md:16", "skip", ["true"], "the marker <!-- snippet: skip --> gives no reason in parentheses"],
    ]);
  });

  it("finds the snippets of the README and the docs", () => {
    expect(snippets.filter((s) => s.mode === "run").length).toBeGreaterThanOrEqual(3);
    expect(snippets.some((s) => s.commands.some((c) => NPM_START.test(c)) && s.mode === "run")).toBe(true);
  });

  it("marks every block it cannot run offline, with a reason, and runs no installer or test suite", () => {
    const problems = snippets.flatMap((s) => {
      if (s.problem !== undefined) return [`${s.where}: ${s.problem}`];
      if (s.mode === "skip") return [];
      return s.commands.filter((c) => RECURSIVE.test(c)).map((c) => `${s.where}: "${c}" installs or runs the test suite: put <!-- snippet: skip (why) --> before the block`);
    });
    expect(problems).toEqual([]);
  });

  describe("running them in a throwaway copy of the repository", () => {
    let copy: string;
    let env: NodeJS.ProcessEnv;
    beforeAll(async () => {
      copy = await mkdtemp(join(tmpdir(), "oig-snippets-"));
      const skipped = new Set(["node_modules", ".git", "data", "dist", "coverage", ".env", "okta-private-key.json", ".sandbox"]);
      await cp(repoRoot, copy, { recursive: true, filter: (source) => !skipped.has(relative(repoRoot, source).split("/")[0] ?? "") });
      await symlink(join(repoRoot, "node_modules"), join(copy, "node_modules"), "dir");
      // What `npm ci` leaves through `prepare` (not run here: node_modules is shared): the compiled dist/.
      await promisify(execFile)(process.execPath, [join(copy, "scripts/build.js")], { cwd: copy });
      env = await childEnv();
    }, 600_000);
    afterAll(async () => {
      for (const child of running) if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      if (copy !== undefined) await rm(copy, { recursive: true, force: true });
    });

    it("runs every runnable snippet as documented", async () => {
      const failures: string[] = [];
      const ran: string[] = [];
      const withBot = snippets.filter((s) => s.mode === "with-bot");
      let botRan = false;

      const runBot = async (where: string, command: string): Promise<void> => {
        const port = await freePort();
        const child = shell(command, copy, { ...env, PORT: String(port) });
        const { done, output } = collect(child);
        const ready = await until("200 from /readyz", async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, done, 90_000);
        if (ready !== undefined) failures.push(`${where}: ${command}: ${ready}`);
        else {
          botRan = true;
          for (const snippet of withBot) {
            for (const c of snippet.commands) {
              const failed = await runToEnd(c.replaceAll(DEFAULT_PORT, `:${port}`), copy, env);
              ran.push(`${snippet.where}: ${c}`);
              if (failed !== undefined) failures.push(`${snippet.where}: ${c}: ${failed}`);
            }
          }
          // The start-up screen the README promises.
          for (const line of ["oig-chatops is ready: every check of http://", "Demo users", "manifest/slack/manifest.yaml", "Bot Framework Emulator", "npm run okta:keygen"]) {
            if (!output().includes(line)) failures.push(`${where}: ${command}: its start-up screen lacks "${line}"`);
          }
        }
        // SIGTERM goes to the whole process group, as a terminal's Ctrl-C or a service manager would send it:
        // npm itself does not pass it on. The bot must finish its work, say so, and exit.
        const ended = await stop(child, done, 30_000);
        const stopped = /"msg":"stopped"/.test(ended.output);
        if (ready === undefined && (ended.killed || !stopped)) failures.push(`${where}: ${command}: did not stop cleanly on SIGTERM (${ended.code ?? ended.signal}):\n${ended.output.slice(-1500)}`);
      };

      const runSandbox = async (where: string, command: string): Promise<void> => {
        const port = await freePort();
        const child = shell(command.replace(/--port\s+\d+/, `--port ${port}`), copy, env);
        const { done, output } = collect(child);
        const ready = await until("OKTA_ORG_URL line", () => output().includes(`OKTA_ORG_URL=http://127.0.0.1:${port}`), done, 60_000);
        if (ready !== undefined) failures.push(`${where}: ${command}: ${ready}`);
        const ended = await stop(child, done, 15_000);
        if (ready === undefined && ended.killed) failures.push(`${where}: ${command}: did not stop on SIGTERM`);
      };

      for (const snippet of snippets.filter((s) => s.mode === "run")) {
        for (const command of snippet.commands) {
          if (RECURSIVE.test(command)) continue; // reported by the marker test
          ran.push(`${snippet.where}: ${command}`);
          if (NPM_START.test(command)) await runBot(snippet.where, command);
          else if (SANDBOX.test(command)) await runSandbox(snippet.where, command);
          else {
            const failed = await runToEnd(command, copy, env);
            if (failed !== undefined) failures.push(`${snippet.where}: ${command}: ${failed}`);
          }
        }
      }
      if (withBot.length > 0 && !botRan) failures.push(`with-bot snippets (${withBot.map((s) => s.where).join(", ")}) need an npm start snippet that came up`);
      expect(failures).toEqual([]);
      expect(ran.length).toBeGreaterThanOrEqual(5);
    }, 600_000);
  });
});
