/**
 * The audit export: every audit entry since a point in time as an export
 * record, newest first, read page by page with a keyset cursor (`id <
 * last`), so memory holds one page and a small cache of launches however
 * long the trail is. `exportAuditLines` gives the same as JSON Lines.
 */
import type { AuditEntry, GovernanceStore } from "../store.js";
import { noPermalink, type PermalinkBuilder } from "./export-permalink.js";
import { toExportRecord, type AuditExportRecord, type LaunchFacts } from "./export-record.js";

export type AuditExportSource = Pick<GovernanceStore, "queryAudit" | "getLaunch" | "listDecisions">;

export interface AuditExportQuery {
  /** Entries at or after this instant; null for the whole trail. */
  since: Date | null;
  /** Only records where this Okta user is the actor or the target (the launch's target for entries of a launch). */
  user?: string | null;
  /** Entries read per query (default 200, at most 500). */
  pageSize?: number;
  permalink?: PermalinkBuilder;
  /** Stops reading (between pages) when aborted, e.g. when the HTTP client went away. */
  signal?: AbortSignal;
}

/**
 * Entries are numbered in insertion order and stamped by each replica's
 * clock, so near the `since` boundary the two orders may disagree by a
 * little: reading goes on this far past `since` before it stops.
 */
export const SINCE_SLACK_MS = 5 * 60_000;
const LAUNCH_CACHE_SIZE = 256;

/** Export records, newest first. */
export async function* exportAuditRecords(source: AuditExportSource, query: AuditExportQuery): AsyncGenerator<AuditExportRecord> {
  const pageSize = Math.min(Math.max(1, Math.trunc(query.pageSize ?? 200)), 500);
  const permalink = query.permalink ?? noPermalink;
  const since = query.since?.getTime() ?? null;
  const user = query.user ?? null;
  const launches = new Map<string, LaunchFacts | null>();

  async function factsOf(entry: AuditEntry): Promise<LaunchFacts | undefined> {
    if (entry.launchId === null) return undefined;
    let facts = launches.get(entry.launchId);
    if (facts === undefined) {
      const launch = await source.getLaunch(entry.launchId);
      facts = launch === null ? null : { launch, decisions: await source.listDecisions(launch.id) };
      if (launches.size >= LAUNCH_CACHE_SIZE) {
        const oldest = launches.keys().next();
        if (oldest.done !== true) launches.delete(oldest.value);
      }
      launches.set(entry.launchId, facts);
    }
    return facts ?? undefined;
  }

  let beforeId: string | undefined;
  for (;;) {
    query.signal?.throwIfAborted();
    const page = await source.queryAudit({ limit: pageSize, ...(beforeId !== undefined && { beforeId }) });
    for (const entry of page) {
      const at = entry.at.getTime();
      if (since !== null && at < since - SINCE_SLACK_MS) return;
      if (since !== null && at < since) continue;
      const record = toExportRecord(entry, await factsOf(entry), permalink);
      // Filtered on the joined record, so entries that reach their target only through their launch are kept too.
      if (user !== null && record.actor.oktaUserId !== user && record.target.oktaUserId !== user) continue;
      yield record;
    }
    const last = page[page.length - 1];
    if (page.length < pageSize || last === undefined) return;
    beforeId = last.id;
  }
}

/** The export as JSON Lines: one record and a newline per chunk. */
export async function* exportAuditLines(source: AuditExportSource, query: AuditExportQuery): AsyncGenerator<string> {
  for await (const record of exportAuditRecords(source, query)) yield `${JSON.stringify(record)}\n`;
}
