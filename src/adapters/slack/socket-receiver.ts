/**
 * Bolt's Socket Mode receiver with the ack guarantee of the HTTP receiver:
 * every envelope is acked on the connection it came on, also when no
 * listener matched it (a retired button, an event the app does not handle)
 * or the listener never acked; a second or late ack is dropped. Without
 * this, Slack re-sends such an envelope on every connection of every
 * replica and finally shows the person an error. Work after the ack is
 * bounded and tracked as over HTTP (`PostAckWork`), so `drain()` lets
 * shutdown wait for it before the database closes. It also tracks whether
 * the WebSocket is open, for `/readyz`, and owns the (re)connecting: start-up
 * is bounded (a refused app-level token or app set-up fails it with one line;
 * an unreachable Slack only delays it up to a deadline, then the connection
 * keeps being retried in the background), and no attempt retries forever
 * inside Slack's client.
 */
import { SocketModeReceiver, webApi, type App, type Logger as SlackLogger, type Receiver, type ReceiverEvent } from "@slack/bolt";
import type { Logger } from "pino";
import { PostAckWork } from "../http/post-ack-work.js";
import { boltLogger, loggableError, networkErrorCode } from "./slack-web.js";

/** Slack waits 3 s for the ack; answering a little earlier leaves room for the network. */
const ACK_DEADLINE_MS = 2_500;

const UNPARSABLE = "(will ignore):";

/** Cuts a JSON document ending a log line (an envelope, an ack body), or the raw text after a parse failure. */
function scrubPayload(text: string): string {
  const unparsable = text.indexOf(UNPARSABLE);
  if (unparsable >= 0) return `${text.slice(0, unparsable + UNPARSABLE.length)} [payload not logged]`;
  const brace = text.indexOf("{");
  if (brace < 0 || !(text.endsWith("}") || text.endsWith("})"))) return text;
  return `${text.slice(0, brace)}[payload not logged]`;
}

/**
 * Slack's Socket Mode client logs each envelope whole at debug level, and a
 * payload carries Slack's verification token and the response_url (which
 * lets anyone post into the channel): lines keep their text, not the payload.
 */
function withoutPayloads(logger: SlackLogger): SlackLogger {
  const scrub = (parts: unknown[]) => parts.map((part) => (typeof part === "string" ? scrubPayload(part) : part));
  return {
    ...logger,
    debug: (...parts) => logger.debug(...scrub(parts)),
    info: (...parts) => logger.info(...scrub(parts)),
    warn: (...parts) => logger.warn(...scrub(parts)),
    error: (...parts) => logger.error(...scrub(parts)),
  };
}

/** Slack's answers to `apps.connections.open` meaning the app-level token itself is wrong. */
const BAD_APP_TOKEN = new Set(["invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "user_removed_from_team", "team_disabled"]);

/** Slack's answers to `apps.connections.open` that pass by themselves; any other refusal is the app's set-up and stops start-up. */
const TRANSIENT_REFUSAL = new Set(["ratelimited", "accesslimited", "request_timeout", "service_unavailable", "internal_error", "fatal_error", "team_added_to_org"]);

/** What to fix, for each permanent refusal that has a known cause. */
const FIX: Record<string, string> = {
  missing_scope: "the app-level token needs the connections:write scope (Basic Information > App-Level Tokens)",
  not_allowed_token_type: "it must be the app's app-level token (xapp-...), not the bot token or a user token",
};

/** Why one attempt to connect failed: `permanent` ones need a person to fix the set-up; `line` never holds the token. */
interface ConnectFailure {
  permanent: boolean;
  line: string;
  /** Slack asked for this long between calls (a 429). */
  retryAfterMs?: number;
}

const { ErrorCode } = webApi;

function classify(err: unknown): ConnectFailure {
  if (typeof err === "object" && err !== null && (err as { code?: unknown }).code === ErrorCode.PlatformError) {
    const refusal = (err as { data?: { error?: unknown } }).data?.error;
    const reason = typeof refusal === "string" ? refusal : "unknown";
    if (TRANSIENT_REFUSAL.has(reason)) return { permanent: false, line: `Slack answered ${reason}` };
    const fix = BAD_APP_TOKEN.has(reason)
      ? "use the app-level token (Basic Information > App-Level Tokens, scope connections:write) of the app, with Socket Mode enabled"
      : (FIX[reason] ?? "check the app-level token and that Socket Mode is enabled for the app");
    return { permanent: true, line: `Slack refused SLACK_APP_TOKEN (${reason}): ${fix}` };
  }
  const details = (typeof err === "object" && err !== null ? err : {}) as { code?: unknown; statusCode?: unknown; retryAfter?: unknown; original?: { message?: unknown } };
  if (details.code === ErrorCode.RateLimitedError) {
    const seconds = typeof details.retryAfter === "number" ? details.retryAfter : 0;
    return { permanent: false, line: `Slack rate-limited apps.connections.open (retry after ${seconds} s)`, retryAfterMs: seconds * 1_000 };
  }
  if (details.code === ErrorCode.HTTPError) return { permanent: false, line: `Slack answered HTTP ${String(details.statusCode)}` };
  if (details.code === ErrorCode.RequestError) {
    const cause = networkErrorCode(err) ?? (typeof details.original?.message === "string" ? details.original.message : "no answer");
    return { permanent: false, line: `Slack could not be reached at SLACK_API_URL (${cause})` };
  }
  if (err instanceof AttemptTimeout) return { permanent: false, line: err.message };
  // The client rejects with nothing when the WebSocket closes before Slack's hello (a refused or dropped handshake).
  return { permanent: false, line: err instanceof Error ? err.message : "the WebSocket closed before Slack's hello" };
}

class AttemptTimeout extends Error {}

export type SocketState = "connecting" | "connected" | "reconnecting" | "refused" | "stopped";

export interface SlackSocketReceiverOptions {
  appToken: string;
  apiUrl: string;
  logger: Logger;
  /** How many listeners may work after their ack at once (default: PostAckWork's). */
  postAckConcurrency?: number;
  /** How long `start()` waits for the first connection before the app starts without one (default 10 s); a refused token still fails it. */
  startDeadlineMs?: number;
  /** Waits between connection attempts, the last one repeating (default 1, 2, 5, 10, 30 s); also the wait before reconnecting. */
  retryDelaysMs?: readonly number[];
  /** One attempt (apps.connections.open, then Slack's hello on the WebSocket) gives up after this long (default 10 s). */
  attemptTimeoutMs?: number;
}

/** Lines of Slack's Socket Mode client about a failed attempt: this receiver logs each outcome once itself. */
const ATTEMPT_NOISE = /^(Failed to retrieve a new WSS URL|http request failed|WebSocket error)/;

function quietAttempts(logger: SlackLogger): SlackLogger {
  const demote = (log: (...parts: unknown[]) => void) => (...parts: unknown[]) => (typeof parts[0] === "string" && ATTEMPT_NOISE.test(parts[0]) ? logger.debug(...parts) : log(...parts));
  return { ...logger, warn: demote(logger.warn.bind(logger)), error: demote(logger.error.bind(logger)) };
}

export class SlackSocketReceiver implements Receiver {
  private readonly inner: SocketModeReceiver;
  private readonly logger: Logger;
  private readonly startDeadlineMs: number;
  private readonly retryDelaysMs: readonly number[];
  private readonly attemptTimeoutMs: number;
  private current: SocketState = "connecting";
  private refusal: string | undefined;
  /** The connect loop now running, if any (one at a time). */
  private loop: Promise<void> | undefined;
  /** Ends the loop's current wait early (on stop). */
  private wakeLoop: (() => void) | undefined;
  /** Listeners' work after their ack: bounded, and waited for by `drain()`. */
  readonly work: PostAckWork;

  constructor(options: SlackSocketReceiverOptions) {
    this.logger = options.logger.child({ component: "slack-socket-mode" });
    this.startDeadlineMs = options.startDeadlineMs ?? 10_000;
    this.retryDelaysMs = options.retryDelaysMs?.length ? options.retryDelaysMs : [1_000, 2_000, 5_000, 10_000, 30_000];
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
    this.work = new PostAckWork({ ...(options.postAckConcurrency !== undefined && { maxConcurrent: options.postAckConcurrency }) });
    this.inner = new SocketModeReceiver({
      appToken: options.appToken,
      logger: quietAttempts(withoutPayloads(boltLogger(this.logger))),
      // This receiver retries itself, so every attempt ends (the client's own retries never give up, and a failed reconnect of its own rejects unhandled).
      autoReconnectEnabled: false,
      installerOptions: {
        clientOptions: { slackApiUrl: options.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: Math.max(1, Math.floor(this.attemptTimeoutMs / 2)) },
      },
    });
    const client = this.inner.client;
    client.on("connected", () => {
      if (this.current !== "connected") this.logger.info("Slack Socket Mode connection open");
      this.current = "connected";
      this.refusal = undefined;
    });
    // `close` is the WebSocket going away (a `disconnect` from Slack, a lost network, or a failed attempt).
    client.on("close", () => {
      if (this.current !== "connected") return;
      this.current = "reconnecting";
      this.logger.info("Slack Socket Mode connection closed; reconnecting with a new URL (envelopes go to other connections meanwhile)");
      this.loop ??= this.connectLoop(true, () => true);
    });
  }

  /** Whether the WebSocket is open now. */
  get state(): SocketState {
    return this.current;
  }

  private get stopped(): boolean {
    return this.current === "stopped";
  }

  /** Why Slack refuses the connection, while it does (one line naming SLACK_APP_TOKEN). */
  get problem(): string | undefined {
    return this.refusal;
  }

  init(app: App): void {
    // Bolt's receiver only ever calls `processEvent` on the app it is given; every envelope passes through `dispatch` first.
    const relay: Pick<App, "processEvent"> = { processEvent: (event) => this.dispatch(app, event) };
    this.inner.init(relay as App);
  }

  /**
   * Connects, bounded: resolves once connected, or after `startDeadlineMs`
   * while Slack cannot be reached (one warning; the connection keeps being
   * retried and `/readyz` fails until it is open); rejects with one line when
   * Slack refuses the app-level token or the app's set-up.
   */
  start(): Promise<void> {
    this.current = "connecting";
    this.refusal = undefined;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      let last = "no answer yet";
      const deadline = setTimeout(() => {
        settled = true;
        if (this.current === "connecting") this.current = "reconnecting";
        this.logger.warn(`Slack Socket Mode: no connection after ${this.startDeadlineMs / 1_000} s (${last}); starting without it and retrying in the background (/readyz reports slack failing until connected)`);
        resolve();
      }, this.startDeadlineMs);
      deadline.unref();
      const outcome = (failure: ConnectFailure | undefined): boolean => {
        if (failure !== undefined && !failure.permanent) {
          last = failure.line;
          return true;
        }
        if (settled) return true;
        settled = true;
        clearTimeout(deadline);
        if (failure === undefined) resolve();
        else reject(new Error(failure.line));
        // Refused at start: nothing keeps running.
        return failure === undefined;
      };
      this.loop = this.connectLoop(false, outcome);
    });
  }

  /**
   * Tries to connect until connected or stopped. Each attempt's outcome goes
   * to `report`; returning false ends the loop (a refusal at start).
   */
  private async connectLoop(waitFirst: boolean, report: (failure: ConnectFailure | undefined) => boolean): Promise<void> {
    try {
      let wait = waitFirst ? this.retryDelaysMs[0] : undefined;
      for (let attempt = 0; ; attempt += 1) {
        if (wait !== undefined) await this.pause(wait);
        if (this.stopped) return;
        const failure = await this.attempt();
        if (this.stopped) {
          await this.inner.client.disconnect();
          return;
        }
        if (!report(failure)) {
          this.current = "stopped";
          return;
        }
        if (failure === undefined) return;
        this.fail(failure);
        wait = Math.max(failure.retryAfterMs ?? 0, this.retryDelaysMs[Math.min(attempt, this.retryDelaysMs.length - 1)] ?? 0);
        this.logger.debug({ attempt: attempt + 1, waitMs: wait }, `Slack Socket Mode: could not connect (${failure.line}); trying again`);
      }
    } finally {
      this.loop = undefined;
    }
  }

  /** Notes a failed attempt while running: a refusal is logged once per reason and shown in `/readyz`. */
  private fail(failure: ConnectFailure): void {
    if (this.current !== "connecting") this.current = failure.permanent ? "refused" : "reconnecting";
    if (!failure.permanent) return;
    if (this.refusal !== failure.line) this.logger.error(`${failure.line}; Socket Mode keeps retrying`);
    this.refusal = failure.line;
  }

  /** One connection attempt; undefined when connected. */
  private async attempt(): Promise<ConnectFailure | undefined> {
    // The HTTP call times out by itself (half this); a WebSocket without Slack's hello is closed here, which rejects the attempt.
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.inner.client.disconnect().catch(() => undefined);
    }, this.attemptTimeoutMs);
    try {
      await this.inner.start();
      return undefined;
    } catch (err) {
      return classify(timedOut ? new AttemptTimeout(`no hello from Slack within ${this.attemptTimeoutMs / 1_000} s`) : err);
    } finally {
      clearTimeout(timer);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeLoop = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => (this.wakeLoop = undefined));
  }

  /** Closes the connection; an envelope still arriving is left unacked, so Slack re-sends it to another connection. */
  async stop(): Promise<void> {
    this.current = "stopped";
    this.wakeLoop?.();
    await this.inner.client.disconnect();
    // An attempt under way ends by itself (bounded) and closes what it opened.
    await this.loop;
  }

  /** Waits (at most `timeoutMs`) for listeners still working after their ack; false when some were still running. */
  drain(timeoutMs?: number): Promise<boolean> {
    return this.work.drain(timeoutMs);
  }

  private async dispatch(app: App, event: ReceiverEvent): Promise<void> {
    const type = typeof (event.body as { type?: unknown }).type === "string" ? String(event.body.type) : "command";
    if (this.current === "stopped") {
      this.logger.info({ type }, "a Slack envelope arrived while stopping; left unacked for Slack to re-send elsewhere");
      return;
    }
    if (event.retryNum !== undefined && event.retryNum > 0) this.logger.debug({ type, retryNum: event.retryNum, retryReason: event.retryReason }, "Slack re-sent an envelope");
    let acked = false;
    let release: (() => void) | undefined;
    const sendAck = async (response?: unknown): Promise<void> => {
      acked = true;
      clearTimeout(timer);
      await event.ack(response);
    };
    /** The receiver's own empty ack; a closed connection only means Slack re-sends elsewhere. */
    const fallback = (why: string): void => {
      if (acked) return;
      this.logger.warn({ type }, why);
      sendAck().catch((err: unknown) => this.logger.warn({ err: loggableError(err), type }, "could not ack a Slack envelope (the connection closed); Slack re-sends it"));
    };
    const timer = setTimeout(() => fallback("no Slack listener acknowledged in time; acked the envelope empty"), ACK_DEADLINE_MS);
    timer.unref();
    const ack = async (response?: unknown): Promise<void> => {
      if (acked) {
        this.logger.warn({ type }, "a Slack listener acknowledged twice or too late; the later ack is ignored");
        return;
      }
      // A failure reaches the listener, which stops: the envelope was not acked, so Slack re-sends it elsewhere.
      await sendAck(response);
      // The listener's work after the ack waits here for a slot, so new envelopes are read and acked first.
      release = await this.work.enter();
    };
    try {
      await this.work.track(app.processEvent({ ...event, ack }));
    } catch (err) {
      this.logger.error({ err: loggableError(err), type }, "Bolt failed while handling a Slack envelope");
    } finally {
      release?.();
      fallback("no Slack listener acknowledged this envelope (nothing handles it); acked it empty");
    }
  }
}
