/** Time and randomness the sandbox depends on, injected so tests control them. */
import { randomBytes } from "node:crypto";

/** The sandbox's view of time; tests pass a fake one. */
export interface SandboxClock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: SandboxClock = { now: () => new Date() };

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A random string of `length` base62 characters (Okta's id alphabet). */
export function randomBase62(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = "";
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    // Rejection sampling keeps every character equally likely.
    if (byte < 248) out += BASE62[byte % 62];
  }
  return out.length === length ? out : out + randomBase62(length - out.length);
}

/** Waits `ms`, or rejects early when `signal` aborts. */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
