/**
 * Reading an activity off the wire: a size-limited JSON body that must be
 * an object shaped like a Bot Framework activity. Nothing here trusts the
 * sender; every failure is a 4xx with a sentence, never an exception.
 */
import type { IncomingMessage } from "node:http";

export type ReadResult = { ok: true; activity: Record<string, unknown> } | { ok: false; status: 400 | 413 | 415; message: string };

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | "too-large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        // Keep draining so the answer can still be written on this connection.
        req.resume();
        resolve("too-large");
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on("error", (err) => {
      if (!done) reject(err);
    });
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const shortString = (v: unknown, max: number): v is string => typeof v === "string" && v.length > 0 && v.length <= max;

/** Fields botbuilder serialises as strings when it replies: any other type would fail there, after the turn began. */
const STRING_FIELDS: [string, string[]][] = [
  ["", ["id", "name", "channelId", "replyToId", "locale", "textFormat", "timestamp", "localTimestamp", "summary"]],
  ["conversation", ["tenantId", "conversationType", "name", "aadObjectId", "role"]],
  ["from", ["name", "aadObjectId", "role"]],
  ["recipient", ["id", "name", "aadObjectId", "role"]],
];

function mistypedField(activity: Record<string, unknown>): string | undefined {
  for (const [parent, fields] of STRING_FIELDS) {
    const holder = parent === "" ? activity : activity[parent];
    if (!isObject(holder)) continue;
    for (const field of fields) {
      const value = holder[field];
      if (value !== undefined && value !== null && typeof value !== "string") return parent === "" ? field : `${parent}.${field}`;
    }
  }
  return undefined;
}

function shapeProblem(activity: Record<string, unknown>): string | undefined {
  if (!shortString(activity.type, 64)) return "The activity has no type.";
  if (!shortString(activity.serviceUrl, 2048) || !/^https?:\/\/[^\s]+$/i.test(activity.serviceUrl)) return "The activity has no valid serviceUrl.";
  if (!isObject(activity.conversation) || !shortString(activity.conversation.id, 1024)) return "The activity names no conversation.";
  if (!isObject(activity.from) || !shortString(activity.from.id, 512)) return "The activity does not say who sent it.";
  if (activity.recipient !== undefined && !isObject(activity.recipient)) return "The activity's recipient is malformed.";
  if (activity.entities !== undefined && !Array.isArray(activity.entities)) return "The activity's entities are malformed.";
  if (activity.text !== undefined && typeof activity.text !== "string") return "The activity's text is malformed.";
  const mistyped = mistypedField(activity);
  if (mistyped !== undefined) return `The activity's ${mistyped} must be text.`;
  return undefined;
}

/** The request's activity, or why it is refused. */
export async function readActivity(req: IncomingMessage, limit: number): Promise<ReadResult> {
  const type = req.headers["content-type"] ?? "";
  if (!/^application\/json\b/i.test(type)) return { ok: false, status: 415, message: "Send the activity as application/json." };
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return { ok: false, status: 413, message: `The activity is larger than ${limit} bytes.` };
  }
  const body = await readBody(req, limit);
  if (body === "too-large") return { ok: false, status: 413, message: `The activity is larger than ${limit} bytes.` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    return { ok: false, status: 400, message: "The body is not valid JSON." };
  }
  if (!isObject(parsed)) return { ok: false, status: 400, message: "The body is not a Bot Framework activity (a JSON object)." };
  const problem = shapeProblem(parsed);
  if (problem !== undefined) return { ok: false, status: 400, message: problem };
  return { ok: true, activity: parsed };
}
