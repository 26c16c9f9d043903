/**
 * Gives back the memory start-up used, once, as soon as the bot runs.
 * Loading the modules, opening the database and running migrations leave
 * V8's heap (young generation included) several times larger than what the
 * bot keeps; V8's memory reducer shrinks it only after some 20 to 30 s of
 * quiet. `npm start` runs node with `--expose-gc`, and `main()` calls this
 * once `startApp` is done: one full "last resort" collection (the kind V8
 * runs under memory pressure), which also shrinks the young generation.
 * Without `--expose-gc` (node run by hand without the start script's
 * options, tests) it does nothing.
 */
import type { Logger } from "pino";

/** The `gc` that `--expose-gc` installs, with the options V8's extension takes. */
type ExposedGc = (options?: { type?: "major" | "minor"; execution?: "sync" | "async"; flavor?: "regular" | "last-resort" }) => void;

export interface HeapCompaction {
  /** Heap size (V8's `heapTotal`) before and after, MB, and the pause, ms. */
  heapTotalMb: { before: number; after: number };
  pauseMs: number;
}

const MB = 1024 * 1024;
const round1 = (n: number) => Math.round(n * 10) / 10;

/** Runs the collection when `gc` is exposed; undefined (nothing done) otherwise. */
export function compactHeapAfterStartup(logger: Pick<Logger, "debug">, gc: unknown = (globalThis as { gc?: unknown }).gc): HeapCompaction | undefined {
  if (typeof gc !== "function") return undefined;
  const before = process.memoryUsage().heapTotal;
  const started = performance.now();
  (gc as ExposedGc)({ type: "major", execution: "sync", flavor: "last-resort" });
  const result: HeapCompaction = {
    heapTotalMb: { before: round1(before / MB), after: round1(process.memoryUsage().heapTotal / MB) },
    pauseMs: round1(performance.now() - started),
  };
  logger.debug(result, "heap compacted after start-up");
  return result;
}
