/**
 * `npm run playground`: click through the bot in Microsoft's own local Teams
 * client, the Microsoft 365 Agents Playground. Starts the bot (built-in Okta
 * sandbox, PGlite, Teams local mode) on loopback, writes the playground's
 * config from the sandbox's demo org into `.playground/` (git-ignored),
 * starts the pinned playground with npx (fetched once into npm's cache: its
 * license is Microsoft's pre-release terms, so it is not a dependency), and
 * prints the URL. Ctrl-C stops both.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startApp, type RunningApp } from "../src/app.js";
import { PLAYGROUND_PACKAGE, playgroundConfigYaml, playgroundPeople } from "./playground-config.js";
import { playgroundPolicyFromFile } from "./playground-policy.js";

const REPO = resolve(fileURLToPath(new URL("..", import.meta.url)));
/** The first run downloads the playground; later runs start it from npm's cache. */
const START_TIMEOUT_MS = 300_000;

export interface PlaygroundSession {
  /** Where to open the playground in a browser. */
  url: string;
  /** The bot's base URL. */
  botUrl: string;
  /** The playground-only policy the bot runs with (the current user may approve their own launch). */
  policyPath: string;
  app: RunningApp;
  close(): Promise<void>;
}

export interface PlaygroundOptions {
  /** Folder for the generated config, the database and the playground's logs (default `.playground/`). */
  dir?: string;
  /** Port of the playground's web UI (default: a free one). */
  port?: number;
  /** Run with policy.yaml as it is (four eyes: approve as someone else) instead of the playground-only policy. */
  fourEyes?: boolean;
  /** Where the playground's own output goes (default: dropped). */
  onOutput?: (line: string) => void;
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** Resolves once `url` answers, or rejects naming what the playground said when it exits or never answers. */
async function waitUntilServing(url: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the playground exited (code ${child.exitCode}):\n${output.slice(-20).join("\n")}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`the playground did not answer at ${url}:\n${output.slice(-20).join("\n")}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => {
      try {
        process.kill(-(child.pid as number), "SIGKILL");
      } catch {
        // Already gone.
      }
    }, 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      done();
    });
    try {
      // npx runs the playground as its child: the whole group goes.
      process.kill(-(child.pid as number), "SIGTERM");
    } catch {
      clearTimeout(force);
      done();
    }
  });
}

/** Starts the bot and the playground wired to it. */
export async function startPlaygroundSession(options: PlaygroundOptions = {}): Promise<PlaygroundSession> {
  const dir = resolve(options.dir ?? join(REPO, ".playground"));
  await mkdir(dir, { recursive: true });
  const configPath = join(dir, ".m365agentsplayground.yml");
  await writeFile(configPath, playgroundConfigYaml());
  // The one person at the keyboard may approve their own launch (see playground-policy.ts).
  const samplePolicy = join(REPO, "policy.yaml");
  const policyPath = options.fourEyes ? samplePolicy : join(dir, "policy.yaml");
  const [current] = playgroundPeople();
  if (current === undefined) throw new Error("the playground cast is empty");
  if (!options.fourEyes) await writeFile(policyPath, await playgroundPolicyFromFile(samplePolicy, current.login));

  const app = await startApp({
    cwd: REPO,
    host: "127.0.0.1",
    port: await freePort(),
    // No Okta, Slack or Microsoft settings: the sandbox org, Slack off, Teams local mode.
    env: { DATA_DIR: join(dir, "data"), POLICY_FILE: policyPath, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
  });
  const port = options.port ?? (await freePort());
  const output: string[] = [];
  const child = spawn("npx", ["-y", PLAYGROUND_PACKAGE, "-p", String(port), "-e", `${app.url}/api/messages`, "-c", "msteams", "--disable-telemetry"], {
    cwd: dir,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, TEAMSAPPTESTER_BROWSER: "none", M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath },
  });
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (line.trim() === "") continue;
      output.push(line);
      if (output.length > 200) output.shift();
      options.onOutput?.(line);
    }
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  const close = async () => {
    await stopProcessGroup(child);
    await app.close();
  };
  try {
    await waitUntilServing(url, child, output);
  } catch (err) {
    await close();
    throw err;
  }
  return { url, botUrl: app.url, policyPath, app, close };
}

async function main(): Promise<void> {
  console.log(`Starting the bot and the Microsoft 365 Agents Playground (${PLAYGROUND_PACKAGE}, fetched with npx on first use)...`);
  const fourEyes = process.argv.includes("--four-eyes");
  const session = await startPlaygroundSession({ fourEyes, onOutput: (line) => (process.env.PLAYGROUND_VERBOSE ? console.log(`[playground] ${line}`) : undefined) });
  const [you, ...others] = playgroundPeople();
  console.log(`\nOpen ${session.url} in a browser.\n`);
  if (fourEyes) {
    console.log(`You are ${you?.name} <${you?.email}>, a responder. The bot runs with ${relative(REPO, session.policyPath)} as it is (four eyes):`);
    console.log(`approve as someone else: Mock an Activity > Custom activity, set "from":`);
  } else {
    console.log(`You are ${you?.name} <${you?.email}>, ${you?.role}.`);
    console.log(`Only here you may also approve your own launch: the bot runs with ${relative(REPO, session.policyPath)},`);
    console.log(`policy.yaml with allowSelfApproval: true and you as an approver (never use it outside the playground).`);
    console.log(`\nFor the real four-eyes path, run npm run playground -- --four-eyes and approve as someone else`);
    console.log(`(Mock an Activity > Custom activity, set "from"):`);
  }
  for (const p of others) console.log(`  ${p.name.padEnd(17)} id ${p.id.padEnd(12)} aadObjectId ${p.aadObjectId}  ${p.role}`);
  console.log(`\nThe bot: ${session.botUrl} (Okta sandbox org, data in .playground/data). Ctrl-C stops both.`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping the playground and the bot...");
    session.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
