// How the bench reads a process's RSS and judges the production figures against their targets.
import { describe, expect, it } from "vitest";
import { parseVmRss } from "../../bench/lib/bot-process.js";
import { judgeAck, judgeMemory } from "../../bench/lib/targets.js";

describe("parseVmRss", () => {
  it("reads VmRSS in kB from /proc/<pid>/status text as bytes", () => {
    const status = "Name:\tnode\nVmPeak:\t 1234 kB\nVmRSS:\t  157288 kB\nRssAnon:\t 100 kB\n";
    expect(parseVmRss(status)).toBe(157_288 * 1024);
  });

  it("gives undefined when there is no VmRSS line (a zombie, another OS)", () => {
    expect(parseVmRss("Name:\tnode\nState:\tZ (zombie)\n")).toBeUndefined();
  });
});

describe("judgeAck", () => {
  const ok = { closedLoopP99Ratio: 1.4, fixedRateP99Ratio: 1.5, errors: 0, busy: 0 };

  it("is met when both p99 ratios are within 1.5 and nothing failed or was turned away", () => {
    expect(judgeAck(ok)).toEqual({ met: true, failures: [] });
  });

  it("is not met when either ratio is over 1.5, a request failed or was turned away busy, or the fixed-rate run is missing", () => {
    expect(judgeAck({ ...ok, closedLoopP99Ratio: 1.51 }).met).toBe(false);
    expect(judgeAck({ ...ok, fixedRateP99Ratio: 2 }).met).toBe(false);
    expect(judgeAck({ ...ok, fixedRateP99Ratio: undefined }).met).toBe(false);
    expect(judgeAck({ ...ok, errors: 1 }).met).toBe(false);
    expect(judgeAck({ ...ok, busy: 3 }).failures).toEqual(["3 bot commands turned away busy"]);
    expect(judgeAck({ ...ok, closedLoopP99Ratio: Number.NaN }).met).toBe(false);
  });
});

describe("judgeMemory", () => {
  it("holds the deployed bot to 1.3 × bare Bolt idle and 1.5 × idle at peak", () => {
    expect(judgeMemory("deployed", { idleMb: 130, peakMb: 195, boltIdleMb: 100 }).met).toBe(true);
    expect(judgeMemory("deployed", { idleMb: 131, peakMb: 150, boltIdleMb: 100 }).failures).toEqual(["idle 1.31 × bare Bolt > 1.3"]);
    expect(judgeMemory("deployed", { idleMb: 120, peakMb: 181, boltIdleMb: 100 }).met).toBe(false);
  });

  it("holds the npm start defaults to 250 MB idle, whatever bare Bolt uses", () => {
    expect(judgeMemory("npm-start", { idleMb: 250, peakMb: 300, boltIdleMb: 50 }).met).toBe(true);
    expect(judgeMemory("npm-start", { idleMb: 250.1, peakMb: 300, boltIdleMb: 500 }).failures).toEqual(["idle 250.1 MB > 250 MB"]);
  });
});
