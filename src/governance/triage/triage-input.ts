/**
 * Input checks and limits of the triage service. A check that fails throws
 * `Refused`, whose reply says what was wrong; the entry points turn it into
 * their answer (`replyOf`) before anything is changed.
 */
import type { Logger } from "pino";
import type { Actor } from "../actor.js";
import { errorReply, errorReplyFor } from "../error-reply.js";
import type { SarId } from "../okta/types.js";
import type { Clock } from "../ports.js";
import type { Reply } from "../replies.js";

export const SAR_ID = /^sar[0-9A-Za-z]{17}$/;
const ACCESS_ID = /^[0-9A-Za-z]{8,40}$/;
export const LAUNCH_REFERENCE = /^L[0-9A-Z]{6}$/i;
const MAX_KEY = 200;
const MAX_NOTE = 500;
export const MAX_COMMENT = 1000;
const DAY_MS = 86_400_000;
/** Okta: an end time at most six months ahead (184 days is the client's own bound; 6 months here). */
const MAX_EXTEND_MS = 183 * DAY_MS;

export class Refused extends Error {
  constructor(readonly reply: Extract<Reply, { type: "error" }>) {
    super(reply.message);
  }
}

export const refuse = (code: string, message: string, hint?: string): never => {
  throw new Refused(errorReply(code, message, hint));
};

export function checkSarId(raw: unknown): SarId {
  const text = typeof raw === "string" ? raw.trim() : "";
  if (!SAR_ID.test(text)) refuse("validation_failed", `"${text.slice(0, 40)}" is not a security access review id: they start with "sar" and have 20 letters and digits.`);
  return text as SarId;
}

export function checkAccessId(raw: unknown): string {
  const text = typeof raw === "string" ? raw.trim() : "";
  if (!ACCESS_ID.test(text)) refuse("validation_failed", `"${text.slice(0, 40)}" is not an access item id of a review.`);
  return text;
}

export function checkKey(raw: unknown): string {
  if (typeof raw !== "string" || raw.trim() === "" || raw.length > MAX_KEY) refuse("validation_failed", "The click carried no valid id; reload the card and try again.");
  return raw as string;
}

export function checkNote(raw: unknown, max = MAX_NOTE): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== "string") refuse("validation_failed", "The note must be text.");
  const text = (raw as string).trim();
  if (text === "") return undefined;
  const n = [...text].length;
  if (n > max) refuse("validation_failed", `The note may have at most ${max} characters (it has ${n}).`);
  return text;
}

export function checkEndTime(raw: string, clock: Clock): string {
  const text = raw.trim();
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T23:59:59Z`) : Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(ms)) refuse("validation_failed", `"${text.slice(0, 40)}" is not a date; give one such as 2030-01-31.`);
  const ahead = ms - clock.now().getTime();
  if (ahead < DAY_MS) refuse("validation_failed", "The new end time must be at least one day ahead.");
  if (ahead > MAX_EXTEND_MS) refuse("validation_failed", "The new end time must be at most six months ahead.");
  return new Date(ms).toISOString();
}

export function checkSarIdOrThrow(sarId: string): SarId {
  if (!SAR_ID.test(sarId)) throw new RangeError(`not a security access review id: ${sarId.slice(0, 40)}`);
  return sarId as SarId;
}

/** Turns a thrown error into the reply (a refusal, a person-actionable error), or re-throws a bug. */
export function replyOf(err: unknown, logger: Logger, actor: Pick<Actor, "correlationId">, notFound?: string): Reply {
  if (err instanceof Refused) return err.reply;
  return errorReplyFor(err, { logger, correlationId: actor.correlationId, ...(notFound !== undefined && { notFound }) });
}
