/**
 * Okta-style rate limits: each bucket allows `limit` calls per window; every
 * answer carries `X-Rate-Limit-Limit/Remaining/Reset` (reset in epoch seconds).
 */
import type { SandboxClock } from "./clock.js";

export interface RateLimitSetting {
  limit: number;
  windowMs: number;
}

/** Near Okta's recorded per-minute limits; `default` covers buckets not named here. */
export const defaultRateLimits: Readonly<Record<string, RateLimitSetting>> = {
  "governance-sar": { limit: 50, windowMs: 60_000 },
  "governance-requests": { limit: 30, windowMs: 60_000 },
  users: { limit: 600, windowMs: 60_000 },
  token: { limit: 600, windowMs: 60_000 },
  default: { limit: 600, windowMs: 60_000 },
};

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch seconds when the current window ends. */
  resetAt: number;
}

export interface BucketState extends RateLimitSetting {
  bucket: string;
  used: number;
  resetAt: number;
}

export interface RateLimits {
  /** Changes a bucket's limit (and window) at run time; the current count is kept. */
  set(bucket: string, setting: { limit: number; windowMs?: number }): void;
  get(bucket: string): RateLimitSetting;
  /** Counts one call against `bucket` when it fits. */
  consume(bucket: string): RateDecision;
  /** The bucket's state without counting a call. */
  peek(bucket: string): RateDecision;
  /** Forgets the counts (of one bucket, or of all). */
  reset(bucket?: string): void;
  snapshot(): BucketState[];
}

interface Window {
  startMs: number;
  used: number;
}

/** Rate-limit buckets over the injected clock. */
export function createRateLimits(options: { clock: SandboxClock; settings?: Record<string, Partial<RateLimitSetting>> }): RateLimits {
  const settings = new Map<string, RateLimitSetting>(Object.entries(defaultRateLimits));
  const windows = new Map<string, Window>();

  const get = (bucket: string): RateLimitSetting =>
    settings.get(bucket) ?? settings.get("default") ?? { limit: 600, windowMs: 60_000 };

  const set = (bucket: string, setting: { limit: number; windowMs?: number }): void => {
    assertSetting(bucket, setting);
    settings.set(bucket, { limit: setting.limit, windowMs: setting.windowMs ?? get(bucket).windowMs });
  };

  for (const [bucket, partial] of Object.entries(options.settings ?? {})) {
    set(bucket, { limit: partial.limit ?? get(bucket).limit, windowMs: partial.windowMs ?? get(bucket).windowMs });
  }

  const currentWindow = (bucket: string, open = true): Window => {
    const nowMs = options.clock.now().getTime();
    const existing = windows.get(bucket);
    if (existing && nowMs < existing.startMs + get(bucket).windowMs) return existing;
    // A window opens with the first call after the previous one ended.
    const fresh = { startMs: nowMs, used: 0 };
    if (open) windows.set(bucket, fresh);
    return fresh;
  };

  const decision = (bucket: string, window: Window, allowed: boolean): RateDecision => {
    const { limit, windowMs } = get(bucket);
    return {
      allowed,
      limit,
      remaining: Math.max(0, limit - window.used),
      resetAt: Math.ceil((window.startMs + windowMs) / 1000),
    };
  };

  return {
    set,
    get,
    consume(bucket) {
      const window = currentWindow(bucket);
      if (window.used >= get(bucket).limit) return decision(bucket, window, false);
      window.used += 1;
      return decision(bucket, window, true);
    },
    peek(bucket) {
      const window = currentWindow(bucket, false);
      return decision(bucket, window, window.used < get(bucket).limit);
    },
    reset(bucket) {
      if (bucket === undefined) windows.clear();
      else windows.delete(bucket);
    },
    snapshot() {
      const names = new Set([...settings.keys(), ...windows.keys()]);
      return [...names].sort().map((bucket) => {
        const d = decision(bucket, currentWindow(bucket, false), true);
        return { bucket, ...get(bucket), used: d.limit - d.remaining, resetAt: d.resetAt };
      });
    },
  };
}

/** The headers Okta puts on every answer. */
export function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  return {
    "X-Rate-Limit-Limit": String(decision.limit),
    "X-Rate-Limit-Remaining": String(decision.remaining),
    "X-Rate-Limit-Reset": String(decision.resetAt),
  };
}

function assertSetting(bucket: string, setting: { limit: number; windowMs?: number }): void {
  if (!bucket) throw new RangeError("rate-limit bucket name must not be empty");
  if (!Number.isInteger(setting.limit) || setting.limit < 1) {
    throw new RangeError(`rate limit for ${bucket} must be a positive integer, got ${String(setting.limit)}`);
  }
  if (setting.windowMs !== undefined && (!Number.isInteger(setting.windowMs) || setting.windowMs < 1)) {
    throw new RangeError(`rate-limit window for ${bucket} must be a positive integer of ms, got ${String(setting.windowMs)}`);
  }
}
