/**
 * `POST /api/messages`: where Teams (through the Bot Connector) delivers
 * activities. Order of checks: local mode takes loopback requests only;
 * the body must be a small JSON activity; its Bot Framework token must be
 * valid (401) and checkable (503 when the key server cannot be reached);
 * only then does botbuilder run the turn. An invoke's answer is the HTTP
 * response body.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Activity, CloudAdapter, TurnContext } from "botbuilder";
import type { Logger } from "pino";
import { sendJson, type HttpHandler } from "../../http/server.js";
import { authOutcome, type GuardedBotFrameworkAuthentication, type AuthRefusal } from "../auth/bot-authentication.js";
import { MAX_ACTIVITY_BYTES } from "../config.js";
import { BufferedResponse, requestShim } from "./botbuilder-shim.js";
import { readActivity } from "./read-activity.js";

export interface MessagesEndpointOptions {
  adapter: CloudAdapter;
  authentication: GuardedBotFrameworkAuthentication;
  run: (context: TurnContext) => Promise<void>;
  localMode: boolean;
  logger: Logger;
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/** Loopback and not forwarded: a proxy on this machine would make internet traffic look local. */
export function fromThisMachine(req: Pick<IncomingMessage, "headers" | "socket">): boolean {
  if (req.headers["x-forwarded-for"] !== undefined || req.headers.forwarded !== undefined) return false;
  return LOOPBACK.test(req.socket.remoteAddress ?? "");
}

function refuse(res: ServerResponse, refusal: AuthRefusal): void {
  if (refusal.kind === "unavailable") {
    res.setHeader("retry-after", "30");
    sendJson(res, 503, { error: "unavailable", message: "The bot cannot validate Bot Framework tokens right now (the key server is unreachable); the activity was not processed." });
    return;
  }
  sendJson(res, 401, { error: "unauthorized", message: "The request carries no valid Bot Framework token; the activity was not processed." });
}

function writeBuffered(res: ServerResponse, shim: BufferedResponse, logger: Logger, activity: Record<string, unknown>): void {
  if (shim.statusCode === 501) {
    // botbuilder's answer to an invoke no handler takes: the sender's mistake, not the bot's failure.
    const name = typeof activity.name === "string" ? activity.name.slice(0, 80) : "";
    sendJson(res, 400, { error: "unsupported", message: `The bot does not handle the invoke "${name}".` });
    return;
  }
  if (shim.statusCode >= 500) {
    logger.error({ status: shim.statusCode, activityId: activity.id, type: activity.type }, "botbuilder failed to process a Teams activity");
    sendJson(res, shim.statusCode, { error: "internal_error", message: "The bot could not process this activity." });
    return;
  }
  if (shim.body === undefined || shim.body === null || shim.body === "") {
    res.writeHead(shim.statusCode, { "content-length": 0 });
    res.end();
    return;
  }
  if (typeof shim.body === "string") {
    sendJson(res, shim.statusCode, { message: shim.body });
    return;
  }
  sendJson(res, shim.statusCode, shim.body);
}

export function createMessagesEndpoint(options: MessagesEndpointOptions): HttpHandler {
  const { adapter, authentication, run, localMode, logger } = options;
  return async (req, res) => {
    if (localMode && !fromThisMachine(req)) {
      logger.warn({ remote: req.socket.remoteAddress }, "Teams local mode refused an activity from another machine");
      req.resume();
      sendJson(res, 403, { error: "forbidden", message: "This bot runs in Teams local mode (no MicrosoftAppId) and takes activities from this machine only." });
      return;
    }
    const read = await readActivity(req, MAX_ACTIVITY_BYTES);
    if (!read.ok) {
      sendJson(res, read.status, { error: "bad_request", message: read.message });
      return;
    }
    const { activity } = read;
    const state: { refusal?: AuthRefusal } = {};
    const header = typeof req.headers.authorization === "string" ? req.headers.authorization : "";
    await authOutcome.run(state, async () => {
      // Checked here first so a refusal is answered by us and never reaches botbuilder's catch-all (a bare 500).
      await authentication.authenticateRequest(activity as Partial<Activity> as Activity, header).catch(() => undefined);
      if (state.refusal) return;
      const shim = new BufferedResponse();
      await adapter.process(requestShim(activity, req.headers), shim, run);
      if (state.refusal) return;
      writeBuffered(res, shim, logger, activity);
    });
    if (state.refusal) {
      logger.warn({ reason: state.refusal.reason, kind: state.refusal.kind, activityType: activity.type }, "refused a Teams activity: its token could not be validated");
      refuse(res, state.refusal);
    }
  };
}
