/**
 * The production targets of the ack and memory figures, and how a
 * measurement is judged against them. Ratios are against baselines measured
 * in the same run (bare Bolt, bare botbuilder, run the same way as the bot).
 */

/** Ack latency as deployed: bot p99 over the baseline's, closed loop and at the fixed rate. */
export const ACK_P99_RATIO_MAX = 1.5;
/** Idle RSS as deployed (PostgreSQL, Okta out of process) over bare Bolt's. */
export const DEPLOYED_IDLE_OVER_BOLT_MAX = 1.3;
/** Idle RSS with the `npm start` defaults (PGlite, in-process sandbox), MB. */
export const DEFAULTS_IDLE_MAX_MB = 250;
/** Peak RSS under the Slack ack load over idle. */
export const PEAK_OVER_IDLE_MAX = 1.5;

export interface AckJudgement {
  met: boolean;
  /** Why not, in words; empty when met. */
  failures: string[];
}

/**
 * An ack figure is met when the median p99 ratio of the closed loop and of
 * the fixed-rate run are both within the target and no bot request failed
 * or was turned away busy (those are not in the latencies).
 */
export function judgeAck(input: { closedLoopP99Ratio: number; fixedRateP99Ratio: number | undefined; errors: number; busy: number }): AckJudgement {
  const failures: string[] = [];
  if (!(input.closedLoopP99Ratio <= ACK_P99_RATIO_MAX)) failures.push(`closed-loop p99 ratio ${input.closedLoopP99Ratio} > ${ACK_P99_RATIO_MAX}`);
  if (input.fixedRateP99Ratio === undefined) failures.push("no fixed-rate run");
  else if (!(input.fixedRateP99Ratio <= ACK_P99_RATIO_MAX)) failures.push(`fixed-rate p99 ratio ${input.fixedRateP99Ratio} > ${ACK_P99_RATIO_MAX}`);
  if (input.errors > 0) failures.push(`${input.errors} bot requests failed`);
  if (input.busy > 0) failures.push(`${input.busy} bot commands turned away busy`);
  return { met: failures.length === 0, failures };
}

export type MemoryConfig = "deployed" | "npm-start";

/** The memory targets of one configuration, and whether the measurement meets them. */
export function judgeMemory(config: MemoryConfig, m: { idleMb: number; peakMb: number; boltIdleMb: number }): { met: boolean; failures: string[]; target: Record<string, number> } {
  const failures: string[] = [];
  const target: Record<string, number> = { peakOverIdleMax: PEAK_OVER_IDLE_MAX };
  if (config === "deployed") {
    target.idleOverBoltMax = DEPLOYED_IDLE_OVER_BOLT_MAX;
    const ratio = m.idleMb / m.boltIdleMb;
    if (!(ratio <= DEPLOYED_IDLE_OVER_BOLT_MAX)) failures.push(`idle ${round2(ratio)} × bare Bolt > ${DEPLOYED_IDLE_OVER_BOLT_MAX}`);
  } else {
    target.idleMaxMb = DEFAULTS_IDLE_MAX_MB;
    if (!(m.idleMb <= DEFAULTS_IDLE_MAX_MB)) failures.push(`idle ${m.idleMb} MB > ${DEFAULTS_IDLE_MAX_MB} MB`);
  }
  const peakRatio = m.peakMb / m.idleMb;
  if (!(peakRatio <= PEAK_OVER_IDLE_MAX)) failures.push(`peak ${round2(peakRatio)} × idle > ${PEAK_OVER_IDLE_MAX}`);
  return { met: failures.length === 0, failures, target };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
