/**
 * Reading a Slack request: the raw body (bounded), the signature check
 * (HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret, within
 * five minutes either way), and the parse into one of the payload kinds
 * this app handles. Every refusal says why, for the log and the sender.
 */
import type { IncomingMessage } from "node:http";
import { verifySlackRequest } from "@slack/bolt";
import { isObject, type Json } from "./payload.js";

/** Larger than any interaction Slack sends (a full modal state is well under this). */
export const MAX_BODY_BYTES = 1_000_000;
const MAX_SKEW_SECONDS = 5 * 60;

export class SlackRequestError extends Error {
  constructor(
    readonly status: 400 | 401 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = "SlackRequestError";
  }
}

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) throw new SlackRequestError(413, `the body of ${declared} bytes is over the limit of ${limit}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > limit) throw new SlackRequestError(413, `the body is over the limit of ${limit} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === "string" ? value : undefined;
}

/** Throws a 401 SlackRequestError unless Slack signed this body recently with `signingSecret`. */
export function verifySignature(req: IncomingMessage, body: string, signingSecret: string, nowMs: number): void {
  const signature = header(req, "x-slack-signature");
  const timestamp = header(req, "x-slack-request-timestamp");
  if (signature === undefined || timestamp === undefined) throw new SlackRequestError(401, "the request is not signed (no X-Slack-Signature or X-Slack-Request-Timestamp)");
  if (!/^\d{1,12}$/.test(timestamp)) throw new SlackRequestError(401, "X-Slack-Request-Timestamp is not a Unix time");
  // Bolt only refuses old timestamps; one from the future is as suspect.
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > MAX_SKEW_SECONDS) {
    throw new SlackRequestError(401, "X-Slack-Request-Timestamp is more than five minutes away from now (a replay, or a clock out of sync)");
  }
  try {
    verifySlackRequest({ signingSecret, body, headers: { "x-slack-signature": signature, "x-slack-request-timestamp": Number(timestamp) }, nowMilliseconds: nowMs });
  } catch (err) {
    throw new SlackRequestError(401, err instanceof Error ? err.message : "the signature does not match");
  }
}

export type SlackPayloadKind = "command" | "block_actions" | "view_submission" | "view_closed" | "message_action" | "shortcut" | "url_verification" | "ssl_check";

const hasString = (value: Json, key: string) => typeof value[key] === "string" && value[key] !== "";

/** What kind of payload `body` is, or null when it is none this app handles (or is malformed). */
export function payloadKind(body: Json): SlackPayloadKind | null {
  if (body.ssl_check === "1") return "ssl_check";
  if (typeof body.command === "string") return hasString(body, "command") && (body.text === undefined || typeof body.text === "string") ? "command" : null;
  switch (body.type) {
    case "url_verification":
      return hasString(body, "challenge") ? "url_verification" : null;
    case "block_actions": {
      const actions = body.actions;
      return Array.isArray(actions) && actions.length > 0 && actions.every((a) => isObject(a) && hasString(a, "action_id")) ? "block_actions" : null;
    }
    case "view_submission":
    case "view_closed":
      return isObject(body.view) && hasString(body.view, "id") && hasString(body.view, "callback_id") ? body.type : null;
    case "message_action":
    case "shortcut":
      return hasString(body, "callback_id") && hasString(body, "trigger_id") ? body.type : null;
    default:
      return null;
  }
}

/** Parses a form body (a slash command, or `payload=<json>` for interactions) or a JSON body (events). */
export function parseBody(contentType: string | undefined, raw: string): Json {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") {
    const form = new URLSearchParams(raw);
    const payload = form.get("payload");
    if (payload !== null) return parseJsonObject(payload, "the payload field");
    const fields: Json = {};
    for (const [key, value] of form) fields[key] = value;
    return fields;
  }
  if (type === "application/json") return parseJsonObject(raw, "the body");
  throw new SlackRequestError(415, `content type ${JSON.stringify(type ?? "")} is not one Slack sends`);
}

function parseJsonObject(text: string, what: string): Json {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SlackRequestError(400, `${what} is not JSON`);
  }
  if (!isObject(parsed)) throw new SlackRequestError(400, `${what} is not a JSON object`);
  return parsed;
}
