/**
 * Human labels for a SAR's access counts (the core's `SarView.stats` keys:
 * `accessItems` and the severities Okta assigns to items), shared by the
 * Slack and Teams cards so neither shows a raw key such as "medium: 1".
 */

const KNOWN: Record<string, string> = {
  accessItems: "Access items",
  critical: "Critical priority",
  high: "High priority",
  medium: "Medium priority",
  low: "Low priority",
};

/** Known keys first, in this order; others after, as Okta sent them. */
const ORDER = Object.keys(KNOWN);

/** `someNew_key` -> "Some new key": a count the bot has no label for yet still reads as words. */
function humanize(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/_+/g, " ").trim().toLowerCase();
  return words === "" ? key : `${words[0]?.toUpperCase()}${words.slice(1)}`;
}

/** The label shown for one stats key. */
export function statLabel(key: string): string {
  return KNOWN[key] ?? humanize(key);
}

/** Finite counts as [label, count] pairs, access items first, then by severity. */
export function labelledStats(stats: Record<string, number> | undefined): [string, number][] {
  const entries = Object.entries(stats ?? {}).filter(([, n]) => typeof n === "number" && Number.isFinite(n));
  const rank = (key: string) => (ORDER.includes(key) ? ORDER.indexOf(key) : ORDER.length);
  return entries.sort(([a], [b]) => rank(a) - rank(b)).map(([key, n]) => [statLabel(key), n]);
}
