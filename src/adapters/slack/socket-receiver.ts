/**
 * Bolt's Socket Mode receiver with the ack guarantee of the HTTP receiver:
 * every envelope is acked on the connection it came on, also when no
 * listener matched it (a retired button, an event the app does not handle)
 * or the listener never acked; a second or late ack is dropped. Without
 * this, Slack re-sends such an envelope on every connection of every
 * replica and finally shows the person an error. Work after the ack is
 * bounded and tracked as over HTTP (`PostAckWork`), so `drain()` lets
 * shutdown wait for it before the database closes. It also tracks whether
 * the WebSocket is open, for `/readyz`.
 */
import { SocketModeReceiver, type App, type Logger as SlackLogger, type Receiver, type ReceiverEvent } from "@slack/bolt";
import type { Logger } from "pino";
import { PostAckWork } from "../http/post-ack-work.js";
import { boltLogger, loggableError, slackErrorCode } from "./slack-web.js";

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

/** Slack's answers to `apps.connections.open` meaning the app-level token itself is wrong (the client gives up on these). */
const BAD_APP_TOKEN = new Set(["invalid_auth", "not_authed", "account_inactive", "user_removed_from_team", "team_disabled"]);

/** Why the first connection failed, as one line naming what to fix (never the token). */
function startFailure(err: unknown): Error {
  const code = slackErrorCode(err);
  if (code !== undefined && BAD_APP_TOKEN.has(code)) {
    return new Error(`Slack refused SLACK_APP_TOKEN (${code}): use the app-level token (Basic Information > App-Level Tokens, scope connections:write) of the app, with Socket Mode enabled`);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new Error(`could not open the Slack Socket Mode connection (apps.connections.open at SLACK_API_URL): ${message}`);
}

export type SocketState = "connecting" | "connected" | "reconnecting" | "stopped";

export interface SlackSocketReceiverOptions {
  appToken: string;
  apiUrl: string;
  logger: Logger;
  /** How many listeners may work after their ack at once (default: PostAckWork's). */
  postAckConcurrency?: number;
}

export class SlackSocketReceiver implements Receiver {
  private readonly inner: SocketModeReceiver;
  private readonly logger: Logger;
  private current: SocketState = "connecting";
  /** Listeners' work after their ack: bounded, and waited for by `drain()`. */
  readonly work: PostAckWork;

  constructor(options: SlackSocketReceiverOptions) {
    this.logger = options.logger.child({ component: "slack-socket-mode" });
    this.work = new PostAckWork({ ...(options.postAckConcurrency !== undefined && { maxConcurrent: options.postAckConcurrency }) });
    this.inner = new SocketModeReceiver({
      appToken: options.appToken,
      logger: withoutPayloads(boltLogger(this.logger)),
      installerOptions: { clientOptions: { slackApiUrl: options.apiUrl } },
    });
    const client = this.inner.client;
    client.on("connected", () => {
      if (this.current !== "connected") this.logger.info("Slack Socket Mode connection open");
      this.current = "connected";
    });
    // `close` is the WebSocket going away (a `disconnect` from Slack, a lost network): the client reconnects by itself.
    client.on("close", () => {
      if (this.current === "stopped") return;
      this.current = "reconnecting";
      this.logger.info("Slack Socket Mode connection closed; reconnecting with a new URL (envelopes go to other connections meanwhile)");
    });
  }

  /** Whether the WebSocket is open now. */
  get state(): SocketState {
    return this.current;
  }

  init(app: App): void {
    // Bolt's receiver only ever calls `processEvent` on the app it is given; every envelope passes through `dispatch` first.
    const relay: Pick<App, "processEvent"> = { processEvent: (event) => this.dispatch(app, event) };
    this.inner.init(relay as App);
  }

  async start(): Promise<void> {
    this.current = "connecting";
    try {
      await this.inner.start();
    } catch (err) {
      this.current = "stopped";
      throw startFailure(err);
    }
  }

  /** Closes the connection; an envelope still arriving is left unacked, so Slack re-sends it to another connection. */
  async stop(): Promise<void> {
    this.current = "stopped";
    await this.inner.stop();
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
