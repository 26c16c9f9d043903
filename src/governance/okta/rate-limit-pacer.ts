/**
 * Paces calls per Okta rate-limit bucket from the `X-Rate-Limit-*` headers,
 * so the client waits for the window to reset instead of walking into 429s.
 * Background calls (polling) leave a reserve of each window untouched so a
 * person's interactive call always finds budget.
 * @see https://developer.okta.com/docs/reference/rl-best-practices/
 */
import type { Clock } from "../ports.js";

export type Priority = "interactive" | "background";

/** Waits `ms`, rejecting with the signal's reason when it aborts. Injected so tests control time. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface PacerOptions {
  clock: Clock;
  sleep: Sleep;
  /** Share of each window background calls never spend (default 0.2). */
  backgroundReserve?: number;
  /** Longest single wait for a window to reset (default 60 s). */
  maxWaitMs?: number;
  /** Upper bound of the random delay added to a reset wait, so waiters do not all return at once (default 1 s). */
  jitterMs?: number;
  /** Random source in [0, 1) for the jitter. */
  random?: () => number;
  /** Wait when a 429 carries no reset header (default 1 s). */
  fallbackWaitMs?: number;
}

interface Window {
  limit: number;
  remaining: number;
  /** Epoch milliseconds when the window resets. */
  resetAt: number;
}

/** Default `Sleep` over real timers. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** Per-bucket pacing state shared by every call of one client. */
export class RateLimitPacer {
  private readonly windows = new Map<string, Window>();
  private readonly reserve: number;
  private readonly maxWaitMs: number;
  private readonly jitterMs: number;
  private readonly random: () => number;
  private readonly fallbackWaitMs: number;

  constructor(private readonly opts: PacerOptions) {
    this.reserve = opts.backgroundReserve ?? 0.2;
    this.maxWaitMs = opts.maxWaitMs ?? 60_000;
    this.jitterMs = opts.jitterMs ?? 1_000;
    this.random = opts.random ?? Math.random;
    this.fallbackWaitMs = opts.fallbackWaitMs ?? 1_000;
  }

  /** Waits, if needed, until the bucket has budget for one call of this priority, and takes it. */
  async acquire(bucket: string, priority: Priority, signal?: AbortSignal): Promise<void> {
    const wait = this.take(bucket, priority);
    if (wait > 0) await this.opts.sleep(wait, signal);
  }

  /** Records the window a response reports. */
  observe(bucket: string, headers: Headers): void {
    const limit = intHeader(headers, "x-rate-limit-limit");
    const remaining = intHeader(headers, "x-rate-limit-remaining");
    const reset = intHeader(headers, "x-rate-limit-reset");
    if (remaining === undefined || reset === undefined) return;
    this.windows.set(bucket, { limit: limit ?? Math.max(remaining, 1), remaining, resetAt: reset * 1000 });
  }

  /** Records a 429: the bucket is empty until its reset (from the headers, or a short fallback). */
  exhausted(bucket: string, headers: Headers): void {
    this.observe(bucket, headers);
    const now = this.now();
    const w = this.windows.get(bucket);
    if (w && w.resetAt > now) {
      w.remaining = 0;
      return;
    }
    const retryAfter = intHeader(headers, "retry-after");
    const resetAt = now + (retryAfter !== undefined ? retryAfter * 1000 : this.fallbackWaitMs);
    this.windows.set(bucket, { limit: w?.limit ?? 1, remaining: 0, resetAt });
  }

  /** Milliseconds until an exhausted bucket resets (with jitter, capped); 0 when it has reset. */
  retryAfterMs(bucket: string): number {
    const w = this.windows.get(bucket);
    if (!w) return 0;
    return this.resetWait(w);
  }

  private take(bucket: string, priority: Priority): number {
    const w = this.windows.get(bucket);
    // No data yet, or the window has reset since: go, and learn from the answer.
    if (!w || this.now() >= w.resetAt) return 0;
    const keep = priority === "background" ? Math.ceil(w.limit * this.reserve) : 0;
    if (w.remaining > keep) {
      w.remaining -= 1;
      return 0;
    }
    return this.resetWait(w);
  }

  private resetWait(w: Window): number {
    const untilReset = w.resetAt - this.now();
    if (untilReset <= 0) return 0;
    const jitter = Math.floor(this.random() * this.jitterMs);
    return Math.min(untilReset + jitter, this.maxWaitMs);
  }

  private now(): number {
    return this.opts.clock.now().getTime();
  }
}

function intHeader(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || !/^\s*\d+\s*$/.test(raw)) return undefined;
  return Number.parseInt(raw, 10);
}
