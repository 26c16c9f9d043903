/** Durations in the environment: `90s`, `5m`, `1h30m`, `250ms`. */

const unitMs: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of a duration such as `5m` or `1h30m`; undefined for anything else. */
export function parseEnvDuration(text: string): number | undefined {
  const compact = text.replace(/\s+/g, "").toLowerCase();
  const parts = [...compact.matchAll(/(\d+)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== compact) return undefined;
  const total = parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * (unitMs[unit ?? ""] ?? 0), 0);
  return Number.isSafeInteger(total) ? total : undefined;
}
