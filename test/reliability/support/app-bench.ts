/**
 * The whole bot as it runs in production (`startApp`: config, logger, Okta
 * client, store, pg-boss, Slack and Teams adapters) against local fakes: the
 * Okta sandbox over HTTP (private_key_jwt with its demo client), the fake
 * Slack Web API and, for Teams, the fake Bot Connector. Logs are captured
 * line by line. Helpers drive Slack the way people do.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { startApp, type RunningApp } from "../../../src/app.js";
import { createLogger } from "../../../src/log.js";
import type { Clock } from "../../../src/governance/ports.js";
import { startSandbox, type RunningSandbox, type StartSandboxOptions } from "../../../src/sandbox/index.js";
import { BOT_TOKEN, startFakeSlackApi, type FakeSlackApi, type SlackApiCall } from "../../../src/fakes/slack-web-api.js";
import { blockActionPayload, interactionBody, nextTriggerId, postSigned, SIGNING_SECRET, slashCommandBody, viewSubmissionPayload, type SlackUserRef } from "../../../src/fakes/slack-requests.js";
import { repoRoot } from "../../support/shared-dir.js";

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

export interface LogCapture {
  lines: string[];
  stream: Writable;
}

export function captureLogs(): LogCapture {
  const lines: string[] = [];
  let partial = "";
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      partial += chunk.toString();
      const parts = partial.split("\n");
      partial = parts.pop() ?? "";
      lines.push(...parts.filter((l) => l !== ""));
      done();
    },
  });
  return { lines, stream };
}

/** Env pointing the bot at `sandbox` with its demo private_key_jwt client. */
export function oktaEnv(sandbox: RunningSandbox, orgUrl = sandbox.url): Record<string, string> {
  return {
    OKTA_ORG_URL: orgUrl,
    OKTA_CLIENT_ID: sandbox.clientId,
    OKTA_PRIVATE_KEY: JSON.stringify(sandbox.privateJwk),
    OKTA_KEY_ID: sandbox.keyId,
  };
}

export function slackEnv(slack: FakeSlackApi): Record<string, string> {
  return { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: slack.url };
}

export interface AppInstance {
  app: RunningApp;
  logs: LogCapture;
  close(): Promise<void>;
}

/** Starts the bot with `env` (plus a policy and a temp DATA_DIR unless DATABASE_URL is set). */
export async function startBot(env: Record<string, string>, logLevel = "info", clock?: Clock): Promise<AppInstance> {
  const dir = await mkdtemp(join(tmpdir(), "oig-reliability-"));
  const logs = captureLogs();
  try {
    const app = await startApp({
      env: { POLICY_FILE: join(repoRoot, "policy.yaml"), DATA_DIR: join(dir, "data"), LOG_LEVEL: logLevel, ...env },
      cwd: dir,
      port: 0,
      host: "127.0.0.1",
      logger: createLogger({ level: logLevel, destination: logs.stream }),
      ...(clock === undefined ? {} : { clock }),
    });
    let closed = false;
    return {
      app,
      logs,
      async close() {
        if (closed) return;
        closed = true;
        await app.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Drives Slack toward one bot URL. */
export class SlackDriver {
  constructor(
    readonly slack: FakeSlackApi,
    readonly url: () => string,
  ) {}

  command(user: SlackUserRef, text: string, o: { triggerId?: string; retryNum?: number } = {}): Promise<Response> {
    return postSigned(this.url(), slashCommandBody({ user, text, triggerId: o.triggerId ?? nextTriggerId() }), o.retryNum === undefined ? {} : { retryNum: o.retryNum });
  }

  /** Runs the launch command and returns the form once it replaced "Loading…". */
  async openForm(user: SlackUserRef, text: string): Promise<Record<string, unknown>> {
    const triggerId = nextTriggerId();
    const res = await this.command(user, text, { triggerId });
    if (res.status !== 200) throw new Error(`command answered ${res.status}`);
    const opened = await this.slack.waitForCall("views.open", (c: SlackApiCall) => c.args.trigger_id === triggerId, 30_000);
    const id = (opened.response?.view as { id?: string } | undefined)?.id;
    const updated = await this.slack.waitForCall("views.update", (c) => c.args.view_id === id, 30_000);
    return this.view(updated.args.view_id);
  }

  submit(user: SlackUserRef, view: Record<string, unknown>, values: Record<string, string>, retryNum?: number): Promise<Response> {
    return postSigned(this.url(), interactionBody(viewSubmissionPayload(user, view, values)), retryNum === undefined ? {} : { retryNum });
  }

  click(user: SlackUserRef, actionId: string, value: string, messageTs: string, retryNum?: number): Promise<Response> {
    return postSigned(this.url(), interactionBody(blockActionPayload({ user, actionId, value, messageTs })), retryNum === undefined ? {} : { retryNum });
  }

  view(id: unknown): Record<string, unknown> {
    const view = this.slack.views.get(String(id));
    if (view === undefined) throw new Error(`no view ${String(id)} in the fake Slack`);
    return view;
  }

  /** The approval card mentioning `marker`, once posted: its ts and the launch id on its Approve button. */
  async card(marker: string): Promise<{ ts: string; launchId: string }> {
    const card = await this.slack.waitForCall("chat.postMessage", (c) => JSON.stringify(c.args.blocks ?? "").includes("sar_approve") && JSON.stringify(c.args.blocks).includes(marker), 30_000);
    const launchId = String(
      (card.args.blocks as { elements?: { action_id: string; value: string }[] }[]).flatMap((b) => b.elements ?? []).find((el) => el.action_id === "sar_approve")?.value,
    );
    return { ts: String(card.response?.ts), launchId };
  }

  /** Thread messages under `ts` so far. */
  thread(ts: string): string[] {
    return this.slack
      .callsTo("chat.postMessage")
      .filter((c) => c.args.thread_ts === ts)
      .map((c) => String(c.args.text));
  }
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
