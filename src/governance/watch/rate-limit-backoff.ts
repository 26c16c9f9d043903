/**
 * Remembers, per Okta rate-limit bucket, until when this replica's poller
 * stays away: after a 429 the next rounds cost no Okta call at all until
 * the window Okta named has reset, leaving the budget to people.
 */
import type { Clock } from "../ports.js";

export class RateLimitBackoff {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    /** Wait used when Okta named no reset time. */
    private readonly fallbackMs: number,
  ) {}

  /** True while `bucket` is backed off. */
  active(bucket: string): boolean {
    return (this.until.get(bucket) ?? 0) > this.clock.now().getTime();
  }

  /** When `bucket` may be tried again (epoch ms), if backed off. */
  resumesAt(bucket: string): number | undefined {
    return this.active(bucket) ? this.until.get(bucket) : undefined;
  }

  /** Backs off `bucket` for `retryAfterMs` (or the fallback when Okta gave none). */
  hit(bucket: string, retryAfterMs: number): void {
    const wait = retryAfterMs > 0 ? retryAfterMs : this.fallbackMs;
    this.until.set(bucket, this.clock.now().getTime() + wait);
  }
}
