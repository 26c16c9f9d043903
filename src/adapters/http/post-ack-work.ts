/**
 * Work a chat adapter does after it has answered a request (Slack: after
 * the ack). Two jobs: keep the event loop free for new requests, and let
 * shutdown wait for what is still running.
 *
 * - Bounded: at most `maxConcurrent` pieces run at once; the rest wait in
 *   arrival order. A piece starts only after a `setImmediate`, so the
 *   answer already written is flushed and requests already waiting are
 *   read (and answered) before any post-ack work takes the loop.
 * - Tracked: `drain()` waits for every piece begun or queued so far (the
 *   adapter stops taking requests first, so the set only shrinks).
 * - `full` once `maxWaiting` pieces wait: the adapter then answers new work
 *   with "busy, try again" instead of queueing it (a Slack trigger_id lives
 *   3 s, so work queued longer could not open its modal anyway, and an
 *   endless queue is memory).
 */

export interface PostAckWorkOptions {
  /** How many pieces run at once (default 8). */
  maxConcurrent?: number;
  /** From how many waiting pieces on `full` is true (default: never). */
  maxWaiting?: number;
}

export class PostAckWork {
  private readonly maxConcurrent: number;
  private readonly maxWaiting: number;
  private readonly waiting: (() => void)[] = [];
  private readonly tracked = new Set<Promise<unknown>>();
  private active = 0;

  constructor(options: PostAckWorkOptions = {}) {
    const max = options.maxConcurrent ?? 8;
    if (!Number.isInteger(max) || max < 1) throw new Error(`maxConcurrent must be a positive integer, not ${String(max)}`);
    this.maxConcurrent = max;
    this.maxWaiting = options.maxWaiting ?? Number.POSITIVE_INFINITY;
    if (!(this.maxWaiting >= 0)) throw new Error(`maxWaiting must be zero or more, not ${String(options.maxWaiting)}`);
  }

  /** True while `maxWaiting` or more pieces wait for a slot: new work should be refused, not queued. */
  get full(): boolean {
    return this.waiting.length >= this.maxWaiting;
  }

  /** Waits for a free slot; resolves to the function that frees it again (idempotent). */
  async enter(): Promise<() => void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.active >= this.maxConcurrent) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiting.shift()?.();
    };
  }

  /** Remembers `promise` until it settles, so `drain()` waits for it; returns it unchanged. */
  track<T>(promise: Promise<T>): Promise<T> {
    const settled = promise.then(
      () => undefined,
      () => undefined,
    );
    this.tracked.add(settled);
    void settled.then(() => this.tracked.delete(settled));
    return promise;
  }

  /** Resolves once everything tracked so far (and anything it started) has settled; false if `timeoutMs` passed first. */
  async drain(timeoutMs = 30_000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref();
    });
    const all = (async (): Promise<true> => {
      while (this.tracked.size > 0) await Promise.all([...this.tracked]);
      return true;
    })();
    try {
      return await Promise.race([all, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Pieces running now / waiting for a slot / tracked (running, waiting or still answering). */
  get stats(): { active: number; waiting: number; tracked: number } {
    return { active: this.active, waiting: this.waiting.length, tracked: this.tracked.size };
  }
}
