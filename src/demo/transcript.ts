/**
 * The demo's transcript: one plain-text line per step, saying who typed what
 * and what each person saw, read out of Slack Block Kit and Teams cards.
 */

export type Write = (line: string) => void;

/** Collects and prints transcript lines (`[slack] alice: /sar ...`). */
export class Transcript {
  readonly lines: string[] = [];
  constructor(private readonly write: Write) {}

  say(platform: "slack" | "teams" | "okta" | "demo", who: string, text: string): void {
    const line = `[${platform}] ${who}: ${oneLine(text)}`;
    this.lines.push(line);
    this.write(line);
  }
}

/** Collapses whitespace and trims long text, so each step stays one line. */
export function oneLine(text: string, max = 240): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Every human-readable string in a Block Kit or Adaptive Card tree, in order. */
export function textsOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) textsOf(item, out);
  } else if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    for (const [key, inner] of Object.entries(record)) {
      if (key === "text" && typeof inner === "string") out.push(inner);
      else if ((key === "title" || key === "value") && typeof inner === "string" && record.type !== "button") out.push(inner);
      else textsOf(inner, out);
    }
  }
  return out;
}

/** The first `count` texts of a card, joined, Slack markup removed. */
export function summary(value: unknown, count = 4): string {
  return textsOf(value)
    .slice(0, count)
    .map((t) => t.replace(/[*_`]/g, "").replace(/<[^|>]+\|([^>]+)>/g, "$1"))
    .join(" | ");
}
