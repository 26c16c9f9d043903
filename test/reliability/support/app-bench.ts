/**
 * The whole bot against local fakes, for the reliability and end-to-end
 * tests: the rig in src/fakes/whole-bot.ts (the demo and the benchmarks use
 * it too) with the app's own `startApp`, plus test-only helpers (`until`,
 * markers, a recording proxy, free ports).
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startApp, type RunningApp } from "../../../src/app.js";
import { createLogger } from "../../../src/log.js";
import type { Clock } from "../../../src/governance/ports.js";
import { startSandbox, type RunningSandbox, type StartSandboxOptions } from "../../../src/sandbox/index.js";
import { startFakeSlackApi } from "../../../src/fakes/slack-web-api.js";
import { startBot as startRigBot, type BotInstance } from "../../../src/fakes/whole-bot.js";

export { captureLogs, oktaEnv, slackEnv, SlackDriver, type LogCapture } from "../../../src/fakes/whole-bot.js";

export const CHAOS = process.env.CHAOS === "1";

/** Polls `condition` (bounded) and fails naming `what`. */
export async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export type AppInstance = BotInstance<RunningApp>;

/** Starts the bot with `env` (plus the sample policy and a temp DATA_DIR unless `env` names them), logs captured. */
export function startBot(env: Record<string, string>, logLevel = "info", clock?: Clock): Promise<AppInstance> {
  return startRigBot({ startApp, createLogger }, env, { logLevel, ...(clock === undefined ? {} : { clock }) });
}

export const launchForm = (marker: string) => ({
  target: "@dan.target",
  reviewers: "erin.reviewer@example.com",
  durationDays: "7",
  reason: `reliability ${marker}`,
  incidentRef: marker,
});

/** Number of SARs in the sandbox whose name carries `marker` as a whole word (INC-1 does not match INC-10). */
export const sarsNamed = (sandbox: RunningSandbox, marker: string) => {
  const word = new RegExp(`(^|[^A-Za-z0-9-])${marker.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^A-Za-z0-9-])`);
  return sandbox.org.listSars().filter((s) => word.test(s.name)).length;
};

export async function startOktaSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  return startSandbox({ seed: "demo", sarActivationDelayMs: 3_600_000, ...options });
}

export interface RecordedExchange {
  method: string;
  path: string;
  requestHeaders: IncomingMessage["headers"];
  requestBody: string;
  status: number;
  responseBody: string;
}

/** A loopback pass-through in front of the sandbox that records every exchange (to learn the tokens it issued). */
export interface RecordingProxy {
  url: string;
  exchanges: RecordedExchange[];
  setTarget(url: string): void;
  close(): Promise<void>;
}

export async function startRecordingProxy(): Promise<RecordingProxy> {
  let target = "";
  const exchanges: RecordedExchange[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const requestBody = Buffer.concat(chunks).toString("utf8");
      const target_ = new URL(target);
      const upstream = await new Promise<{ status: number; headers: IncomingMessage["headers"]; body: string }>((resolve, reject) => {
        const forward = httpRequest(
          { host: target_.hostname, port: target_.port, method: req.method ?? "GET", path: req.url ?? "/", headers: req.headers },
          (up) => {
            const parts: Buffer[] = [];
            up.on("data", (c: Buffer) => parts.push(c));
            up.on("end", () => resolve({ status: up.statusCode ?? 502, headers: up.headers, body: Buffer.concat(parts).toString("utf8") }));
            up.on("error", reject);
          },
        );
        forward.on("error", reject);
        forward.end(requestBody);
      });
      exchanges.push({ method: req.method ?? "GET", path: req.url ?? "/", requestHeaders: req.headers, requestBody, status: upstream.status, responseBody: upstream.body });
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(upstream.headers)) if (v !== undefined && k !== "content-length" && k !== "transfer-encoding" && k !== "connection") out[k] = v;
      res.writeHead(upstream.status, out).end(upstream.body);
    })().catch(() => res.writeHead(502).end());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    setTarget: (url) => {
      target = url.replace(/\/+$/, "");
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A free loopback port (listen on 0, close). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export { startFakeSlackApi };
