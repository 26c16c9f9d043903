/**
 * The bot's Slack Web API client (one per adapter, shared by the handlers
 * and the notifier) and the reading of its errors. `apiUrl` is
 * SLACK_API_URL, so tests and proxies get every call.
 */
import { LogLevel, type Logger as SlackLogger } from "@slack/bolt";
import { webApi } from "@slack/bolt";
import type { Logger } from "pino";

export type WebClient = InstanceType<typeof webApi.WebClient>;

export interface SlackWebOptions {
  botToken: string;
  apiUrl: string;
  logger: Logger;
  /** Retries of a failed call (network errors, 5xx); Slack's 429s are waited out separately. Default 2. */
  retries?: number;
  /** How long one HTTP request may take before it is abandoned (a Slack that accepts and never answers must not hang start-up). Default 10 s. */
  timeoutMs?: number;
}

/** Slack's packages log through this, at the levels pino has enabled. */
export function boltLogger(logger: Logger): SlackLogger {
  let level: LogLevel = LogLevel.INFO;
  const text = (parts: unknown[]) => parts.map((p) => (typeof p === "string" ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(" ");
  return {
    debug: (...parts) => logger.debug(text(parts)),
    info: (...parts) => logger.info(text(parts)),
    warn: (...parts) => logger.warn(text(parts)),
    error: (...parts) => logger.error(text(parts)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

export function createSlackWebClient(options: SlackWebOptions): WebClient {
  return new webApi.WebClient(options.botToken, {
    slackApiUrl: options.apiUrl,
    logger: boltLogger(options.logger.child({ component: "slack-web-api" })),
    retryConfig: { retries: options.retries ?? 2, factor: 2, minTimeout: 200, maxTimeout: 2_000 },
    timeout: options.timeoutMs ?? 10_000,
  });
}

/** How many errors deep `networkErrorCode` looks (a request error, fetch's error, the system error). */
const MAX_CAUSE_DEPTH = 4;

/**
 * The system error code (`ECONNREFUSED`, `ENOTFOUND`, ...) behind a request
 * that never got an answer. The Slack client's request error wraps fetch's
 * error (its `cause`, also `original`), which names only "fetch failed" and
 * carries the system error on its own `cause`; older clients put the code on
 * `original`. The client's own codes (`slack_webapi_...`) are not system codes.
 */
export function networkErrorCode(err: unknown): string | undefined {
  let current: unknown = err;
  const seen = new Set<unknown>();
  for (let depth = 0; depth <= MAX_CAUSE_DEPTH && typeof current === "object" && current !== null && !seen.has(current); depth += 1) {
    seen.add(current);
    const { code, cause, original } = current as { code?: unknown; cause?: unknown; original?: unknown };
    if (typeof code === "string" && !code.startsWith("slack_")) return code;
    current = cause ?? original;
  }
  return undefined;
}

/**
 * Slack's error code (`channel_not_found`, `invalid_auth`, ...) of a failed
 * call; for a request that got no answer, the system error's code
 * (`ECONNREFUSED`, ...); otherwise the client's own code.
 */
export function slackErrorCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const data = (err as { data?: { error?: unknown } }).data;
  if (typeof data?.error === "string") return data.error;
  const network = networkErrorCode(err);
  if (network !== undefined) return network;
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/** What to log about a failed Slack call: codes and the message, never the request (it holds the token). */
export function describeSlackError(err: unknown): { slackError?: string; message: string } {
  const code = slackErrorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  return { ...(code !== undefined && { slackError: code }), message };
}

/**
 * An error as it may be logged: a Slack client error is reduced to its codes
 * and message (a request error wraps the HTTP client's error, which may hold
 * the request and its Authorization header); anything else is left to pino.
 */
export function loggableError(err: unknown): unknown {
  const code = typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
  if (typeof code === "string" && code.startsWith("slack_")) return { type: "SlackWebApiError", code, ...describeSlackError(err) };
  return err;
}
