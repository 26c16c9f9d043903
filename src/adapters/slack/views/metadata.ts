/**
 * What a modal carries between opening and submission (`private_metadata`,
 * at most 3000 characters): where the flow started and what it refers to.
 * Decoding accepts only the shapes encoded here.
 */
import { SLACK_LIMITS } from "../render/blocks.js";
import { isObject } from "../payload.js";

export interface FlowOrigin {
  channelId: string;
  /** Thread the flow started in, if any. */
  threadTs?: string;
}

/** A chat-user target prefilled as `@name`: submitting that text unchanged means this user. */
export interface PrefilledMention {
  userId: string;
  shown: string;
}

export interface LaunchMetadata extends FlowOrigin {
  mention?: PrefilledMention;
}

export interface DenyMetadata extends FlowOrigin {
  launchId: string;
}

export interface RequestMessageMetadata extends FlowOrigin {
  requestId: string;
}

const ID = /^[A-Za-z0-9._:-]{1,100}$/;

function encode(value: Record<string, unknown>): string {
  const text = JSON.stringify(value);
  if (text.length > SLACK_LIMITS.privateMetadata) throw new Error(`private_metadata of ${text.length} characters exceeds Slack's ${SLACK_LIMITS.privateMetadata}`);
  return text;
}

function decodeObject(text: unknown): Record<string, unknown> | null {
  if (typeof text !== "string" || text.length === 0 || text.length > SLACK_LIMITS.privateMetadata) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function origin(raw: Record<string, unknown>): FlowOrigin | null {
  const { c, t } = raw;
  if (typeof c !== "string" || !ID.test(c)) return null;
  if (t !== undefined && (typeof t !== "string" || !ID.test(t))) return null;
  return { channelId: c, ...(t !== undefined && { threadTs: t }) };
}

const originFields = (o: FlowOrigin) => ({ c: o.channelId, ...(o.threadTs !== undefined && { t: o.threadTs }) });

export function encodeLaunchMetadata(meta: LaunchMetadata): string {
  return encode({ ...originFields(meta), ...(meta.mention && { m: { u: meta.mention.userId, s: meta.mention.shown.slice(0, 200) } }) });
}

export function decodeLaunchMetadata(text: unknown): LaunchMetadata | null {
  const raw = decodeObject(text);
  const where = raw && origin(raw);
  if (!raw || !where) return null;
  const m = raw.m;
  if (m === undefined) return where;
  if (!isObject(m) || typeof m.u !== "string" || !ID.test(m.u) || typeof m.s !== "string") return null;
  return { ...where, mention: { userId: m.u, shown: m.s } };
}

export function encodeDenyMetadata(meta: DenyMetadata): string {
  return encode({ ...originFields(meta), l: meta.launchId });
}

export function decodeDenyMetadata(text: unknown): DenyMetadata | null {
  const raw = decodeObject(text);
  const where = raw && origin(raw);
  if (!raw || !where || typeof raw.l !== "string" || !ID.test(raw.l)) return null;
  return { ...where, launchId: raw.l };
}

export function encodeRequestMessageMetadata(meta: RequestMessageMetadata): string {
  return encode({ ...originFields(meta), r: meta.requestId });
}

export function decodeRequestMessageMetadata(text: unknown): RequestMessageMetadata | null {
  const raw = decodeObject(text);
  const where = raw && origin(raw);
  if (!raw || !where || typeof raw.r !== "string" || !ID.test(raw.r)) return null;
  return { ...where, requestId: raw.r };
}

/** What a triage form carries: the review (and item, action) it acts on, and the card to update afterwards. */
export interface TriageMetadata extends FlowOrigin {
  sarId: string;
  /** The card's message ts (absent when the card could not be updated, e.g. an ephemeral one). */
  cardTs?: string;
  accessId?: string;
  /** The item action (`REVOKE_ACCESS`) or review action (`CLOSE_REVIEW`, `RESTORE_ALL_ACCESS`) confirmed. */
  action?: string;
  /** The item's name, for the confirmation text. */
  itemName?: string;
}

const TRIAGE_ACTIONS = new Set(["REVOKE_ACCESS", "CLOSE_REVIEW", "RESTORE_ALL_ACCESS"]);
const OKTA_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function encodeTriageMetadata(meta: TriageMetadata): string {
  return encode({
    ...originFields(meta),
    s: meta.sarId,
    ...(meta.cardTs !== undefined && { m: meta.cardTs }),
    ...(meta.accessId !== undefined && { i: meta.accessId }),
    ...(meta.action !== undefined && { a: meta.action }),
    ...(meta.itemName !== undefined && { n: meta.itemName.slice(0, 200) }),
  });
}

export function decodeTriageMetadata(text: unknown): TriageMetadata | null {
  const raw = decodeObject(text);
  const where = raw && origin(raw);
  if (!raw || !where) return null;
  const { s, m, i, a, n } = raw;
  if (typeof s !== "string" || !OKTA_ID.test(s)) return null;
  if (m !== undefined && (typeof m !== "string" || !ID.test(m))) return null;
  if (i !== undefined && (typeof i !== "string" || !OKTA_ID.test(i))) return null;
  if (a !== undefined && (typeof a !== "string" || !TRIAGE_ACTIONS.has(a))) return null;
  if (n !== undefined && typeof n !== "string") return null;
  return {
    ...where,
    sarId: s,
    ...(m !== undefined && { cardTs: m }),
    ...(i !== undefined && { accessId: i }),
    ...(a !== undefined && { action: a }),
    ...(n !== undefined && { itemName: n.slice(0, 200) }),
  };
}
