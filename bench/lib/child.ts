/** Starts a benchmark child process (bot, bare Bolt, bare botbuilder) and talks to it over IPC. */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { isCompiled, packageRoot } from "../../src/runtime/package-root.js";
import type { ChildMessage, ParentMessage } from "./child-protocol.js";

export type ChildKind = "bot" | "bolt" | "teams-bare";

export interface RunningChild {
  url: string;
  pid: number;
  /** Time from fork to `ready`, ms. */
  readyMs: number;
  /** Current RSS and heap, bytes. */
  memory(): Promise<{ rss: number; heapUsed: number }>;
  /** Samples RSS every `everyMs` until the returned stop() is called; stop() gives the peak. */
  sampleRss(everyMs?: number): () => number;
  close(): Promise<void>;
}

// Compiled (`npm run bench`), children run compiled as deployed; from TypeScript (tsx), children go through tsx too.
const COMPILED = isCompiled(import.meta.url);
const SCRIPT = fileURLToPath(new URL(COMPILED ? "./child-main.js" : "./child-main.ts", import.meta.url));
const EXEC_ARGV = COMPILED ? ["--enable-source-maps"] : ["--import", "tsx"];
const ROOT = packageRoot(import.meta.url);

/**
 * Runs in the repository root so `--import tsx` resolves; paths in `env` are absolute. `nodeOptions` are
 * added to node's own (for a baseline run under the bot's V8 settings).
 */
export async function startChild(kind: ChildKind, env: Record<string, string>, nodeOptions: readonly string[] = []): Promise<RunningChild> {
  const started = performance.now();
  const child: ChildProcess = fork(SCRIPT, [kind], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", ...env },
    execArgv: [...EXEC_ARGV, ...nodeOptions],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = await new Promise<Extract<ChildMessage, { type: "ready" }>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} child did not start within 120 s`)), 120_000);
    child.once("exit", (code) => reject(new Error(`${kind} child exited (code ${code}) before it was ready`)));
    child.on("message", (message: ChildMessage) => {
      if (message.type === "ready") {
        clearTimeout(timer);
        resolve(message);
      }
    });
  });
  const readyMs = performance.now() - started;
  const memory = () =>
    new Promise<{ rss: number; heapUsed: number }>((resolve) => {
      const onMessage = (message: ChildMessage) => {
        if (message.type === "mem") {
          child.off("message", onMessage);
          resolve({ rss: message.rss, heapUsed: message.heapUsed });
        }
      };
      child.on("message", onMessage);
      child.send({ type: "mem" } satisfies ParentMessage);
    });
  return {
    url: ready.url,
    pid: child.pid ?? -1,
    readyMs,
    memory,
    sampleRss(everyMs = 100) {
      let peak = 0;
      let inFlight = false;
      // One question at a time: a busy child answers late, and the answers must not pile up.
      const timer = setInterval(() => {
        if (inFlight) return;
        inFlight = true;
        void memory().then((m) => {
          peak = Math.max(peak, m.rss);
          inFlight = false;
        });
      }, everyMs);
      return () => {
        clearInterval(timer);
        return peak;
      };
    },
    async close() {
      if (child.exitCode === null) child.send({ type: "close" } satisfies ParentMessage);
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export type MemoryStep = Extract<ChildMessage, { type: "steps" }>["steps"][number];

/** Runs the `memory-steps` child (with `--expose-gc`): RSS after each heavy part of the bot is loaded. */
export function memorySteps(): Promise<MemoryStep[]> {
  return stepsChild(["memory-steps"]);
}

/** RSS of a fresh process with PGlite open on `dataDir` (new or warm), with PGlite's defaults or the bot's settings. */
export async function pgliteRss(variant: "defaults" | "bot", dataDir: string): Promise<MemoryStep> {
  const [step] = await stepsChild(["pglite-rss", variant, dataDir]);
  if (step === undefined) throw new Error("pglite-rss child reported nothing");
  return step;
}

async function stepsChild(args: string[]): Promise<MemoryStep[]> {
  const child: ChildProcess = fork(SCRIPT, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", LOG_LEVEL: "silent" },
    execArgv: [...EXEC_ARGV, "--expose-gc"],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${args[0]} child did not answer within 120 s`));
    }, 120_000);
    let steps: MemoryStep[] | undefined;
    // Resolved only once the child has exited: a PGlite child may still be closing its folder after it reported.
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (steps !== undefined) resolve(steps);
      else reject(new Error(`${args[0]} child exited (code ${code}) without its steps`));
    });
    child.on("message", (message: ChildMessage) => {
      if (message.type === "steps") steps = message.steps;
    });
  });
}
