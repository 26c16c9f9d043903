/**
 * The few Adaptive Card (schema 1.5) shapes the bot uses, as plain data.
 * User-supplied text only ever goes into `TextRun`s (via `plain`/`fact`),
 * which Adaptive Cards never read as markdown; `TextBlock` is kept for the
 * bot's own fixed wording.
 */

export type CardElement = { type: string; [key: string]: unknown };
export type CardAction = { type: string; title: string; [key: string]: unknown };

export interface AdaptiveCard {
  type: "AdaptiveCard";
  version: "1.5";
  body: CardElement[];
  actions?: CardAction[];
  /** Teams refreshes automatically for `userIds` (at most 60); without it, for everyone in chats of up to 60 people. */
  refresh?: { action: CardAction; userIds?: string[] };
  fallbackText?: string;
}

/** The content type Teams and the Bot Connector use for Adaptive Card attachments. */
export const ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

/** Longest user text put on a card; TextRuns have no limit but a megabyte reason should not reach chat. */
const MAX_RUN_LENGTH = 3000;

/** Text cut to `max` characters (code points), with an ellipsis when cut. */
export function clip(text: string, max = MAX_RUN_LENGTH): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** The bot's own wording (may use markdown the bot controls). */
export function heading(text: string, options: { size?: "Medium" | "Large"; color?: "Attention" | "Good" | "Warning" | "Accent" } = {}): CardElement {
  return { type: "TextBlock", text, weight: "Bolder", size: options.size ?? "Medium", wrap: true, ...(options.color && { color: options.color }) };
}

export function note(text: string, options: { color?: "Attention" | "Good" | "Warning" | "Accent"; subtle?: boolean } = {}): CardElement {
  return { type: "TextBlock", text, wrap: true, ...(options.color && { color: options.color }), ...(options.subtle && { isSubtle: true }) };
}

type Tone = "Attention" | "Good" | "Warning" | "Accent";

/** Text shown exactly as given: a TextRun is never parsed as markdown, so `[x](https://evil)` stays text. */
export function plain(text: string, options: { color?: Tone; subtle?: boolean; bold?: boolean } = {}): CardElement {
  return {
    type: "RichTextBlock",
    inlines: [
      {
        type: "TextRun",
        text: clip(text),
        ...(options.color && { color: options.color }),
        ...(options.subtle && { isSubtle: true }),
        ...(options.bold && { weight: "Bolder" }),
      },
    ],
  };
}

/** A "label: value" line; the value is shown as plain text. */
export function fact(label: string, value: string): CardElement {
  return {
    type: "RichTextBlock",
    inlines: [
      { type: "TextRun", text: `${label}: `, weight: "Bolder" },
      { type: "TextRun", text: clip(value) },
    ],
  };
}

/**
 * A fact value as FactSet shows it. Teams reads fact values as markdown, so
 * the characters that make links, emphasis, code, mentions or HTML are
 * escaped; the renderer shows them as typed. Other punctuation is left
 * alone so ids, logins and dates read cleanly in any renderer.
 */
export function factValue(value: string): string {
  return clip(value, 1000).replace(/[\\`*_[\]<>&]/g, (ch) => (ch === "<" ? "&lt;" : ch === ">" ? "&gt;" : ch === "&" ? "&amp;" : `\\${ch}`));
}

/** Labelled fields, Teams' idiom for them: a FactSet (labels are the bot's own words). */
export function facts(pairs: readonly (readonly [string, string] | undefined | false)[]): CardElement {
  const rows = pairs.filter((p): p is readonly [string, string] => Array.isArray(p));
  return { type: "FactSet", facts: rows.map(([title, value]) => ({ title, value: factValue(value) })) };
}

/**
 * A card's header: the title, and the state on the right in its colour,
 * on a tinted band, so the state reads before anything else.
 */
export function header(title: string, state?: { text: string; tone?: Tone }): CardElement {
  const style = state?.tone === "Good" ? "good" : state?.tone === "Attention" ? "attention" : state?.tone === "Warning" ? "warning" : "emphasis";
  const columns: CardElement[] = [{ type: "Column", width: "stretch", verticalContentAlignment: "Center", items: [heading(title)] }];
  if (state) {
    columns.push({
      type: "Column",
      width: "auto",
      verticalContentAlignment: "Center",
      items: [{ type: "TextBlock", text: state.text, weight: "Bolder", wrap: true, ...(state.tone && { color: state.tone }) }],
    });
  }
  return { type: "Container", style, bleed: true, items: [{ type: "ColumnSet", columns }] };
}

export function column(width: "auto" | "stretch", items: CardElement[]): CardElement {
  return { type: "Column", width, verticalContentAlignment: "Center", items };
}

export function container(items: CardElement[], options: { separator?: boolean; style?: "emphasis" | "attention" | "good" | "warning" } = {}): CardElement {
  return { type: "Container", items, ...(options.separator && { separator: true }), ...(options.style && { style: options.style }) };
}

/** A Universal Actions button: Teams sends an `adaptiveCard/action` invoke with `verb` and `data`. */
export function execute(title: string, verb: string, data: Record<string, unknown>, options: { style?: "positive" | "destructive" } = {}): CardAction {
  return { type: "Action.Execute", title, verb, data: { ...data, verb }, ...(options.style && { style: options.style }) };
}

/** A task-module button: its inputs arrive in `composeExtension/submitAction` as `value.data`. */
export function submit(title: string, data: Record<string, unknown>): CardAction {
  return { type: "Action.Submit", title, data };
}

export function showCard(title: string, card: Omit<AdaptiveCard, "version" | "type">): CardAction {
  return { type: "Action.ShowCard", title, card: { type: "AdaptiveCard", ...card } };
}

export function openUrl(title: string, url: string): CardAction | undefined {
  return /^https:\/\//i.test(url) ? { type: "Action.OpenUrl", title, url } : undefined;
}

export function textInput(options: {
  id: string;
  label: string;
  value?: string;
  placeholder?: string;
  multiline?: boolean;
  maxLength?: number;
  required?: boolean;
}): CardElement {
  return {
    type: "Input.Text",
    id: options.id,
    label: options.label,
    ...(options.value !== undefined && { value: clip(options.value, 5000) }),
    ...(options.placeholder !== undefined && { placeholder: options.placeholder }),
    ...(options.multiline && { isMultiline: true }),
    ...(options.maxLength !== undefined && { maxLength: options.maxLength }),
    ...(options.required && { isRequired: true, errorMessage: `${options.label} is required.` }),
  };
}

export function numberInput(options: { id: string; label: string; value?: number; min: number; max: number }): CardElement {
  return {
    type: "Input.Number",
    id: options.id,
    label: options.label,
    min: options.min,
    max: options.max,
    ...(options.value !== undefined && Number.isFinite(options.value) && { value: options.value }),
  };
}

/** A top-level card; `fallbackText` is the plain-text version for clients that cannot show cards. */
export function card(body: CardElement[], options: { actions?: (CardAction | undefined)[]; fallbackText?: string } = {}): AdaptiveCard {
  const actions = (options.actions ?? []).filter((a): a is CardAction => a !== undefined);
  return {
    type: "AdaptiveCard",
    version: "1.5",
    body,
    ...(actions.length > 0 && { actions }),
    ...(options.fallbackText !== undefined && { fallbackText: clip(options.fallbackText) }),
  };
}

/** A date as people read it in an incident channel: UTC, minutes. */
export function when(date: Date | string | undefined | null): string {
  if (date === undefined || date === null) return "-";
  const d = typeof date === "string" ? new Date(date) : date;
  if (Number.isNaN(d.getTime())) return String(date);
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
