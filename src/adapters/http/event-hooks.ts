/**
 * `GET/POST /okta/event-hooks`: Okta Event Hooks. Every request must carry
 * the shared secret in the configured header (Okta's "Authentication
 * field"), compared in constant time. GET answers Okta's one-time
 * verification (`{"verification": <x-okta-verification-challenge>}`);
 * POST is answered 200 at once (Okta waits at most 3 seconds) and the
 * delivery is handled after the answer. Mounted only when a secret is set.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { DeliveryReport } from "../../governance/proposals/index.js";
import { eventsOf } from "../../governance/proposals/index.js";
import { PostAckWork } from "./post-ack-work.js";
import { sendJson, type HttpServer } from "./server.js";

export const EVENT_HOOKS_PATH = "/okta/event-hooks";
/** Okta batches a few dozen events; a delivery this large is not Okta's. */
export const MAX_EVENT_HOOK_BYTES = 1_000_000;
const CHALLENGE_HEADER = "x-okta-verification-challenge";

export interface EventHooksOptions {
  secret: string;
  /** Lower-case header name holding the secret. */
  headerName: string;
  /** Handles an authenticated delivery after it was answered. */
  receive: (body: unknown) => Promise<DeliveryReport>;
  logger: Logger;
}

export interface EventHooksEndpoint {
  mount(http: Pick<HttpServer, "route">): void;
  /** Waits (at most `timeoutMs`) for deliveries still being handled (shutdown); false when time ran out. */
  drain(timeoutMs?: number): Promise<boolean>;
}

class HookRequestError extends Error {
  constructor(
    readonly status: 400 | 401 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

const digest = (value: string): Buffer => createHash("sha256").update(value, "utf8").digest();

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > MAX_EVENT_HOOK_BYTES) throw new HookRequestError(413, `The body is over the limit of ${MAX_EVENT_HOOK_BYTES} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > MAX_EVENT_HOOK_BYTES) throw new HookRequestError(413, `The body is over the limit of ${MAX_EVENT_HOOK_BYTES} bytes.`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function createEventHooksEndpoint(options: EventHooksOptions): EventHooksEndpoint {
  const { logger } = options;
  const expected = digest(options.secret);
  // Deliveries are handled one after another anyway (the proposal service serialises them).
  const work = new PostAckWork({ maxConcurrent: 1 });

  /** Whether the request carries the secret (hashes compared, so neither length nor content leaks through timing). */
  function authentic(req: IncomingMessage): boolean {
    const raw = req.headers[options.headerName];
    const value = Array.isArray(raw) ? raw[0] : raw;
    return typeof value === "string" && timingSafeEqual(digest(value), expected);
  }

  function refuse(res: ServerResponse, error: HookRequestError, req: IncomingMessage): void {
    // Never the header's value: it may be a near-miss of the secret.
    logger.warn({ status: error.status, method: req.method, reason: error.message }, "Okta event hook request refused");
    sendJson(res, error.status, { error: error.status === 401 ? "unauthorized" : "bad_request", message: error.message });
  }

  const unauthorized = (): HookRequestError => new HookRequestError(401, `The request does not carry the event hook's secret in the ${options.headerName} header.`);

  async function verify(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.resume();
    if (!authentic(req)) return refuse(res, unauthorized(), req);
    const challenge = req.headers[CHALLENGE_HEADER];
    if (typeof challenge !== "string" || challenge === "" || challenge.length > 1000) {
      return refuse(res, new HookRequestError(400, `A verification request carries the ${CHALLENGE_HEADER} header.`), req);
    }
    logger.info("Okta event hook verified");
    sendJson(res, 200, { verification: challenge });
  }

  async function deliver(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!authentic(req)) {
      req.resume();
      return refuse(res, unauthorized(), req);
    }
    let body: unknown;
    try {
      const type = String(req.headers["content-type"] ?? "application/json").toLowerCase();
      if (!type.startsWith("application/json")) throw new HookRequestError(415, "Okta event hooks are sent as application/json.");
      const bytes = await readBody(req);
      try {
        body = JSON.parse(bytes.toString("utf8")) as unknown;
      } catch {
        throw new HookRequestError(400, "The body is not valid JSON.");
      }
      const read = eventsOf(body);
      if ("error" in read) throw new HookRequestError(400, read.error);
    } catch (err) {
      if (err instanceof HookRequestError) return refuse(res, err, req);
      throw err;
    }
    sendJson(res, 200, {});
    // After the answer: Okta must not wait for Okta lookups and chat posts.
    void work.track(
      (async () => {
        const release = await work.enter();
        try {
          const report = await options.receive(body);
          logger.debug({ outcomes: report.outcomes }, "Okta event hook delivery handled");
        } catch (err) {
          logger.error({ err }, "Okta event hook delivery failed");
        } finally {
          release();
        }
      })(),
    );
  }

  return {
    mount(http) {
      http.route("GET", EVENT_HOOKS_PATH, verify);
      http.route("POST", EVENT_HOOKS_PATH, deliver);
    },
    drain: (timeoutMs) => work.drain(timeoutMs),
  };
}
