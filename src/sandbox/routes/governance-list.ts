/**
 * The list conventions the governance APIs share: a SCIM `filter`, one
 * `orderBy` field with `asc`/`desc`, `limit` and an `after` cursor holding
 * the last id of the previous page, answered as `{ data, _links }` plus a
 * `Link` header.
 */
import type { SandboxRequest, SandboxResponse } from "../contract.js";
import { compileFilter } from "../org/scim/evaluate.js";
import type { FilterSchema } from "../org/scim/evaluate.js";
import { ScimFilterError } from "../org/scim/tokenize.js";
import { invalidPaging, invalidScimFilter } from "./errors.js";
import { compareText, paginate, parseLimit } from "./paging.js";

export interface GovernanceListSpec<T> {
  /** Every record of the collection, before filtering. */
  records: T[];
  idOf: (record: T) => string;
  filterSchema: FilterSchema<T>;
  /** Sort keys by `orderBy` field name. */
  orderFields: Record<string, (record: T) => string>;
  defaultOrder: { field: string; direction: "asc" | "desc" };
  /** Refuses an `after` value that cannot be an id of this collection (format checks). */
  checkAfter?: (after: string) => void;
  render: (record: T) => unknown;
  /**
   * Query parameters Okta writes into its links even when the caller left them out (the SAR
   * list's self link names its default `orderBy=created asc`, recorded from real orgs).
   */
  linkDefaults?: Record<string, string>;
}

const MAX_LIMIT = 200;

/** Answers a governance list request over `spec.records`. */
export function governanceList<T>(req: SandboxRequest, spec: GovernanceListSpec<T>): SandboxResponse {
  const filter = req.query.get("filter");
  const matches = filter ? compileGovernanceFilter(filter, spec.filterSchema) : () => true;
  const compare = comparator(req.query.get("orderBy"), spec);
  const limit = parseLimit(req.query, {
    default: 20,
    max: MAX_LIMIT,
    invalid: () => invalidPaging("limit", "The limit parameter is not a valid.", "INVALID_DATA_TYPE"),
  });
  const cursor = resolveAfter(req.query.get("after"), spec);
  const page = paginate(spec.records.filter(matches).sort(compare), limit, compare, cursor);
  const nextAfter = page.last === undefined ? undefined : spec.idOf(page.last);
  const self = governanceLinkUrl(req, req.query.get("after") ?? undefined, spec.linkDefaults);
  const next = nextAfter === undefined ? undefined : governanceLinkUrl(req, nextAfter, spec.linkDefaults);
  // Okta's governance links carry an (empty) `hints` object, as recorded.
  const links: Record<string, { href: string; hints: Record<string, never> }> = { self: { href: self, hints: {} } };
  const header = [`<${self}>; rel="self"`];
  if (next !== undefined) {
    links.next = { href: next, hints: {} };
    header.push(`<${next}>; rel="next"`);
  }
  return {
    status: 200,
    body: { data: page.items.map(spec.render), _links: links },
    headers: { link: header.join(", ") },
  };
}

/**
 * A governance list URL as real Okta writes it: on the org's admin host (not the host called),
 * query keys in alphabetical order, `after` set or removed, `defaults` filled in where absent.
 */
export function governanceLinkUrl(req: SandboxRequest, after?: string, defaults: Record<string, string> = {}): string {
  const query = new URLSearchParams(req.query);
  query.delete("after");
  if (after !== undefined) query.set("after", after);
  for (const [key, value] of Object.entries(defaults)) if (!query.has(key)) query.set(key, value);
  query.sort();
  // URLSearchParams writes spaces as "+"; Okta's links use %20 (a literal "+" is already %2B).
  const text = query.toString().replace(/\+/g, "%20");
  return `${adminBase(req)}${req.path}${text ? `?${text}` : ""}`;
}

/** The admin host's base URL, where Okta points governance links. */
export function adminBase(req: SandboxRequest): string {
  return (req.adminBaseUrl ?? req.baseUrl).replace(/\/+$/, "");
}

/** Compiles a governance `filter`, turning any problem into Okta's 400 E0000053. */
export function compileGovernanceFilter<T>(source: string, schema: FilterSchema<T>): (record: T) => boolean {
  try {
    return compileFilter(source, schema);
  } catch (error) {
    if (error instanceof ScimFilterError) throw invalidScimFilter(error.message);
    throw error;
  }
}

function comparator<T>(orderBy: string | null, spec: GovernanceListSpec<T>): (a: T, b: T) => number {
  let { field, direction } = spec.defaultOrder;
  if (orderBy !== null) {
    const match = /^\s*([A-Za-z.]+)(?:\s+(asc|desc))?\s*$/i.exec(orderBy);
    if (!match?.[1] || !(match[1] in spec.orderFields)) {
      throw invalidPaging("orderBy", "Invalid orderBy syntax.", "STRING_FORMAT_INVALID");
    }
    field = match[1];
    direction = (match[2]?.toLowerCase() as "asc" | "desc" | undefined) ?? "asc";
  }
  const key = spec.orderFields[field] ?? spec.idOf;
  const sign = direction === "desc" ? -1 : 1;
  // Ties fall back to the id, so the order is total and `after` cursors are exact.
  return (a, b) => sign * compareText(key(a), key(b)) || compareText(spec.idOf(a), spec.idOf(b));
}

function resolveAfter<T>(after: string | null, spec: GovernanceListSpec<T>): T | undefined {
  if (after === null) return undefined;
  if (after === "") {
    throw invalidPaging("after", "Empty value found for query parameter 'after'", "EMPTY_PARAMETER");
  }
  spec.checkAfter?.(after);
  const record = spec.records.find((r) => spec.idOf(r) === after);
  if (record === undefined) throw invalidPaging("after", `${after} not found`, "IDENTIFIER_NOT_FOUND");
  return record;
}
