/**
 * Entry point of a benchmark child process: the bot (`startApp`), a bare
 * Bolt app, or a bare botbuilder bot, each on its own loopback port, so its
 * RSS is its own. Talks to the parent over IPC: `ready` with the URL, `mem`
 * on request, exits on `close`. `memory-steps` instead loads the bot's
 * heavy parts one after another and reports RSS after each (`steps`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { ChildMessage, ParentMessage } from "./child-protocol.js";

const kind = process.argv[2];
const send = (message: ChildMessage): void => {
  process.send?.(message);
};

async function startBot(): Promise<{ url: string; close: () => Promise<void> }> {
  const [{ startApp }, { createLogger }] = await Promise.all([import("../../src/app.js"), import("../../src/log.js")]);
  const env: Record<string, string | undefined> = { ...process.env };
  const app = await startApp({ env, cwd: process.cwd(), port: 0, host: "127.0.0.1", logger: createLogger({ level: "silent" }) });
  return { url: app.url, close: () => app.close() };
}

async function startBolt(): Promise<{ url: string; close: () => Promise<void> }> {
  const { App, HTTPReceiver, LogLevel } = await import("@slack/bolt");
  const receiver = new HTTPReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET ?? "", endpoints: "/slack/events", logLevel: LogLevel.ERROR });
  const app = new App({
    receiver,
    authorize: async () => ({ botToken: process.env.SLACK_BOT_TOKEN ?? "", botId: "B0BOT", botUserId: "U0BOT" }),
    clientOptions: { slackApiUrl: process.env.SLACK_API_URL ?? "http://127.0.0.1:9/api/" },
    logLevel: LogLevel.ERROR,
    ignoreSelf: false,
  });
  app.command("/sar", async ({ ack }) => {
    await ack();
  });
  const server = await receiver.start(0);
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => receiver.stop() };
}

async function startBareTeams(): Promise<{ url: string; close: () => Promise<void> }> {
  const { CloudAdapter, ConfigurationBotFrameworkAuthentication, ActivityHandler } = await import("botbuilder");
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  class EmptyTaskBot extends ActivityHandler {
    protected override async onInvokeActivity() {
      return { status: 200, body: { task: { type: "continue", value: { title: "", card: { contentType: "application/vnd.microsoft.card.adaptive", content: { type: "AdaptiveCard", version: "1.5", body: [] } } } } } };
    }
  }
  const bot = new EmptyTaskBot();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
      const request = { method: "POST", body, headers: req.headers };
      let status = 200;
      let payload: unknown;
      const response = {
        socket: null,
        status(code: number) {
          status = code;
          return response;
        },
        header() {
          return response;
        },
        send(b?: unknown) {
          payload = b;
          return response;
        },
        end() {
          return response;
        },
      };
      adapter
        .process(request, response, (context) => bot.run(context))
        .then(() => {
          const text = payload === undefined ? "" : JSON.stringify(payload);
          res.writeHead(status, { "content-type": "application/json" });
          res.end(text);
        })
        .catch(() => {
          res.writeHead(500);
          res.end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** RSS after each heavy part is loaded, in this order (each figure includes the ones before). */
async function memorySteps(): Promise<void> {
  const steps: { step: string; rss: number; heapUsed: number; external: number }[] = [];
  const measure = (step: string): void => {
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    steps.push({ step, rss: m.rss, heapUsed: m.heapUsed, external: m.external });
  };
  measure(import.meta.url.endsWith(".ts") ? "node + tsx" : "node");
  await import("@slack/bolt");
  measure("@slack/bolt");
  await Promise.all([import("pg-boss"), import("pg")]);
  measure("pg-boss + pg");
  await import("../../src/app.js");
  measure("the bot's modules (the src/app.ts graph; botbuilder, PGlite, the sandbox and the doctor load lazily)");
  await import("../../src/adapters/teams/teams-adapter.js");
  measure("botbuilder and the Teams adapter (loaded at the first Teams activity, or at start-up with Bot Framework credentials)");
  const { createPgliteExecutor } = await import("../../src/adapters/postgres/pglite-executor.js");
  const dir = await mkdtemp(join(tmpdir(), "oig-mem-"));
  const db = await createPgliteExecutor({ dataDir: join(dir, "pglite") });
  await db.query("select 1");
  measure("PGlite loaded and open with the bot's settings (WASM Postgres instance)");
  const { startSandbox } = await import("../../src/sandbox/index.js");
  const sandbox = await startSandbox({ seed: "demo" });
  measure("in-process Okta sandbox (demo seed)");
  await sandbox.close();
  await db.close();
  await rm(dir, { recursive: true, force: true });
  send({ type: "steps", steps });
}

/**
 * RSS of a fresh process that opened PGlite on `dataDir` (new or warm), with
 * PGlite's own defaults or with the bot's settings
 * (src/adapters/postgres/pglite-executor.ts), after a write of 20 000 rows
 * and a GC: what those settings buy.
 */
async function pgliteRss(variant: string | undefined, dataDir: string | undefined): Promise<void> {
  if (dataDir === undefined) throw new Error("pglite-rss needs a data folder");
  let db: { query: (text: string) => Promise<unknown>; close: () => Promise<void> };
  if (variant === "bot") {
    const { createPgliteExecutor } = await import("../../src/adapters/postgres/pglite-executor.js");
    db = await createPgliteExecutor({ dataDir });
  } else if (variant === "defaults") {
    const { PGlite } = await import("@electric-sql/pglite");
    db = await PGlite.create({ dataDir });
  } else {
    throw new Error(`unknown PGlite variant ${variant}`);
  }
  await db.query("create table if not exists t (id serial primary key, body text)");
  await db.query("insert into t (body) select repeat('x', 200) from generate_series(1, 20000)");
  await db.query("select count(*) from t");
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  send({ type: "steps", steps: [{ step: `PGlite open (${variant})`, rss: m.rss, heapUsed: m.heapUsed, external: m.external }] });
  await db.close();
}

async function main(): Promise<void> {
  if (kind === "memory-steps") {
    await memorySteps();
    process.exit(0);
  }
  if (kind === "pglite-rss") {
    await pgliteRss(process.argv[3], process.argv[4]);
    process.exit(0);
  }
  const started = performance.now();
  const running = kind === "bot" ? await startBot() : kind === "bolt" ? await startBolt() : kind === "teams-bare" ? await startBareTeams() : undefined;
  if (!running) throw new Error(`unknown child kind ${kind}`);
  process.on("message", (message: ParentMessage) => {
    if (message.type === "mem") {
      const m = process.memoryUsage();
      send({ type: "mem", rss: m.rss, heapUsed: m.heapUsed });
    } else if (message.type === "close") {
      void running.close().finally(() => process.exit(0));
    }
  });
  send({ type: "ready", url: running.url, startMs: performance.now() - started, uptimeMs: process.uptime() * 1000 });
}

main().catch((error: unknown) => {
  console.error(`bench child ${kind} failed:`, error);
  process.exit(1);
});
