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

  /** Prints what a card shows under the line that announced it, one indented line each. */
  show(lines: readonly string[]): void {
    for (const text of lines) {
      const line = `    | ${oneLine(text)}`;
      this.lines.push(line);
      this.write(line);
    }
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

/** Slack mrkdwn as plain text: emphasis marks dropped, links and dates shown by their label. */
export function plainText(mrkdwn: string): string {
  return mrkdwn
    .replace(/<[^|>]+\|([^>]+)>/g, "$1")
    .replace(/<@([A-Z0-9]+)>/g, "@$1")
    .replace(/[*`]/g, "")
    // Italic marks only: the underscores inside IN_PROGRESS or a login stay.
    .replace(/(^|[\s(])_|_(?=[\s).,:;]|$)/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

interface SlackBlock {
  type?: string;
  text?: { text?: string };
  fields?: { text?: string }[];
  elements?: { type?: string; text?: string | { text?: string } }[];
}

/**
 * A Block Kit message as the lines a person reads: the header, each section
 * (fields as `label: value`), buttons as `[Revoke] [Details]`, and the
 * context line. Dividers are left out.
 */
export function slackCardLines(blocks: unknown): string[] {
  const lines: string[] = [];
  for (const block of Array.isArray(blocks) ? (blocks as SlackBlock[]) : []) {
    switch (block.type) {
      case "header":
      case "section":
        if (block.text?.text !== undefined) lines.push(...plainText(block.text.text).split("\n"));
        if (block.fields !== undefined) lines.push(block.fields.map((f) => plainText(f.text ?? "").replace("\n", ": ")).join(" · "));
        break;
      case "actions":
        lines.push((block.elements ?? []).map((e) => `[${typeof e.text === "object" ? (e.text.text ?? "") : ""}]`).join(" "));
        break;
      case "context":
        lines.push((block.elements ?? []).map((e) => plainText(typeof e.text === "string" ? e.text : "")).join(" "));
        break;
      default:
        break;
    }
  }
  return lines.map((l) => l.trim()).filter((l) => l !== "");
}
