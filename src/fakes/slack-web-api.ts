/**
 * A local Slack Web API for tests, the demo and the benchmarks: `node:http`
 * on 127.0.0.1 with a random port, answering the methods the bot calls the way Slack does (form
 * bodies, `{ ok, error }` answers, Slack's size limits on views and
 * messages), recording every call with its arguments and token, and
 * taking `response_url` posts. The bot reaches it through SLACK_API_URL.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DEMO_USERS } from "../sandbox/org/index.js";
import { messageLimitProblems, viewLimitProblems } from "./slack-limits.js";

export { messageLimitProblems, viewLimitProblems };

export interface FakeSlackUser {
  id: string;
  name: string;
  email?: string;
  deleted?: boolean;
  isBot?: boolean;
}

/** Slack users of the demo workspace, with the emails of the sandbox's demo users. */
export const SLACK_USERS = {
  alice: { id: "U0ALICE", name: "alice.responder", email: DEMO_USERS.alice.email },
  bob: { id: "U0BOB", name: "bob.lead", email: DEMO_USERS.bob.email },
  carol: { id: "U0CAROL", name: "carol.admin", email: DEMO_USERS.carol.email },
  dan: { id: "U0TARGET", name: "dan.target", email: DEMO_USERS.dan.email },
  erin: { id: "U0ERIN", name: "erin.reviewer", email: DEMO_USERS.erin.email },
  frank: { id: "U0FRANK", name: "frank.reviewer", email: DEMO_USERS.frank.email },
  grace: { id: "U0GRACE", name: "grace.governance", email: DEMO_USERS.grace.email },
  /** A Slack user whose email no Okta user has. */
  stranger: { id: "U0STRANGER", name: "stranger", email: "stranger@elsewhere.example" },
  /** A Slack user whose profile shows no email. */
  noEmail: { id: "U0NOEMAIL", name: "no.email" },
} as const satisfies Record<string, FakeSlackUser>;

export const FAKE_TEAM = { id: "T0DEMO", name: "Demo Incident Response" } as const;
export const FAKE_BOT = { userId: "U0BOT", botId: "B0BOT" } as const;
export const BOT_TOKEN = "xoxb-test-0000-bot-token";

export interface SlackApiCall {
  method: string;
  /** The bearer token the call carried (or its `token` argument). */
  token: string | undefined;
  /** Arguments, with JSON-valued ones (`view`, `blocks`) parsed. */
  args: Record<string, unknown>;
  /** What the fake answered (set once answered). */
  response?: Record<string, unknown>;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  text?: string;
  blocks?: unknown[];
  /** How many times `chat.update` changed it. */
  updates: number;
  deleted: boolean;
}

export interface FakeSlackApiOptions {
  users?: readonly FakeSlackUser[];
  botToken?: string;
  /** Channels the bot is not a member of (posting there fails with `not_in_channel`). */
  channelsWithoutBot?: readonly string[];
  /** Socket Mode: `apps.connections.open` with this app-level token answers `socketUrl` (a function: a fresh URL per call, as Slack's single-use tickets). */
  socketMode?: { appToken: string; socketUrl: string | (() => string) };
  /** Listen on this port (default: a random one), e.g. one a test first found closed. */
  port?: number;
}

export interface FakeSlackApi {
  /** Base URL for SLACK_API_URL, ending in `/api/`. */
  readonly url: string;
  readonly calls: readonly SlackApiCall[];
  /** Calls of one method, in order. */
  callsTo(method: string): SlackApiCall[];
  /** Polls until a call of `method` matching `predicate` arrived; fails naming what did arrive. */
  waitForCall(method: string, predicate?: (call: SlackApiCall) => boolean, timeoutMs?: number): Promise<SlackApiCall>;
  /** Messages posted (and updated) so far, by ts. */
  readonly messages: ReadonlyMap<string, PostedMessage>;
  /** Views opened (and updated) so far, by view id. */
  readonly views: ReadonlyMap<string, Record<string, unknown>>;
  /** Bodies posted to response URLs handed out by `responseUrl`. */
  readonly responses: readonly { name: string; body: Record<string, unknown> }[];
  /** A response_url for a payload; what is posted to it lands in `responses`. */
  responseUrl(name: string): string;
  /** The next call of `method` fails with Slack's `error` code. */
  failNext(method: string, error: string): void;
  /** The next `times` calls (default 1; Infinity: until `clearFailures`) of `method` get this HTTP status (a 5xx, or 429 with `retryAfterSeconds`) instead of an answer. */
  failNextHttp(method: string, status: number, options?: { retryAfterSeconds?: number; times?: number }): void;
  /** Drops the failures still queued for `method` (by `failNext` and `failNextHttp`): Slack answers again. */
  clearFailures(method: string): void;
  /** Files uploaded through files.getUploadURLExternal -> upload URL -> files.completeUploadExternal, by file id. */
  readonly files: ReadonlyMap<string, UploadedFile>;
  close(): Promise<void>;
}

/** A file uploaded the way Slack's external upload works; `channelId` is set once the upload is completed there. */
export interface UploadedFile {
  id: string;
  filename: string;
  /** The length files.getUploadURLExternal was told. */
  length: number;
  /** The raw body posted to the upload URL. */
  body: Buffer;
  contentType: string | undefined;
  channelId?: string;
  initialComment?: string;
  title?: string;
}

type Answer = Record<string, unknown>;

const REQUIRED: Record<string, readonly string[]> = {
  "users.info": ["user"],
  "views.open": ["trigger_id", "view"],
  "views.update": ["view"],
  "chat.postMessage": ["channel"],
  "chat.update": ["channel", "ts"],
  "chat.delete": ["channel", "ts"],
  "chat.postEphemeral": ["channel", "user"],
  "chat.getPermalink": ["channel", "message_ts"],
  "conversations.open": ["users"],
  "files.getUploadURLExternal": ["filename", "length"],
  "files.completeUploadExternal": ["files"],
};

const JSON_ARGS = new Set(["view", "blocks", "attachments", "metadata", "files"]);

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks).toString("utf8");
}

function parseArgs(contentType: string | undefined, text: string): Record<string, unknown> {
  if ((contentType ?? "").startsWith("application/json")) return text === "" ? {} : (JSON.parse(text) as Record<string, unknown>);
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    args[key] = JSON_ARGS.has(key) && /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return args;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** Starts the fake on 127.0.0.1 (random port). */
export async function startFakeSlackApi(options: FakeSlackApiOptions = {}): Promise<FakeSlackApi> {
  const users = new Map<string, FakeSlackUser>((options.users ?? Object.values(SLACK_USERS)).map((u) => [u.id, u]));
  const botToken = options.botToken ?? BOT_TOKEN;
  const withoutBot = new Set(options.channelsWithoutBot ?? []);
  const calls: SlackApiCall[] = [];
  const messages = new Map<string, PostedMessage>();
  const views = new Map<string, Record<string, unknown>>();
  const responses: { name: string; body: Record<string, unknown> }[] = [];
  const failures = new Map<string, string[]>();
  const httpFailures = new Map<string, { status: number; retryAfterSeconds?: number; remaining: number }[]>();
  const files = new Map<string, UploadedFile>();
  let counter = 0;
  const nextTs = () => `${1_700_000_000 + ++counter}.${String(counter).padStart(6, "0")}`;

  const postMessage = (args: Answer): Answer => {
    const channel = String(args.channel);
    if (withoutBot.has(channel)) return { ok: false, error: "not_in_channel" };
    if (typeof args.thread_ts === "string" && !messages.has(args.thread_ts)) return { ok: false, error: "thread_not_found" };
    const ts = nextTs();
    const message: PostedMessage = { channel, ts, updates: 0, deleted: false };
    if (typeof args.thread_ts === "string") message.threadTs = args.thread_ts;
    if (typeof args.text === "string") message.text = args.text;
    if (Array.isArray(args.blocks)) message.blocks = args.blocks;
    messages.set(ts, message);
    return { ok: true, channel, ts, message: { text: message.text, ts, blocks: message.blocks } };
  };

  const methods: Record<string, (args: Answer) => Answer> = {
    "auth.test": () => ({ ok: true, url: "https://demo.slack.example/", team: FAKE_TEAM.name, team_id: FAKE_TEAM.id, user: "oig-chatops", user_id: FAKE_BOT.userId, bot_id: FAKE_BOT.botId }),
    "users.info": (args) => {
      const user = users.get(String(args.user));
      if (user === undefined) return { ok: false, error: "user_not_found" };
      return {
        ok: true,
        user: {
          id: user.id,
          team_id: FAKE_TEAM.id,
          name: user.name,
          deleted: user.deleted ?? false,
          is_bot: user.isBot ?? false,
          profile: { real_name: user.name, display_name: user.name, ...(user.email !== undefined && { email: user.email }) },
        },
      };
    },
    "views.open": (args) => {
      const view = args.view as Record<string, unknown>;
      const id = `V${String(++counter).padStart(8, "0")}`;
      const stored = { ...view, id, hash: `${counter}.hash`, team_id: FAKE_TEAM.id };
      views.set(id, stored);
      return { ok: true, view: stored };
    },
    "views.update": (args) => {
      const id = typeof args.view_id === "string" ? args.view_id : "";
      if (!views.has(id)) return { ok: false, error: "not_found" };
      const stored = { ...(args.view as Record<string, unknown>), id, hash: `${++counter}.hash`, team_id: FAKE_TEAM.id };
      views.set(id, stored);
      return { ok: true, view: stored };
    },
    "chat.postMessage": postMessage,
    "chat.update": (args) => {
      const message = messages.get(String(args.ts));
      if (message === undefined || message.channel !== args.channel || message.deleted) return { ok: false, error: "message_not_found" };
      if (typeof args.text === "string") message.text = args.text;
      if (Array.isArray(args.blocks)) message.blocks = args.blocks;
      message.updates += 1;
      return { ok: true, channel: message.channel, ts: message.ts };
    },
    "chat.delete": (args) => {
      const message = messages.get(String(args.ts));
      if (message === undefined || message.channel !== args.channel) return { ok: false, error: "message_not_found" };
      message.deleted = true;
      return { ok: true, channel: message.channel, ts: message.ts };
    },
    "chat.postEphemeral": (args) => (withoutBot.has(String(args.channel)) ? { ok: false, error: "channel_not_found" } : { ok: true, message_ts: nextTs() }),
    "conversations.open": (args) => ({ ok: true, channel: { id: `D${String(args.users).replace(/^U/, "")}` } }),
    "files.getUploadURLExternal": (args) => {
      const id = `F${String(++counter).padStart(8, "0")}`;
      files.set(id, { id, filename: String(args.filename), length: Number(args.length), body: Buffer.alloc(0), contentType: undefined });
      return { ok: true, upload_url: `${base}/upload/${id}`, file_id: id };
    },
    "files.completeUploadExternal": (args) => {
      const listed = Array.isArray(args.files) ? (args.files as { id?: unknown; title?: unknown }[]) : [];
      const found = listed.map((f) => files.get(String(f.id)));
      if (found.some((f) => f === undefined || f.body.length === 0)) return { ok: false, error: "file_not_found" };
      for (const [i, file] of found.entries()) {
        if (file === undefined) continue;
        if (typeof args.channel_id === "string") file.channelId = args.channel_id;
        if (typeof args.initial_comment === "string") file.initialComment = args.initial_comment;
        const title = listed[i]?.title;
        if (typeof title === "string") file.title = title;
      }
      return { ok: true, files: found.map((f) => ({ id: f?.id, title: f?.title ?? f?.filename })) };
    },
    "chat.getPermalink": (args) => ({
      ok: true,
      channel: args.channel,
      permalink: `https://demo.slack.example/archives/${String(args.channel)}/p${String(args.message_ts).replace(".", "")}`,
    }),
  };

  const limitsOf = (method: string, args: Answer): string[] => {
    if (method === "views.open" || method === "views.update") return viewLimitProblems(args.view);
    if (method.startsWith("chat.post") || method === "chat.update") return messageLimitProblems(args);
    return [];
  };

  const answer = (method: string, token: string | undefined, args: Answer): Answer => {
    const failure = failures.get(method)?.shift();
    if (failure !== undefined) return { ok: false, error: failure };
    if (method === "apps.connections.open" && options.socketMode !== undefined) {
      const { socketUrl } = options.socketMode;
      return token === options.socketMode.appToken ? { ok: true, url: typeof socketUrl === "function" ? socketUrl() : socketUrl } : { ok: false, error: "invalid_auth" };
    }
    const handler = methods[method];
    if (handler === undefined) return { ok: false, error: "unknown_method" };
    if (token !== botToken) return { ok: false, error: token === undefined ? "not_authed" : "invalid_auth" };
    const missing = (REQUIRED[method] ?? []).filter((name) => args[name] === undefined || args[name] === "");
    if (method === "views.update" && args.view_id === undefined && args.external_id === undefined) missing.push("view_id");
    if (missing.length > 0) return { ok: false, error: "invalid_arguments", response_metadata: { messages: missing.map((m) => `[ERROR] missing required field: ${m}`) } };
    const problems = limitsOf(method, args);
    if (problems.length > 0) {
      return { ok: false, error: method.startsWith("views.") ? "invalid_arguments" : "invalid_blocks", response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } };
    }
    return handler(args);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const upload = req.method === "POST" ? files.get(decodeURIComponent(url.pathname.slice("/upload/".length))) : undefined;
      if (url.pathname.startsWith("/upload/")) {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
        if (upload === undefined) return reply(res, 404, { ok: false, error: "not_found" });
        upload.body = Buffer.concat(chunks);
        upload.contentType = req.headers["content-type"];
        res.writeHead(200, { "content-type": "text/plain" });
        return res.end(`OK - ${upload.body.length}`);
      }
      const text = await readText(req);
      if (req.method === "POST" && url.pathname.startsWith("/response/")) {
        responses.push({ name: decodeURIComponent(url.pathname.slice("/response/".length)), body: JSON.parse(text) as Record<string, unknown> });
        return reply(res, 200, { ok: true });
      }
      if (!url.pathname.startsWith("/api/")) return reply(res, 404, { ok: false, error: "not_found" });
      const method = url.pathname.slice("/api/".length);
      const args = { ...Object.fromEntries(url.searchParams), ...parseArgs(req.headers["content-type"], text) };
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      const token = bearer ?? (typeof args.token === "string" ? args.token : undefined);
      delete args.token;
      const call: SlackApiCall = { method, token, args };
      calls.push(call);
      const httpFailure = httpFailures.get(method)?.[0];
      if (httpFailure !== undefined) {
        if (--httpFailure.remaining <= 0) httpFailures.get(method)?.shift();
        call.response = { httpStatus: httpFailure.status };
        res.writeHead(httpFailure.status, { "content-type": "text/plain", ...(httpFailure.retryAfterSeconds !== undefined && { "retry-after": String(httpFailure.retryAfterSeconds) }) });
        return res.end(`HTTP ${httpFailure.status}`);
      }
      call.response = answer(method, token, args);
      reply(res, 200, call.response);
    })().catch((err: unknown) => reply(res, 500, { ok: false, error: "fake_slack_failed", detail: String(err) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${base}/api/`,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    async waitForCall(method, predicate = () => true, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = calls.find((c) => c.method === method && predicate(c));
        if (found !== undefined) return found;
        if (Date.now() > deadline) {
          throw new Error(`no ${method} call matching the test within ${timeoutMs} ms; calls seen: ${calls.map((c) => c.method).join(", ") || "none"}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    messages,
    views,
    responses,
    responseUrl: (name) => `${base}/response/${encodeURIComponent(name)}`,
    failNext(method, error) {
      failures.set(method, [...(failures.get(method) ?? []), error]);
    },
    failNextHttp(method, status, { retryAfterSeconds, times = 1 } = {}) {
      httpFailures.set(method, [...(httpFailures.get(method) ?? []), { status, remaining: times, ...(retryAfterSeconds !== undefined && { retryAfterSeconds }) }]);
    },
    clearFailures(method) {
      failures.delete(method);
      httpFailures.delete(method);
    },
    files,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
