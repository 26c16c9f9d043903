/**
 * Bolt's receiver for Slack over HTTP, mounted on the bot's own server
 * (`POST /slack/events`, shared with Teams and health). It verifies the
 * signature with an injected clock, refuses malformed bodies before Bolt
 * sees them, and guarantees the ack: a listener that fails or forgets to
 * ack still gets Slack an empty 200 (the person is told by the error sink).
 * A listener's work after its ack is bounded and tracked (`PostAckWork`):
 * `await ack()` resolves when a slot is free, and `drain()` waits for all of
 * it at shutdown, before the database closes.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { App, Receiver, ReceiverEvent } from "@slack/bolt";
import type { Logger } from "pino";
import type { Clock } from "../../governance/ports.js";
import { PostAckWork } from "../http/post-ack-work.js";
import { parseBody, payloadKind, readBody, SlackRequestError, verifySignature } from "./request-body.js";
import { loggableError } from "./slack-web.js";

/** Slack waits 3 s for the ack; answering a little earlier leaves room for the network. */
const ACK_DEADLINE_MS = 2_500;

/** Listeners working after their ack at once, and commands allowed to wait for them before new ones are turned away. */
const POST_ACK_CONCURRENCY = 8;
const POST_ACK_MAX_WAITING = 200;

/** The ack of a command turned away because too much work waits (the person sees it; nothing else happens). */
const BUSY = {
  response_type: "ephemeral",
  text: "⏳ I am handling many requests right now and did not start this one. Please run the command again in a minute.",
};
/** Set on a command's answer when it was turned away as busy (for load tests and proxies). */
export const BUSY_HEADER = "x-oig-busy";

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent) return;
  if (body === BUSY) res.setHeader(BUSY_HEADER, "1");
  if (body === undefined || body === "") {
    res.writeHead(status, { "content-length": 0 });
    res.end();
    return;
  }
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function retryHeader(req: IncomingMessage): number | undefined {
  const value = req.headers["x-slack-retry-num"];
  const n = typeof value === "string" ? Number.parseInt(value, 10) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** How long Slack waited for its ack of one interaction (for metrics). */
export interface SlackAckObservation {
  /** `command`, `block_actions`, `view_submission`, ... */
  kind: string;
  /** From the request's arrival to the ack being written. */
  durationMs: number;
  /** No listener acked before the deadline: the receiver answered for it. */
  timedOut: boolean;
}

export type SlackAckObserver = (ack: SlackAckObservation) => void;

export class SlackHttpReceiver implements Receiver {
  private app: App | undefined;
  private readonly logger: Logger;
  private stopped = false;
  private busyCount = 0;
  private busyLoggedAt = Number.NEGATIVE_INFINITY;
  /** Listeners' work after their ack: bounded, and waited for by `drain()`. */
  readonly work: PostAckWork;

  constructor(private readonly options: { signingSecret: string; logger: Logger; clock: Clock; onAck?: SlackAckObserver; postAckConcurrency?: number; postAckMaxWaiting?: number }) {
    this.logger = options.logger;
    this.work = new PostAckWork({ maxConcurrent: options.postAckConcurrency ?? POST_ACK_CONCURRENCY, maxWaiting: options.postAckMaxWaiting ?? POST_ACK_MAX_WAITING });
  }

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {
    this.stopped = false;
  }

  /** New requests are refused from now on (503); ones in flight finish. */
  async stop(): Promise<void> {
    this.stopped = true;
  }

  /** Waits (at most `timeoutMs`) for listeners still working after their ack; false when some were still running. */
  drain(timeoutMs?: number): Promise<boolean> {
    return this.work.drain(timeoutMs);
  }

  /** The handler for `POST /slack/events`. */
  readonly handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (this.stopped) return send(res, 503, { error: "shutting_down", message: "This replica is shutting down; Slack may retry elsewhere." });
    const arrived = performance.now();
    let body;
    try {
      const raw = (await readBody(req)).toString("utf8");
      // Slack's certificate check is unsigned and carries nothing to act on.
      if (new URLSearchParams(raw).get("ssl_check") === "1" && !raw.includes("payload=")) return send(res, 200);
      verifySignature(req, raw, this.options.signingSecret, this.options.clock.now().getTime());
      body = parseBody(req.headers["content-type"], raw);
    } catch (err) {
      if (!(err instanceof SlackRequestError)) throw err;
      this.logger.warn({ status: err.status, reason: err.message, retryNum: retryHeader(req) }, "refused a Slack request");
      return send(res, err.status, { error: "refused", message: err.message });
    }
    const kind = payloadKind(body);
    if (kind === null) {
      this.logger.warn({ type: typeof body.type === "string" ? body.type.slice(0, 40) : undefined }, "refused a signed Slack request this app does not handle");
      return send(res, 400, { error: "unsupported", message: "This kind of Slack request is not handled by this app, or it is malformed." });
    }
    if (kind === "url_verification") return send(res, 200, { challenge: body.challenge });
    if (kind === "ssl_check") return send(res, 200);
    // Stopped while the body was read: drain() may already be waiting, so nothing new may start.
    if (this.stopped) return send(res, 503, { error: "shutting_down", message: "This replica is shutting down; Slack may retry elsewhere." });
    if (kind === "command" && this.work.full) return this.turnAway(res, kind, arrived);
    await this.dispatch(body, req, res, { kind, arrived });
  };

  /** Acks a command with "busy" (shown to the person) without running it; logged at most every 10 s. */
  private turnAway(res: ServerResponse, kind: string, arrived: number): void {
    this.busyCount++;
    const now = performance.now();
    if (now - this.busyLoggedAt >= 10_000) {
      this.busyLoggedAt = now;
      this.logger.warn({ turnedAway: this.busyCount, ...this.work.stats }, "too much Slack work waiting: commands are answered with 'busy, try again'");
      this.busyCount = 0;
    }
    send(res, 200, BUSY);
    this.observeAck(kind, arrived, false);
  }

  private observeAck(kind: string, arrived: number, timedOut: boolean): void {
    if (this.options.onAck === undefined) return;
    try {
      this.options.onAck({ kind, durationMs: performance.now() - arrived, timedOut });
    } catch (err) {
      this.logger.warn({ err: loggableError(err) }, "Slack ack observer failed");
    }
  }

  private async dispatch(body: Record<string, unknown>, req: IncomingMessage, res: ServerResponse, at: { kind: string; arrived: number }): Promise<void> {
    let acked = false;
    let slot: Promise<() => void> | undefined;
    const timer = setTimeout(() => {
      if (acked) return;
      acked = true;
      this.logger.error({ type: body.type ?? "command" }, "no Slack listener acknowledged in time; answered with an empty 200");
      send(res, 200);
      this.observeAck(at.kind, at.arrived, true);
    }, ACK_DEADLINE_MS);
    timer.unref();
    const ack = async (response?: unknown): Promise<void> => {
      if (acked) {
        this.logger.warn("a Slack listener acknowledged twice or too late; the later ack is ignored");
        return;
      }
      acked = true;
      clearTimeout(timer);
      send(res, 200, response);
      this.observeAck(at.kind, at.arrived, false);
      // The listener's work after the ack waits here for a slot, so new requests are read and acked first.
      slot = this.work.enter();
      await slot;
    };
    const retryNum = retryHeader(req);
    const retryReason = req.headers["x-slack-retry-reason"];
    const event: ReceiverEvent = {
      body,
      ack,
      ...(retryNum !== undefined && { retryNum }),
      ...(typeof retryReason === "string" && { retryReason }),
    };
    try {
      if (this.app === undefined) throw new Error("the Slack receiver was used before Bolt initialised it");
      await this.work.track(this.app.processEvent(event));
    } catch (err) {
      this.logger.error({ err: loggableError(err) }, "Bolt failed while handling a Slack request");
    } finally {
      // Freed once taken, also when the listener did not wait for its ack (freeing twice is harmless).
      if (slot !== undefined) void slot.then((release) => release());
      if (!acked) {
        // No listener matched (an unknown callback, a stale button): Slack still needs its answer.
        acked = true;
        clearTimeout(timer);
        send(res, 200);
        this.observeAck(at.kind, at.arrived, false);
      }
    }
  }
}
