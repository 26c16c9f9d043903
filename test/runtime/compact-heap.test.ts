// The one heap compaction after start-up: a "last resort" major collection when node exposes gc
// (npm start's --expose-gc), nothing without it; and that it really gives start-up's heap back.
import { execFile } from "node:child_process";
import { describe, expect, it } from "vitest";
import { compactHeapAfterStartup } from "../../src/runtime/compact-heap.js";
import { repoRoot } from "../support/shared-dir.js";

function recordingLogger() {
  const lines: { fields: unknown; msg: string }[] = [];
  return { lines, debug: (fields: unknown, msg: string) => void lines.push({ fields, msg }) };
}

describe("compactHeapAfterStartup", () => {
  it("runs one synchronous last-resort major collection and logs the heap before and after", () => {
    const calls: unknown[] = [];
    const logger = recordingLogger();
    const result = compactHeapAfterStartup(logger as never, (options: unknown) => void calls.push(options));
    expect(calls).toEqual([{ type: "major", execution: "sync", flavor: "last-resort" }]);
    expect(result).toMatchObject({ heapTotalMb: { before: expect.any(Number), after: expect.any(Number) }, pauseMs: expect.any(Number) });
    expect(logger.lines).toEqual([{ fields: result, msg: "heap compacted after start-up" }]);
  });

  it("does nothing when node was started without --expose-gc", () => {
    const logger = recordingLogger();
    expect(compactHeapAfterStartup(logger as never, undefined)).toBeUndefined();
    expect(logger.lines).toEqual([]);
  });

  it("with node's real gc, gives back the heap a start-up's garbage grew", async () => {
    // A child with --expose-gc: allocate like module loading does, then compact.
    const script = `
      import { compactHeapAfterStartup } from "./src/runtime/compact-heap.ts";
      let junk = []; for (let i = 0; i < 300000; i++) junk.push({ i, s: "x" + i }); junk = null;
      const r = compactHeapAfterStartup({ debug() {} });
      console.log(JSON.stringify(r));`;
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ["--expose-gc", "--import", "tsx", "--input-type=module", "-e", script], { cwd: repoRoot }, (error, stdout, stderr) => (error ? reject(new Error(stderr)) : resolve(stdout))),
    );
    const result = JSON.parse(out.trim().split("\n").at(-1)!) as { heapTotalMb: { before: number; after: number } };
    expect(result.heapTotalMb.after).toBeLessThan(result.heapTotalMb.before / 2);
  }, 60_000);
});
