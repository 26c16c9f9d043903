// Background calls yield to people's: while interactive callers wait for a
// bucket's budget, a background call there is neither granted nor probes
// before them, and is told it waits behind them; once they went, it goes.
import { describe, expect, it } from "vitest";
import { RateLimitPacer, type RateLimitWait, type Sleep } from "../../../src/adapters/okta/rate-limit-pacer.js";
import { fakeClock, type FakeClock } from "./support/test-kit.js";

const BUCKET = "governance-sar";
const T0 = new Date("2030-01-01T00:00:00.000Z");

/** Sleeps that return in the order of their end times, as the test runs them, moving the fake clock. */
function scheduler(clock: FakeClock) {
  const pending: { at: number; resolve: () => void }[] = [];
  const sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const entry = { at: clock.now().getTime() + ms, resolve };
      pending.push(entry);
      signal?.addEventListener("abort", () => {
        pending.splice(pending.indexOf(entry), 1);
        reject(signal.reason as Error);
      });
    });
  /** Ends every sleep, earliest first, until none is left. */
  async function runAll(): Promise<void> {
    for (let guard = 0; guard < 10_000; guard++) {
      await new Promise((r) => setImmediate(r));
      if (pending.length === 0) return;
      pending.sort((a, b) => a.at - b.at);
      const next = pending.shift();
      if (next === undefined) return;
      if (next.at > clock.now().getTime()) clock.set(new Date(next.at));
      next.resolve();
    }
    throw new Error("sleeps never ended");
  }
  return { sleep, runAll };
}

/** A pacer that saw a window of 10 used up until one second from now; waits for the reset get 500 ms of jitter. */
function exhaustedPacer() {
  const clock = fakeClock(T0);
  const { sleep, runAll } = scheduler(clock);
  const pacer = new RateLimitPacer({ clock, sleep, jitterMs: 1_000, random: () => 0.5 });
  const reset = String(Math.ceil((T0.getTime() + 1_000) / 1000));
  pacer.observe(BUCKET, new Headers({ "x-rate-limit-limit": "10", "x-rate-limit-remaining": "0", "x-rate-limit-reset": reset }));
  return { clock, pacer, runAll };
}

describe("background calls behind people's calls", () => {
  it("grants no background call before the interactive callers queued on the bucket", async () => {
    const { pacer, runAll } = exhaustedPacer();
    const granted: string[] = [];
    const waits: RateLimitWait[] = [];
    const calls = [1, 2, 3].map((i) => pacer.acquire(BUCKET, "interactive").then(() => granted.push(`interactive-${i}`)));
    expect(pacer.waiting(BUCKET)).toBe(3);
    // Its own wait (no jitter) would end before theirs (jittered): it goes only after them all.
    calls.push(pacer.acquire(BUCKET, "background", undefined, (w) => waits.push(w)).then(() => granted.push("background")));
    await runAll();
    await Promise.all(calls);
    expect(granted).toEqual(["interactive-1", "interactive-2", "interactive-3", "background"]);
    expect(waits[0]).toMatchObject({ bucket: BUCKET, behindInteractive: true });
    expect(pacer.waiting(BUCKET)).toBe(0);
  });

  it("takes budget at once when nobody waits, and stops counting a waiter whose call was aborted", async () => {
    const { clock, pacer, runAll } = exhaustedPacer();
    const gone = new AbortController();
    const aborted = expect(pacer.acquire(BUCKET, "interactive", gone.signal)).rejects.toThrow("person gave up");
    expect(pacer.waiting(BUCKET)).toBe(1);
    gone.abort(new Error("person gave up"));
    await runAll();
    await aborted;
    expect(pacer.waiting(BUCKET)).toBe(0);

    // A fresh window with nobody waiting: the background call goes without a wait.
    clock.advance(2_000);
    const waits: RateLimitWait[] = [];
    await pacer.acquire(BUCKET, "background", undefined, (w) => waits.push(w));
    expect(waits).toEqual([]);
  });
});
