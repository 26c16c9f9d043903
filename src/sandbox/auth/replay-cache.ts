/** Remembers one-time identifiers (`jti`) until they expire, to refuse replays. */
import type { SandboxClock } from "../clock.js";

export interface ReplayCache {
  /** Whether `key` was already used (and has not expired). */
  seen(key: string): boolean;
  /** Marks `key` used until `expiresAtMs`. */
  remember(key: string, expiresAtMs: number): void;
}

/** A replay cache over the injected clock; expired entries are swept as it grows. */
export function createReplayCache(clock: SandboxClock): ReplayCache {
  const entries = new Map<string, number>();
  let sweepAt = 1024;
  const sweep = (nowMs: number) => {
    for (const [key, expiresAt] of entries) if (expiresAt <= nowMs) entries.delete(key);
    sweepAt = Math.max(1024, entries.size * 2);
  };
  return {
    seen(key) {
      const expiresAt = entries.get(key);
      return expiresAt !== undefined && expiresAt > clock.now().getTime();
    },
    remember(key, expiresAtMs) {
      entries.set(key, expiresAtMs);
      if (entries.size >= sweepAt) sweep(clock.now().getTime());
    },
  };
}
