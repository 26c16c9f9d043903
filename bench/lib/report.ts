/** The shape each figure returns, the run context, and the Markdown table of a run. */
import { cpus, totalmem } from "node:os";

export interface BenchContext {
  quick: boolean;
  /** Load runs per target (alternating). */
  rounds: number;
  runMs: number;
  warmupMs: number;
  concurrency: number;
  log: (line: string) => void;
}

export interface FigureResult {
  name: string;
  /** true/false against the target; null where there is no target. */
  met: boolean | null;
  target: Record<string, unknown>;
  notes: string[];
  [field: string]: unknown;
}

export interface BenchReport {
  date: string;
  quick: boolean;
  machine: { cpus: number; cpuModel: string; memoryMb: number; node: string; platform: string };
  durationSeconds: number;
  figures: FigureResult[];
  errors: { figure: string; message: string }[];
  /** Unhandled rejections seen during the run (background work of a closed bot). */
  strayErrors?: string[];
}

export function machine(): BenchReport["machine"] {
  const list = cpus();
  return { cpus: list.length, cpuModel: list[0]?.model ?? "unknown", memoryMb: Math.round(totalmem() / 1024 / 1024), node: process.version, platform: `${process.platform}-${process.arch}` };
}

const isHeadline = (value: unknown): value is { measured: string; target: string } =>
  typeof value === "object" && value !== null && typeof (value as { measured?: unknown }).measured === "string" && typeof (value as { target?: unknown }).target === "string";

/** One headline line per figure: what was measured, the comparison, the target, met or not. */
export function headline(figure: FigureResult): { measured: string; target: string } {
  // Reads a dotted path of the figure, for display.
  const g = (path: string): string => String(path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], figure));
  // A figure measured in several bot configurations is named `figure/config` and says which in `config`.
  const config = typeof figure.config === "string" ? `${figure.config}: ` : "";
  switch (figure.name.split("/")[0]) {
    case "slack-ack-latency":
    case "teams-fetchtask-latency":
      return {
        measured:
          `${config}${g("concurrency")} connections: bot p50 ${g("bot.p50.median")} / p99 ${g("bot.p99.median")} ms; baseline p50 ${g("baseline.p50.median")} / p99 ${g("baseline.p99.median")} ms; ratio p99 ${g("ratio.p99.median")} (${g("ratio.p99.min")}–${g("ratio.p99.max")})` +
          (typeof figure.busy === "number" && figure.busy > 0 ? `; ${figure.busy} bot commands turned away busy (not measured)` : "") +
          (figure.atFixedRate === undefined ? "" : `; at ${g("atFixedRate.ratePerSecond")}/s open loop, all ${g("atFixedRate.pooled.botSamples")} answers: bot p99 ${g("atFixedRate.pooled.botP99")} ms vs ${g("atFixedRate.pooled.baselineP99")} ms, ratio ${g("atFixedRate.pooled.ratioP99")} (per run ${g("atFixedRate.ratioP99.min")}–${g("atFixedRate.ratioP99.max")})`),
        target: typeof figure.target.note === "string" ? figure.target.note : `p99 ratio ≤ ${g("target.closedLoopP99RatioMax")}, closed loop and at ${g("target.fixedRatePerSecond")}/s`,
      };
    case "memory": {
      const idleTarget = figure.target.idleOverBoltMax !== undefined ? `idle ≤ ${g("target.idleOverBoltMax")} × bare Bolt` : figure.target.idleMaxMb !== undefined ? `idle ≤ ${g("target.idleMaxMb")} MB` : "";
      const target = idleTarget === "" ? "–" : `${idleTarget}, peak ≤ ${g("target.peakOverIdleMax")} × idle`;
      if (figure.bot === undefined) return { measured: `${config}${figure.notes.join("; ")}`, target };
      return {
        measured: `${config}idle RSS ${g("bot.idleRss")} MB (${g("ratio.idleOverBolt")} × bare Bolt's ${g("baseline.boltIdleRss")} MB), peak under Slack load ${g("bot.peakRssUnderSlackLoad")} MB (${g("ratio.peakOverIdle")} × idle), ${g("bot.rss30sAfterLoad")} MB 30 s after the load (Teams code loaded by then)`,
        target,
      };
    }
    case "memory-breakdown":
      return { measured: (figure.rows as { step: string; addedMb: number }[]).map((r) => `${r.step} +${r.addedMb} MB`).join("; "), target: "report only" };
    case "command-to-okta":
      return { measured: `p50 ${g("overhead.p50")} ms, p99 ${g("overhead.p99")} ms over ${g("overhead.n")} launches (submit ${g("submit.p50")} ms p50)`, target: "report only" };
    case "okta-calls-per-launch":
      return { measured: `cold ${g("cold.median")} (${g("cold.min")}–${g("cold.max")}), warm ${g("warm.median")} (${g("warm.min")}–${g("warm.max")}); warm token calls ${g("warmTokenCalls")}`, target: "warm = 1 (the POST)" };
    case "burst-under-rate-limit":
      return {
        measured: `${g("completed")}/${g("launches")} completed, ${g("lost")} lost, ${g("duplicated")} duplicated, ${g("answers429")} 429s; ${g("wallSeconds")} s vs minimum ${g("minimumSeconds")} s = ratio ${g("ratio")}`,
        target: "0 lost, 0 duplicated, ratio ≤ 1.15",
      };
    case "startup":
      return {
        measured: (figure.rows as { label: string; readyMs: number | string }[]).map((r) => `${r.label} ${r.readyMs}${typeof r.readyMs === "number" ? " ms" : ""}`).join("; "),
        target: figure.target.warmPgliteReadyMaxMs === undefined ? "report only" : `warm PGlite ready ≤ ${g("target.warmPgliteReadyMaxMs")} ms`,
      };
    case "startup-taken-port":
      return { measured: `refused in ${g("refusedMs")} ms (${g("spread.min")}–${g("spread.max")}), no data folder created: ${(figure.runs as { dataDirCreated: boolean }[]).every((r) => !r.dataDirCreated) ? "yes" : "no"}`, target: `≤ ${g("target.refusedMaxMs")} ms, before any database work` };
    case "pglite-settings":
      return { measured: (figure.rows as { label: string; rssMb: number }[]).map((r) => `${r.label} ${r.rssMb} MB`).join("; "), target: "report only" };
    case "scale-with-work":
      return {
        measured: (figure.rows as { open: number; overheadP50: number; overheadP99: number; rssMb: number }[]).map((r) => `${r.open}: p50 ${r.overheadP50} / p99 ${r.overheadP99} ms, RSS ${r.rssMb} MB`).join("; "),
        target: "flat (p50 and RSS at 10 000 ≤ 1.5 × at 10)",
      };
    default:
      // A figure may carry its own table line.
      if (isHeadline(figure.headline)) return figure.headline;
      return { measured: JSON.stringify(figure).slice(0, 200), target: JSON.stringify(figure.target) };
  }
}

export function markdown(report: BenchReport): string {
  const m = report.machine;
  const lines = [
    `Benchmarks of ${report.date.slice(0, 10)}${report.quick ? " (quick run)" : ""}: ${m.cpus} × ${m.cpuModel}, ${Math.round(m.memoryMb / 1024)} GB, Node ${m.node}. Ratios are against a baseline measured in the same run; latency runs alternate bot/baseline, medians (min–max) over runs.`,
    "",
    "| figure | measured | target | met |",
    "|---|---|---|---|",
  ];
  for (const figure of report.figures) {
    const { measured, target } = headline(figure);
    lines.push(`| ${figure.name} | ${measured} | ${target} | ${figure.met === null ? "–" : figure.met ? "yes" : "**no**"} |`);
  }
  for (const error of report.errors) lines.push(`| ${error.figure} | failed: ${error.message.replace(/\|/g, "/").slice(0, 200)} | | **no** |`);
  return `${lines.join("\n")}\n`;
}
