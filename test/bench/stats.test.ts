import { describe, expect, it } from "vitest";
import { spread, summarize } from "../../bench/lib/stats.js";

describe("bench statistics", () => {
  it("summarizes a closed-loop run's hundreds of thousands of answers (more than fit as call arguments)", () => {
    const values = Array.from({ length: 400_000 }, (_, i) => (i * 7919) % 400_000);
    const s = summarize(values);
    expect(s).toMatchObject({ n: 400_000, min: 0, max: 399_999 });
    expect(s.p50).toBeGreaterThanOrEqual(199_000);
    expect(s.p50).toBeLessThanOrEqual(201_000);
    expect(s.p99).toBeGreaterThanOrEqual(395_000);
  });

  it("gives the median and range of per-run figures", () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, runs: [3, 1, 2] });
  });
});
