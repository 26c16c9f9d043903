/** Messages between the benchmark parent and its child processes. */
export type ChildMessage =
  | { type: "ready"; url: string; startMs: number; uptimeMs: number }
  | { type: "mem"; rss: number; heapUsed: number }
  | { type: "steps"; steps: { step: string; rss: number; heapUsed: number; external: number }[] };

export type ParentMessage = { type: "mem" } | { type: "close" };
