/**
 * Answering within Teams' time limit: race the core against a deadline;
 * when the deadline wins, the caller answers at once and the rest of the
 * work finishes in the background (tracked, so shutdown can wait for it).
 */
import type { TeamsErrorSink } from "../error-sink.js";

export type Raced<T> = { kind: "done"; value: T } | { kind: "late"; later: Promise<T> };

/** `work`'s result if it settles within `ms`, else the still-running promise. A rejection within `ms` rejects. */
export async function within<T>(work: Promise<T>, ms: number): Promise<Raced<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), ms);
  });
  try {
    const winner = await Promise.race([work.then((value) => ({ kind: "done" as const, value })), late]);
    return winner === "late" ? { kind: "late", later: work } : winner;
  } finally {
    clearTimeout(timer);
  }
}

/** Background work started by a turn that already answered. */
export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly sink: TeamsErrorSink) {}

  /** Runs `task` after the turn; a failure is logged with `what`, never thrown. */
  run(what: string, task: () => Promise<void>): void {
    const promise = Promise.resolve()
      .then(task)
      .catch((err: unknown) => this.sink(err, { handling: "background", what }))
      .finally(() => this.running.delete(promise));
    this.running.add(promise);
  }

  /** Waits for everything started so far. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  get size(): number {
    return this.running.size;
  }
}
