// The pacer against an Okta-like fixed window (opened by its first call,
// reset reported in whole seconds rounded up), on a fake clock: windows are
// used at the pace they reset, not a rounded-up second later, and calls
// waiting at a window that only looks over risk one 429 between them.
import { describe, expect, it } from "vitest";
import { RateLimitPacer } from "../../../src/adapters/okta/rate-limit-pacer.js";
import { fakeClock, recordingSleep, type FakeClock } from "./support/test-kit.js";

const BUCKET = "governance-sar";
/** Windows end at x.100 s here, so Okta's rounded-up reset is 900 ms late. */
const T0 = new Date("2030-01-01T00:00:00.100Z");
const LATENCY_MS = 5;

/** Okta's fixed windows: `limit` calls per `windowMs`, the window opening with its first call. */
function fixedWindows(limit: number, windowMs: () => number) {
  let start = Number.NEGATIVE_INFINITY;
  let used = 0;
  const starts: number[] = [];
  /** 429s by the start of the window that refused them. */
  const refusedIn = new Map<number, number>();
  return {
    starts,
    refusedIn,
    get refused() {
      return [...refusedIn.values()].reduce((a, b) => a + b, 0);
    },
    call(at: number): { ok: boolean; headers: Headers } {
      if (at >= start + windowMs()) {
        start = at;
        used = 0;
        starts.push(at);
      }
      const ok = used < limit;
      if (ok) used += 1;
      else refusedIn.set(start, (refusedIn.get(start) ?? 0) + 1);
      const headers = new Headers({
        "x-rate-limit-limit": String(limit),
        "x-rate-limit-remaining": String(limit - used),
        "x-rate-limit-reset": String(Math.ceil((start + windowMs()) / 1000)),
      });
      return { ok, headers };
    },
  };
}

/**
 * One call through the pacer: acquire, send (counted at send), answer after the latency; a 429 is
 * tried again. `inFlight` waits out the latency while other calls run.
 */
async function call(pacer: RateLimitPacer, clock: FakeClock, okta: ReturnType<typeof fixedWindows>, inFlight?: () => Promise<void>): Promise<void> {
  for (;;) {
    await pacer.acquire(BUCKET, "interactive");
    const sentAt = clock.now().getTime();
    const answer = okta.call(sentAt);
    if (inFlight) await inFlight();
    else clock.advance(LATENCY_MS);
    if (answer.ok) {
      pacer.observe(BUCKET, answer.headers, sentAt);
      return;
    }
    pacer.exhausted(BUCKET, answer.headers, sentAt);
  }
}

function setup() {
  const clock = fakeClock(T0);
  const { sleep } = recordingSleep(clock);
  const pacer = new RateLimitPacer({ clock, sleep, jitterMs: 0 });
  return { clock, pacer };
}

describe("the rate-limit pacer", () => {
  it("learns when windows really end: soon each next one starts a round trip after it, with at most one 429 per window", async () => {
    const { clock, pacer } = setup();
    const okta = fixedWindows(3, () => 5_000);
    for (let i = 0; i < 3 * 12; i++) await call(pacer, clock, okta);
    expect(okta.starts.length).toBeGreaterThanOrEqual(12);
    for (const refusals of okta.refusedIn.values()) expect(refusals).toBe(1);
    const gaps = okta.starts.slice(1).map((at, i) => at - (okta.starts[i]! + 5_000));
    // Okta's rounded-up reset alone would start each window up to a second late (900 ms here).
    for (const gap of gaps.slice(-4)) expect(gap).toBeLessThanOrEqual(25 + 2 * LATENCY_MS);
  });

  it("calls waiting together at a window that may be over send one probe; when Okta's windows grow, still at most one 429 per window", async () => {
    const clock = fakeClock(T0);
    const timers = new FakeTimers(clock);
    const pacer = new RateLimitPacer({ clock, sleep: (ms) => timers.sleep(ms), jitterMs: 0 });
    let windowMs = 5_000;
    const okta = fixedWindows(2, () => windowMs);
    const latency = () => timers.sleep(LATENCY_MS);
    // One call first: with nothing known yet, every waiting call would go at once.
    await timers.run(() => call(pacer, clock, okta, latency));
    await timers.run(() => Promise.all(Array.from({ length: 2 * 10 }, () => call(pacer, clock, okta, latency))));
    // Okta's windows grow: what was learned is now wrong.
    windowMs = 5_400;
    await timers.run(() => Promise.all(Array.from({ length: 2 * 6 }, () => call(pacer, clock, okta, latency))));
    expect(okta.starts.length).toBeGreaterThanOrEqual(16);
    for (const refusals of okta.refusedIn.values()) expect(refusals).toBe(1);
  });
});

/** Timers on the fake clock: `run` moves the clock to each next due sleep once everything else has run. */
class FakeTimers {
  private readonly due: { at: number; wake: () => void }[] = [];
  constructor(private readonly clock: FakeClock) {}

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.due.push({ at: this.clock.now().getTime() + ms, wake: resolve }));
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    let finished = false;
    const result = work().finally(() => {
      finished = true;
    });
    for (;;) {
      // Let every call that can move do so before time passes.
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      if (finished) return result;
      this.due.sort((a, b) => a.at - b.at);
      const next = this.due.shift();
      if (next === undefined) throw new Error("nothing is due and the work has not finished");
      if (next.at > this.clock.now().getTime()) this.clock.set(new Date(next.at));
      next.wake();
    }
  }
}
