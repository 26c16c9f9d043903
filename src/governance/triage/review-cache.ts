/**
 * Reads of a review kept for a short while in this process (default 60 s):
 * the review with its principal, pages of items, and an item's Details
 * (sub-accesses and anomalies). A warm card costs no Okta call; every
 * action, and the watch when it sees a change, drops the review's reads.
 */
import type { Page } from "../okta/types.js";
import type { SarAccessItem, SarAnomaly, SarSubAccessItem } from "../okta/sar-triage-types.js";
import type { Clock } from "../ports.js";
import type { ReviewRead } from "./map-view.js";

export const DEFAULT_TRIAGE_CACHE_TTL_MS = 60_000;

export interface DetailsRead {
  subAccesses: Page<SarSubAccessItem>;
  anomalies: SarAnomaly[];
}

interface Timed<T> {
  at: number;
  value: T;
}

interface ReviewEntry {
  review?: Timed<ReviewRead>;
  /** By Okta's `after` ("" for the first page). */
  pages: Map<string, Timed<Page<SarAccessItem>>>;
  details: Map<string, Timed<DetailsRead>>;
}

/** Bounded: beyond `maxReviews` the least recently filled review is dropped. */
export class ReviewCache {
  private readonly reviews = new Map<string, ReviewEntry>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly maxReviews = 500,
  ) {}

  private fresh<T>(timed: Timed<T> | undefined): T | undefined {
    if (timed === undefined) return undefined;
    return this.clock.now().getTime() - timed.at < this.ttlMs ? timed.value : undefined;
  }

  private entry(sarId: string): ReviewEntry {
    let found = this.reviews.get(sarId);
    if (found === undefined) {
      found = { pages: new Map(), details: new Map() };
      this.reviews.set(sarId, found);
      while (this.reviews.size > this.maxReviews) {
        const oldest = this.reviews.keys().next();
        if (oldest.done === true) break;
        this.reviews.delete(oldest.value);
      }
    }
    return found;
  }

  private stamp<T>(value: T): Timed<T> {
    return { at: this.clock.now().getTime(), value };
  }

  review(sarId: string): ReviewRead | undefined {
    return this.fresh(this.reviews.get(sarId)?.review);
  }

  putReview(sarId: string, value: ReviewRead): void {
    this.entry(sarId).review = this.stamp(value);
  }

  page(sarId: string, after: string | null): Page<SarAccessItem> | undefined {
    return this.fresh(this.reviews.get(sarId)?.pages.get(after ?? ""));
  }

  putPage(sarId: string, after: string | null, value: Page<SarAccessItem>): void {
    this.entry(sarId).pages.set(after ?? "", this.stamp(value));
  }

  /** An item as a cached page shows it. */
  item(sarId: string, accessId: string): SarAccessItem | undefined {
    for (const timed of this.reviews.get(sarId)?.pages.values() ?? []) {
      const page = this.fresh(timed);
      const found = page?.items.find((i) => i.id === accessId);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  details(sarId: string, accessId: string): DetailsRead | undefined {
    return this.fresh(this.reviews.get(sarId)?.details.get(accessId));
  }

  putDetails(sarId: string, accessId: string, value: DetailsRead): void {
    this.entry(sarId).details.set(accessId, this.stamp(value));
  }

  /** Anomalies of the review's items that a Details read cached. */
  anomalies(sarId: string): Map<string, SarAnomaly[]> {
    const out = new Map<string, SarAnomaly[]>();
    for (const [accessId, timed] of this.reviews.get(sarId)?.details ?? []) {
      const value = this.fresh(timed);
      if (value !== undefined) out.set(accessId, value.anomalies);
    }
    return out;
  }

  invalidate(sarId: string): void {
    this.reviews.delete(sarId);
  }
}
