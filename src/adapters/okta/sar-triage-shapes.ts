/**
 * Checks Okta's triage answers against the fields the bot relies on.
 * governance.yaml is inconsistent about lists: the schemas of anomalies,
 * actions and history are bare arrays while its examples wrap them in
 * `{ data, _links }`; nothing recorded settles it, so both are read.
 */
import {
  SAR_ACCESS_ACTIONS,
  SAR_PRIORITIES,
  SAR_REVIEW_ACTIONS,
  type SarAccessAction,
  type SarAccessItem,
  type SarAiSummary,
  type SarAnomaly,
  type SarHistoryItem,
  type SarPrincipalDetails,
  type SarPriority,
  type SarReviewAction,
  type SarSubAccessItem,
} from "../../governance/okta/sar-triage-types.js";

import { fail, object, string, type Json } from "./shape-checks.js";

/** The items of a list answered either as a bare array or as `{ data: [...] }`. */
export function listBody(body: unknown, operation: string): unknown[] {
  if (Array.isArray(body)) return body as unknown[];
  if (body === undefined) return [];
  const data = object(body, operation, "list").data;
  if (data === undefined) return [];
  if (!Array.isArray(data)) fail(operation, "data is not an array");
  return data as unknown[];
}

const isIn = <T extends string>(values: readonly T[], v: unknown): v is T => typeof v === "string" && (values as readonly string[]).includes(v);

function priority(v: unknown): SarPriority | undefined {
  return isIn(SAR_PRIORITIES, v) ? v : undefined;
}

/** Known actions only: a button is never offered for an action the bot cannot name. */
function actions(v: unknown, operation: string): SarAccessAction[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) fail(operation, "supportedActions is not an array");
  return v.filter((a): a is SarAccessAction => isIn(SAR_ACCESS_ACTIONS, a));
}

/** Validates an access item; its id, name and actions are what the card and the actions use. */
export function toSarAccessItem(value: unknown, operation: string): SarAccessItem {
  const o = object(value, operation, "access item");
  string(o, "id", operation);
  const appInfo = typeof o.appInfo === "object" && o.appInfo !== null ? (o.appInfo as Json) : undefined;
  const name = typeof o.name === "string" && o.name.length > 0 ? o.name : typeof appInfo?.label === "string" ? appInfo.label : (o.id as string);
  const item = { ...o, type: typeof o.type === "string" ? o.type : "APPLICATION", name, supportedActions: actions(o.supportedActions, operation) } as SarAccessItem;
  const severity = priority(o.severity);
  if (severity === undefined) delete item.severity;
  else item.severity = severity;
  return item;
}

/** Validates a sub-access item. */
export function toSarSubAccessItem(value: unknown, operation: string): SarSubAccessItem {
  const o = object(value, operation, "sub-access item");
  string(o, "id", operation);
  string(o, "name", operation);
  const item = { ...o, type: typeof o.type === "string" ? o.type : "UNKNOWN", supportedActions: actions(o.supportedActions, operation) } as SarSubAccessItem;
  const severity = priority(o.severity);
  if (severity === undefined) delete item.severity;
  else item.severity = severity;
  return item;
}

/** Validates an anomaly. */
export function toSarAnomaly(value: unknown, operation: string): SarAnomaly {
  const o = object(value, operation, "anomaly");
  string(o, "type", operation);
  string(object(o.subtext, operation, "anomaly subtext"), "message", operation);
  const anomaly = { ...o } as SarAnomaly;
  const severity = priority(o.severity);
  if (severity === undefined) delete anomaly.severity;
  else anomaly.severity = severity;
  return anomaly;
}

/** The review actions Okta offers now; unknown ones dropped. */
export function toSarReviewActions(body: unknown, operation: string): SarReviewAction[] {
  return listBody(body, operation)
    .map((v) => object(v, operation, "review action").actionType)
    .filter((a): a is SarReviewAction => isIn(SAR_REVIEW_ACTIONS, a));
}

/** Validates a history entry. */
export function toSarHistoryItem(value: unknown, operation: string): SarHistoryItem {
  const o = object(value, operation, "history item");
  for (const field of ["id", "timestamp", "message"]) string(o, field, operation);
  return { ...o, systemGenerated: o.systemGenerated === true } as SarHistoryItem;
}

/** Validates the principal's details. */
export function toSarPrincipal(value: unknown, operation: string): SarPrincipalDetails {
  const o = object(value, operation, "principal");
  for (const field of ["id", "email", "status"]) string(o, field, operation);
  return o as SarPrincipalDetails;
}

/** An AI summary answer: a message, or Okta's "could not summarise" (`errors` present). */
export function toSarAiSummary(value: unknown, operation: string): SarAiSummary {
  const o = object(value, operation, "summary");
  const message = string(o, "message", operation);
  const errors = Array.isArray(o.errors) && o.errors.length > 0;
  return errors ? { status: "unavailable", message } : { status: "ok", message };
}
