/**
 * Paces calls per Okta rate-limit bucket from the `X-Rate-Limit-*` headers,
 * so the client waits for the window to reset instead of walking into 429s.
 * Background calls (polling) leave a reserve of each window untouched so a
 * person's interactive call always finds budget, and while people's calls
 * wait for a bucket's budget, background calls there wait behind them.
 * @see https://developer.okta.com/docs/reference/rl-best-practices/
 */
import type { Clock, RateLimitWait } from "../../governance/ports.js";

export type Priority = "interactive" | "background";

export type { RateLimitWait } from "../../governance/ports.js";

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
  /** Epoch milliseconds when the window resets, as Okta reports it (whole seconds, rounded up). */
  resetAt: number;
  /** By then the window is surely over, as far as the learned window length tells (at most `resetAt`). */
  sureAt: number;
  /** From then one call (a probe) may find out whether the window is over already (at most `sureAt`). */
  opensAt: number;
  /** After a reset passed: a fresh window assumed until Okta's first answer says more. */
  assumed: boolean;
  /** In an assumed window: how many calls it let go at first (`remaining` counts down from it). */
  budget?: number;
  /** A probe is out until then (ms); 0 when none. */
  probeUntil: number;
  /** When the call that opened this window was sent and answered, when seen. */
  opened?: { sent: number; answered: number };
  /** The reported reset of the window before this one: answers still naming it arrived late. */
  endedResetAt?: number;
}

/** Bounds (ms) on a bucket's window length, learned from answers, for windows of `limit`. */
interface Length {
  limit: number;
  lo: number;
  hi: number;
}

/** How long other waiters wait for a probe's answer before another call may probe. */
const PROBE_TIMEOUT_MS = 2_000;
/** How often a waiter looks again while a probe is out. */
const PROBE_POLL_MS = 10;
/** Learned bounds narrower than this are good enough: no more probing, calls go when the window is surely over. */
const PRECISION_MS = 25;

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

/**
 * Per-bucket pacing state shared by every call of one client.
 *
 * A window opens with its first call and lasts a fixed time; Okta names its
 * end in whole seconds, rounded up: up to a second late. What the answers
 * show bounds the window's length: an answer that opened a window (remaining
 * = limit - 1) was counted between its send and its answer, and ends before
 * the reported reset; a call that opened the next window shows the previous
 * one was over; a 429 shows it was not. While the bounds are wide, one call
 * per window probes halfway between them (at most one 429 per window, which
 * narrows them either way); once narrow, calls go when the window is surely
 * over, a round trip after it really is.
 */
export class RateLimitPacer {
  private readonly windows = new Map<string, Window>();
  private readonly lengths = new Map<string, Length>();
  /** Interactive callers waiting for each bucket's budget. */
  private readonly queued = new Map<string, number>();
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
  async acquire(bucket: string, priority: Priority, signal?: AbortSignal, onWait?: (wait: RateLimitWait) => void): Promise<void> {
    let wait = this.take(bucket, priority);
    if (wait <= 0) return;
    // Counted from the first wait until the call goes (or gives up): background calls yield meanwhile.
    const interactive = priority === "interactive";
    if (interactive) this.queued.set(bucket, this.waiting(bucket) + 1);
    // Told once when the wait starts, and once more should a background call come to wait behind people's.
    let behind = this.yields(bucket, priority);
    try {
      onWait?.({ bucket, waitMs: wait, ...(behind && { behindInteractive: true }) });
      // Budget is taken after the wait, not promised before it: waiters never outrun the window.
      // After a wait as long as one may be (a far-away reset), or a sleep that ended early, the
      // call goes and its answer decides.
      for (;;) {
        const until = this.now() + wait;
        await this.opts.sleep(wait, signal);
        if (wait >= this.maxWaitMs || this.now() + 2 < until) return;
        wait = this.take(bucket, priority);
        if (wait <= 0) return;
        if (!behind && this.yields(bucket, priority)) {
          behind = true;
          onWait?.({ bucket, waitMs: wait, behindInteractive: true });
        }
      }
    } finally {
      if (interactive) {
        const left = this.waiting(bucket) - 1;
        if (left > 0) this.queued.set(bucket, left);
        else this.queued.delete(bucket);
      }
    }
  }

  /** Whether a call of this priority yields to people's calls waiting for `bucket`. */
  private yields(bucket: string, priority: Priority): boolean {
    return priority === "background" && this.waiting(bucket) > 0;
  }

  /** How many interactive callers wait for `bucket`'s budget now. */
  waiting(bucket: string): number {
    return this.queued.get(bucket) ?? 0;
  }

  /**
   * Records the window an answer reports. `sentAt` (epoch ms the request
   * left) lets the answer teach the window's length.
   */
  observe(bucket: string, headers: Headers, sentAt?: number): void {
    const limitHeader = intHeader(headers, "x-rate-limit-limit");
    const remaining = intHeader(headers, "x-rate-limit-remaining");
    const reset = intHeader(headers, "x-rate-limit-reset");
    if (remaining === undefined || reset === undefined) return;
    const resetAt = reset * 1000;
    const limit = limitHeader ?? Math.max(remaining, 1);
    const now = this.now();
    const known = this.windows.get(bucket);
    // An answer from a window already over (it arrived late) says nothing about the current one.
    if (resetAt <= now || (known?.endedResetAt !== undefined && resetAt <= known.endedResetAt)) return;
    const opened = sentAt !== undefined && remaining === limit - 1 ? { sent: sentAt, answered: now } : undefined;
    if (known && resetAt === known.resetAt) {
      // Same window: calls still in flight were counted here but not yet there.
      known.remaining = Math.min(known.remaining, remaining);
      known.limit = limit;
      known.probeUntil = 0;
      if (opened !== undefined && known.opened === undefined) {
        known.opened = opened;
        this.plan(known, this.narrow(bucket, limit, { lo: resetAt - 1000 - opened.answered, hi: resetAt - opened.sent }));
      }
      return;
    }
    // A new window; calls taken while it was only assumed may not have reached Okta yet.
    // (`taken`: what is left of it.)
    const taken = known?.assumed ? Math.max(0, Math.min(remaining, limit - ((known.budget ?? known.limit) - known.remaining))) : remaining;
    const w: Window = { limit, remaining: taken, resetAt, sureAt: resetAt, opensAt: resetAt, assumed: false, probeUntil: 0 };
    if (known?.endedResetAt !== undefined) w.endedResetAt = known.endedResetAt;
    if (opened !== undefined) {
      w.opened = opened;
      // This call found the previous window over: it ended before the answer.
      const previous = known?.opened;
      const seen: Partial<Length> = { lo: resetAt - 1000 - opened.answered, hi: resetAt - opened.sent };
      if (previous !== undefined && known?.limit === limit) seen.hi = Math.min(seen.hi ?? Infinity, opened.answered - previous.sent);
      this.plan(w, this.narrow(bucket, limit, seen));
    }
    this.windows.set(bucket, w);
  }

  /** Records a 429 (sent at `sentAt`): the bucket is empty until its reset (from the headers, or a short fallback). */
  exhausted(bucket: string, headers: Headers, sentAt?: number): void {
    const now = this.now();
    const reset = intHeader(headers, "x-rate-limit-reset");
    const w = this.windows.get(bucket);
    if (reset !== undefined && reset * 1000 > now) {
      const resetAt = reset * 1000;
      if (w && !w.assumed && w.resetAt === resetAt) {
        w.remaining = 0;
        w.probeUntil = 0;
        // A probe refused: the window still ran when it arrived. No more probes in this window.
        if (sentAt !== undefined && w.opened !== undefined && sentAt < w.sureAt) {
          this.plan(w, this.narrow(bucket, w.limit, { lo: sentAt - w.opened.answered }));
        } else if (sentAt !== undefined && sentAt >= w.sureAt) {
          // Refused when the window was surely over: what was learned is wrong.
          this.lengths.delete(bucket);
        }
        if (sentAt === undefined || sentAt >= w.sureAt) w.sureAt = w.resetAt;
        w.opensAt = w.sureAt;
        return;
      }
      // Taken for over when it was not: what was learned is wrong.
      if (w?.assumed && w.endedResetAt === resetAt) this.lengths.delete(bucket);
      const limit = intHeader(headers, "x-rate-limit-limit") ?? w?.limit ?? 1;
      const exhaustedWindow: Window = { limit, remaining: 0, resetAt, sureAt: resetAt, opensAt: resetAt, assumed: false, probeUntil: 0 };
      if (w?.endedResetAt !== undefined && w.endedResetAt !== resetAt) exhaustedWindow.endedResetAt = w.endedResetAt;
      this.windows.set(bucket, exhaustedWindow);
      return;
    }
    const retryAfter = intHeader(headers, "retry-after");
    const resetAt = now + (retryAfter !== undefined ? retryAfter * 1000 : this.fallbackWaitMs);
    this.windows.set(bucket, { limit: w?.limit ?? 1, remaining: 0, resetAt, sureAt: resetAt, opensAt: resetAt, assumed: false, probeUntil: 0 });
  }

  /** Milliseconds until an exhausted bucket resets (with jitter, capped); 0 when it has reset. */
  retryAfterMs(bucket: string): number {
    const w = this.windows.get(bucket);
    if (!w) return 0;
    return this.resetWait(w);
  }

  /** Narrows the bucket's window-length bounds by what one answer showed; starts over when they contradict. */
  private narrow(bucket: string, limit: number, seen: Partial<Length>): Length | undefined {
    const prior = this.lengths.get(bucket);
    const base = prior?.limit === limit ? prior : { limit, lo: 0, hi: Number.POSITIVE_INFINITY };
    let length: Length = { limit, lo: Math.max(base.lo, seen.lo ?? 0), hi: Math.min(base.hi, seen.hi ?? Number.POSITIVE_INFINITY) };
    // Another window length than before (or a clock jump): keep only what this answer showed.
    if (length.lo > length.hi) length = { limit, lo: seen.lo ?? 0, hi: seen.hi ?? Number.POSITIVE_INFINITY };
    this.lengths.set(bucket, length);
    return length;
  }

  /** When a window whose opening was seen is surely over, and when to probe whether it is already. */
  private plan(w: Window, length: Length | undefined): void {
    if (w.opened === undefined || length === undefined || !Number.isFinite(length.hi)) return;
    const floor = w.resetAt - 1000;
    const sure = Math.max(floor, Math.min(w.resetAt, w.opened.answered + length.hi));
    const earliest = Math.max(floor, Math.min(sure, w.opened.sent + length.lo));
    w.sureAt = sure;
    w.opensAt = sure - earliest > PRECISION_MS ? Math.round((earliest + sure) / 2) : sure;
  }

  private take(bucket: string, priority: Priority): number {
    const w = this.windows.get(bucket);
    // No data yet: go, and learn from the answer.
    if (!w) return 0;
    const now = this.now();
    if (now >= w.sureAt && !(w.assumed && now < w.resetAt)) {
      // Past the (reported or learned) end: a fresh window, until Okta's next answer tells its real
      // state (or, should no answer come, for a short while only).
      const until = now + PROBE_TIMEOUT_MS;
      // The window just over stays known: the call that opens the next one bounds its length,
      // and answers still naming its reset arrived late.
      const endedResetAt = w.assumed ? w.endedResetAt : w.resetAt;
      // Over by Okta's own reset: a full window. Over by what was learned: one call first, so
      // should that be wrong (the windows grew), one 429 says so, not a whole window of them.
      const remaining = now >= w.resetAt || w.assumed ? w.limit : 1;
      Object.assign(w, { remaining, budget: remaining, assumed: true, probeUntil: 0, resetAt: until, sureAt: until, opensAt: until, endedResetAt });
    }
    // People's calls wait for this bucket: a background call neither takes budget nor probes before them.
    if (this.yields(bucket, priority)) return Math.max(PROBE_POLL_MS, Math.min(w.opensAt, w.resetAt) - now);
    const keep = priority === "background" ? Math.ceil(w.limit * this.reserve) : 0;
    if (w.remaining > keep) {
      w.remaining -= 1;
      return 0;
    }
    if (w.assumed) return Math.min(PROBE_POLL_MS, w.resetAt - now);
    if (now >= w.opensAt) {
      // The window may be over already; Okta's reset is rounded up. One call finds out.
      if (w.probeUntil <= now) {
        w.probeUntil = now + PROBE_TIMEOUT_MS;
        return 0;
      }
      return Math.min(PROBE_POLL_MS, w.sureAt - now);
    }
    if (w.opensAt < w.resetAt) return w.opensAt - now;
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
