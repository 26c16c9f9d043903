/**
 * Cursor paging as Okta does it: `limit` and `after` (the id of the last
 * record of the previous page), the next page announced in a
 * `Link: <...>; rel="next"` header built from the caller's base URL.
 */
import type { SandboxRequest } from "../contract.js";
import type { SandboxApiError } from "../contract.js";

export interface LimitRule {
  default: number;
  max: number;
  /** What to raise for a limit that is not an integer in range. */
  invalid: () => SandboxApiError;
  /** Clamp values above `max` instead of refusing them (the users API does). */
  clamp?: boolean;
}

/** The `limit` query parameter under `rule`. */
export function parseLimit(query: URLSearchParams, rule: LimitRule): number {
  const raw = query.get("limit");
  if (raw === null) return rule.default;
  if (!/^\d+$/.test(raw.trim())) throw rule.invalid();
  const limit = Number(raw);
  if (limit < 1) throw rule.invalid();
  if (limit > rule.max) {
    if (rule.clamp) return rule.max;
    throw rule.invalid();
  }
  return limit;
}

export interface Page<T> {
  items: T[];
  /** The record whose id is the next page's `after`, when there is a next page. */
  last?: T;
}

/**
 * The page of `sorted` (ordered by `compare`, a total order) that follows
 * `after`; `after` need not be in `sorted` (it may no longer match the filter).
 */
export function paginate<T>(sorted: T[], limit: number, compare: (a: T, b: T) => number, after?: T): Page<T> {
  const start = after === undefined ? 0 : firstIndexAfter(sorted, after, compare);
  const items = sorted.slice(start, start + limit);
  const more = start + limit < sorted.length;
  return more ? { items, last: items[items.length - 1] } : { items };
}

function firstIndexAfter<T>(sorted: T[], after: T, compare: (a: T, b: T) => number): number {
  const index = sorted.findIndex((item) => compare(item, after) > 0);
  return index === -1 ? sorted.length : index;
}

/** The URL of this list with `after` set (or removed), other query parameters kept. */
export function listUrl(req: SandboxRequest, after?: string): string {
  const query = new URLSearchParams(req.query);
  query.delete("after");
  if (after !== undefined) query.set("after", after);
  // URLSearchParams writes spaces as "+"; Okta's links use %20 (a literal "+" is already %2B).
  const text = query.toString().replace(/\+/g, "%20");
  return `${req.baseUrl.replace(/\/+$/, "")}${req.path}${text ? `?${text}` : ""}`;
}

/** A `Link` header value with `self` and, when given, `next`. */
export function linkHeader(req: SandboxRequest, nextAfter?: string): string {
  const links = [`<${listUrl(req, req.query.get("after") ?? undefined)}>; rel="self"`];
  if (nextAfter !== undefined) links.push(`<${listUrl(req, nextAfter)}>; rel="next"`);
  return links.join(", ");
}

/** Compares strings by code unit, the order ids sort in. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
