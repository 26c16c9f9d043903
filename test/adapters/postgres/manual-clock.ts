/** A clock tests move by hand. */
import type { Clock } from "../../../src/governance/ports.js";

export interface ManualClock extends Clock {
  set(at: Date | string): void;
  advance(ms: number): Date;
}

export function manualClock(start: Date | string = "2030-01-01T00:00:00.000Z"): ManualClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (at) => {
      current = new Date(at);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
      return new Date(current);
    },
  };
}
