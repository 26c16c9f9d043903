/**
 * The whole bot as it runs in production (`startApp`: config, logger, Okta
 * client, store, pg-boss, Slack and Teams adapters) against local fakes: the
 * Okta sandbox over HTTP, the fake Slack Web API and the fake Bot Connector.
 * One rig for everything that starts the bot this way: the demo, the
 * benchmarks and the end-to-end, reliability and metrics tests.
 *
 * - `startPeers`: the fakes, a policy file and the environment pointing the
 *   bot at them.
 * - `startBot`: `startApp` on a free loopback port with a temporary data
 *   folder, logs captured line by line (or dropped). The fakes stand apart
 *   from the bot (nothing under src/ imports the composition root), so the
 *   caller hands in `{ startApp, createLogger }`.
 * - `SlackDriver`: signed requests to the bot the way people use Slack
 *   (commands, the launch form, buttons) and what the fake Slack then holds.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { packageRoot } from "../runtime/package-root.js";
import { startSandbox, type RunningSandbox, type StartSandboxOptions } from "../sandbox/index.js";
import { startFakeBotConnector, type FakeBotConnector } from "./bot-connector.js";
import { blockActionPayload, interactionBody, nextTriggerId, postSigned, SIGNING_SECRET, slashCommandBody, viewSubmissionPayload, type SlackUserRef } from "./slack-requests.js";
import { BOT_TOKEN, startFakeSlackApi, type FakeSlackApi, type SlackApiCall } from "./slack-web-api.js";

/** The root of this package (where `policy.yaml` lives), from source or from `dist/`. */
export const PACKAGE_ROOT = packageRoot(import.meta.url);

/** The sample policy shipped with the package. */
export const SAMPLE_POLICY_FILE = join(PACKAGE_ROOT, "policy.yaml");

export interface LogCapture {
  lines: string[];
  stream: Writable;
}

/** A log destination that keeps every complete line. */
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

/** A log destination that drops everything. */
export function discardLogs(): Writable {
  return new Writable({ write: (_chunk, _enc, done) => done() });
}

/** How the bot signs in to the sandbox: its demo private_key_jwt client, or its API token (SSWS). */
export type SandboxAuth = "private_key_jwt" | "api-token";

/** Env pointing the bot at `sandbox` (by default with its demo private_key_jwt client). */
export function oktaEnv(sandbox: RunningSandbox, orgUrl = sandbox.url, auth: SandboxAuth = "private_key_jwt"): Record<string, string> {
  if (auth === "api-token") return { OKTA_ORG_URL: orgUrl, OKTA_API_TOKEN: sandbox.apiToken };
  return {
    OKTA_ORG_URL: orgUrl,
    OKTA_CLIENT_ID: sandbox.clientId,
    OKTA_PRIVATE_KEY: JSON.stringify(sandbox.privateJwk),
    OKTA_KEY_ID: sandbox.keyId,
  };
}

/** Env pointing the bot's Slack adapter (HTTP mode) at the fake Slack Web API. */
export function slackEnv(slack: FakeSlackApi): Record<string, string> {
  return { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: slack.url };
}

/** The two functions of the composition root the rig calls (`src/app.ts`'s `startApp`, `src/log.ts`'s `createLogger`). */
export interface Composition<App extends { close(): Promise<void> }, Logger, Clock> {
  startApp(options: { env: Record<string, string>; cwd: string; port: number; host: string; logger: Logger; clock?: Clock }): Promise<App>;
  createLogger(options: { level: string; destination: Writable }): Logger;
}

export interface StartBotOptions<Clock = unknown> {
  /** Logger level, also given to the app as LOG_LEVEL (default "info"). */
  logLevel?: string;
  /** Keep the log lines (default) or drop them. */
  logs?: "capture" | "discard";
  clock?: Clock;
  /** The app's working directory; default a fresh temporary folder, removed on close. */
  cwd?: string;
}

export interface BotInstance<App> {
  app: App;
  /** The captured log lines (empty when logs are discarded). */
  logs: LogCapture;
  close(): Promise<void>;
}

/**
 * Starts the bot with `env` on a free loopback port. Unless `env` says
 * otherwise it gets the sample policy and a data folder in a temporary
 * directory (removed on close).
 */
export async function startBot<App extends { close(): Promise<void> }, Logger, Clock>(
  composition: Composition<App, Logger, Clock>,
  env: Record<string, string>,
  options: StartBotOptions<Clock> = {},
): Promise<BotInstance<App>> {
  const logLevel = options.logLevel ?? "info";
  const dir = options.cwd === undefined || env.DATA_DIR === undefined ? await mkdtemp(join(tmpdir(), "oig-bot-")) : undefined;
  const removeDir = async (): Promise<void> => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  };
  const logs = captureLogs();
  const destination = options.logs === "discard" ? discardLogs() : logs.stream;
  try {
    const app = await composition.startApp({
      env: { POLICY_FILE: SAMPLE_POLICY_FILE, ...(dir === undefined ? {} : { DATA_DIR: join(dir, "data") }), LOG_LEVEL: logLevel, ...env },
      cwd: options.cwd ?? dir ?? PACKAGE_ROOT,
      port: 0,
      host: "127.0.0.1",
      logger: composition.createLogger({ level: logLevel, destination }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    });
    let closed = false;
    return {
      app,
      logs,
      async close() {
        if (closed) return;
        closed = true;
        await app.close();
        await removeDir();
      },
    };
  } catch (error) {
    await removeDir();
    throw error;
  }
}

export interface Peers {
  /** A temporary folder holding the policy and the bots' data folders (removed on close). */
  dir: string;
  sandbox: RunningSandbox;
  slack: FakeSlackApi;
  /** The fake Bot Connector, when asked for (`teams: true`). */
  connector?: FakeBotConnector;
  /** Environment for `startBot`/`startApp` (or a bot child) using these peers: a fresh data folder each call. */
  env(extra?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

export interface PeersOptions {
  /** Launches need no approval (the sample policy with `required: false`). */
  noApproval?: boolean;
  /** Options for the sandbox (seeded with the demo org unless given). */
  sandbox?: StartSandboxOptions;
  /** How the bot signs in to the sandbox (default private_key_jwt, with the sandbox's scopes). */
  oktaAuth?: SandboxAuth;
  /** Also start the fake Bot Connector for Teams. */
  teams?: boolean;
  /** LOG_LEVEL in `env()` (default "silent"). */
  logLevel?: string;
}

/** The bot's peers: the Okta sandbox, the fake Slack Web API, optionally the fake Bot Connector, and a policy. */
export async function startPeers(options: PeersOptions = {}): Promise<Peers> {
  const dir = await mkdtemp(join(tmpdir(), "oig-peers-"));
  const closers: (() => Promise<void>)[] = [async () => rm(dir, { recursive: true, force: true })];
  const closeAll = async (): Promise<void> => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  };
  try {
    const sandbox = await startSandbox({ seed: "demo", ...options.sandbox });
    closers.push(() => sandbox.close());
    const slack = await startFakeSlackApi();
    closers.push(() => slack.close());
    const connector = options.teams === true ? await startFakeBotConnector() : undefined;
    if (connector !== undefined) closers.push(() => connector.close());
    const policy = await readFile(SAMPLE_POLICY_FILE, "utf8");
    const policyFile = join(dir, "policy.yaml");
    await writeFile(policyFile, options.noApproval === true ? policy.replace("required: true", "required: false") : policy);
    const auth = options.oktaAuth ?? "private_key_jwt";
    let dataDirs = 0;
    return {
      dir,
      sandbox,
      slack,
      ...(connector === undefined ? {} : { connector }),
      env: (extra = {}) => ({
        DATA_DIR: join(dir, `data-${++dataDirs}`),
        POLICY_FILE: policyFile,
        ...oktaEnv(sandbox, sandbox.url, auth),
        ...(auth === "private_key_jwt" ? { OKTA_SCOPES: sandbox.scopes.join(" ") } : {}),
        ...slackEnv(slack),
        LOG_LEVEL: options.logLevel ?? "silent",
        ...extra,
      }),
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** Drives Slack toward one bot URL, the way people do, and reads what the fake Slack then holds. */
export class SlackDriver {
  constructor(
    readonly slack: FakeSlackApi,
    readonly url: () => string,
  ) {}

  command(user: SlackUserRef, text: string, o: { triggerId?: string; retryNum?: number } = {}): Promise<Response> {
    return postSigned(this.url(), slashCommandBody({ user, text, triggerId: o.triggerId ?? nextTriggerId() }), o.retryNum === undefined ? {} : { retryNum: o.retryNum });
  }

  /** Runs the launch command and returns the form once it replaced "Loading…". */
  async openForm(user: SlackUserRef, text: string, timeoutMs = 30_000): Promise<Record<string, unknown>> {
    const triggerId = nextTriggerId();
    const res = await this.command(user, text, { triggerId });
    if (res.status !== 200) throw new Error(`command answered ${res.status}`);
    const opened = await this.slack.waitForCall("views.open", (c: SlackApiCall) => c.args.trigger_id === triggerId, timeoutMs);
    const id = (opened.response?.view as { id?: string } | undefined)?.id;
    const updated = await this.slack.waitForCall("views.update", (c) => c.args.view_id === id, timeoutMs);
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

  /** The approval card mentioning `marker` (any card when empty), once posted: its ts and the launch id on its Approve button. */
  async card(marker: string, timeoutMs = 30_000): Promise<{ ts: string; launchId: string }> {
    const card = await this.slack.waitForCall("chat.postMessage", (c) => JSON.stringify(c.args.blocks ?? "").includes("sar_approve") && JSON.stringify(c.args.blocks).includes(marker), timeoutMs);
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
