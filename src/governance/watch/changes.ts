/**
 * One poll's view of what changed in Okta: every request or SAR whose
 * `lastUpdated` is after a time, fetched with one filtered list (paged),
 * whatever the number of watches. Okta documents `lastUpdated gt` for
 * `listAllRequestsV2` and `gt`/`lt` on dates for `listSecurityAccessReviews`
 * (no `ge` on either).
 *
 * Governance timestamps have whole seconds (`2025-08-06T04:32:43Z`, as
 * recorded from real orgs): a change at 12:00:00.700 reads as 12:00:00, so
 * `gt` the time of a poll at 12:00:00.300 would never show it. The filter
 * therefore starts one whole second before the second `since` falls in,
 * i.e. it reads every change of that second again. Reading a change twice
 * is harmless: a watch posts only when the state differs from the one it
 * recorded.
 */
import { scim, type ScimFilter } from "../okta/scim-filter.js";
import type { AccessRequest, Page, SecurityAccessReview } from "../okta/types.js";
import type { CallOptions, OktaGovernance } from "../ports.js";

export interface Changes<T> {
  byId: Map<string, T>;
  /** Pages were left unread (more changes than `maxPages` hold). */
  truncated: boolean;
  /** Okta calls made. */
  calls: number;
  /**
   * When truncated and the list was ordered by `lastUpdated`: every change
   * before this time was read, so the next round may start here.
   */
  readUpTo?: Date;
  /** More changes fell in one second than a round reads: the rest of that second is skipped. */
  secondOverflowed?: boolean;
}

export interface ChangesOptions {
  maxPages: number;
  pageSize: number;
  call: CallOptions;
}

/**
 * Reads up to `maxPages` pages; past that only while `readOn` says the pages
 * read cannot resume a later round (and at most `maxPages` more).
 */
async function collect<T extends { id: string }>(
  fetchPage: (after: string | undefined) => Promise<Page<T>>,
  maxPages: number,
  readOn: (byId: Map<string, T>) => boolean = () => false,
): Promise<Changes<T>> {
  const byId = new Map<string, T>();
  let after: string | undefined;
  let calls = 0;
  do {
    const page = await fetchPage(after);
    calls += 1;
    for (const item of page.items) byId.set(item.id, item);
    after = page.nextAfter;
  } while (after !== undefined && (calls < maxPages || (calls < 2 * maxPages && readOn(byId))));
  return { byId, truncated: after !== undefined, calls };
}

const SECOND = 1000;
const secondOf = (time: number): number => Math.floor(time / SECOND) * SECOND;

/** `lastUpdated gt` the whole second before the one `since` falls in, written as Okta writes its times. */
export function changedSinceFilter(since: Date): ScimFilter {
  const before = new Date(secondOf(since.getTime()) - SECOND);
  return scim.gt("lastUpdated", `${before.toISOString().slice(0, 19)}Z`);
}

/** The whole second of the latest change read, if any change has a time. */
function lastSecondRead(byId: Map<string, AccessRequest>): number | undefined {
  const times = [...byId.values()].map((r) => Date.parse(r.lastUpdated ?? "")).filter((t) => !Number.isNaN(t));
  return times.length === 0 ? undefined : secondOf(Math.max(...times));
}

/**
 * Access requests updated at or after the second of `since`, oldest change first.
 * When pages are left unread, the next round starts at the second of the last change read
 * (unread pages may hold more of that second). If every change read lies in the first
 * second, starting there again would never get further: the poll reads on (up to twice
 * its pages) and, if that second still fills them, moves past it (`secondOverflowed`).
 */
export async function requestsChangedSince(okta: OktaGovernance, since: Date, options: ChangesOptions): Promise<Changes<AccessRequest>> {
  const filter = changedSinceFilter(since);
  const first = secondOf(since.getTime());
  const found = await collect(
    (after) =>
      okta.listRequests(
        { filter, limit: options.pageSize, orderBy: "lastUpdated asc", ...(after !== undefined && { after }) },
        options.call,
      ),
    options.maxPages,
    (byId) => (lastSecondRead(byId) ?? Infinity) <= first,
  );
  if (!found.truncated) return found;
  const last = lastSecondRead(found.byId);
  if (last === undefined) return found;
  if (last > first) return { ...found, readUpTo: new Date(last) };
  return { ...found, readUpTo: new Date(first + SECOND), secondOverflowed: true };
}

/** Security access reviews updated at or after the second of `since`. */
export function sarsChangedSince(okta: OktaGovernance, since: Date, options: ChangesOptions): Promise<Changes<SecurityAccessReview>> {
  const filter = changedSinceFilter(since);
  return collect(
    (after) => okta.listSecurityAccessReviews({ filter, limit: options.pageSize, ...(after !== undefined && { after }) }, options.call),
    options.maxPages,
  );
}
