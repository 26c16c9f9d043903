/**
 * One poll's view of what changed in Okta: every request or SAR whose
 * `lastUpdated` is after a time, fetched with one filtered list (paged),
 * whatever the number of watches. Okta documents `lastUpdated gt` for
 * `listAllRequestsV2` and `gt`/`lt` on dates for `listSecurityAccessReviews`.
 */
import { scim } from "../okta/scim-filter.js";
import type { AccessRequest, Page, SecurityAccessReview } from "../okta/types.js";
import type { CallOptions, OktaGateway } from "../ports.js";

export interface Changes<T> {
  byId: Map<string, T>;
  /** Pages were left unread (more changes than `maxPages` hold). */
  truncated: boolean;
  /** Okta calls made. */
  calls: number;
  /**
   * When truncated and the list was ordered by `lastUpdated`: every change up
   * to this time was read, so the next round may start here.
   */
  readUpTo?: Date;
}

export interface ChangesOptions {
  maxPages: number;
  pageSize: number;
  call: CallOptions;
}

async function collect<T extends { id: string }>(
  fetchPage: (after: string | undefined) => Promise<Page<T>>,
  maxPages: number,
): Promise<Changes<T>> {
  const byId = new Map<string, T>();
  let after: string | undefined;
  let calls = 0;
  do {
    const page = await fetchPage(after);
    calls += 1;
    for (const item of page.items) byId.set(item.id, item);
    after = page.nextAfter;
  } while (after !== undefined && calls < maxPages);
  return { byId, truncated: after !== undefined, calls };
}

/** Access requests updated after `since`, oldest change first. */
export async function requestsChangedSince(okta: OktaGateway, since: Date, options: ChangesOptions): Promise<Changes<AccessRequest>> {
  const filter = scim.gt("lastUpdated", since);
  const found = await collect(
    (after) =>
      okta.listRequests(
        { filter, limit: options.pageSize, orderBy: "lastUpdated asc", ...(after !== undefined && { after }) },
        options.call,
      ),
    options.maxPages,
  );
  if (!found.truncated) return found;
  const times = [...found.byId.values()].map((r) => Date.parse(r.lastUpdated ?? "")).filter((t) => !Number.isNaN(t));
  return times.length > 0 ? { ...found, readUpTo: new Date(Math.max(...times)) } : found;
}

/** Security access reviews updated after `since`. */
export function sarsChangedSince(okta: OktaGateway, since: Date, options: ChangesOptions): Promise<Changes<SecurityAccessReview>> {
  const filter = scim.gt("lastUpdated", since);
  return collect(
    (after) => okta.listSecurityAccessReviews({ filter, limit: options.pageSize, ...(after !== undefined && { after }) }, options.call),
    options.maxPages,
  );
}
