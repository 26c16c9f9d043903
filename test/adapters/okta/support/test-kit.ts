/**
 * Shared test doubles for the Okta client tests: a controllable clock, a
 * sleep that advances it and records each wait, and a logger whose lines
 * the test can read.
 */
import { Writable } from "node:stream";
import { pino, type Logger } from "pino";
import type { Clock } from "../../../../src/governance/ports.js";

export interface FakeClock extends Clock {
  advance(ms: number): void;
  set(date: Date): void;
}

/** A clock that moves only when told to. */
export function fakeClock(start = new Date()): FakeClock {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
    set: (d) => {
      now = d.getTime();
    },
  };
}

/** A sleep that returns at once, moving the fake clock forward and recording the wait. */
export function recordingSleep(clock: FakeClock): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms) => {
      waits.push(ms);
      clock.advance(ms);
    },
  };
}

/** A debug-level pino logger that keeps its JSON lines. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString("utf8"));
      done();
    },
  });
  return { logger: pino({ level: "debug" }, stream), lines };
}
