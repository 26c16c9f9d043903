/**
 * Text for Slack's mrkdwn: user text escaped so `<!channel>` or
 * `<https://evil|click>` is shown, never executed; lengths cut on safe
 * boundaries (never inside an entity, a link token or a surrogate pair).
 */

const ELLIPSIS = "…";

/** Escapes the three characters Slack treats as control sequences in mrkdwn and `text`. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Replaces control characters (newlines aside) so a hostile value cannot reshape a message. */
function stripControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, " ");
}

/** Cuts plain text to `max` UTF-16 units (Slack's limits are at least that generous), adding an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - ELLIPSIS.length);
  if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
  return text.slice(0, cut) + ELLIPSIS;
}

/** Cuts already-escaped mrkdwn to `max`, backing off so no `&amp;` or `<...>` token is split. */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - ELLIPSIS.length);
  const openAmp = text.lastIndexOf("&", cut - 1);
  if (openAmp !== -1 && text.indexOf(";", openAmp) >= cut) cut = openAmp;
  const openTag = text.lastIndexOf("<", cut - 1);
  if (openTag !== -1 && text.indexOf(">", openTag) >= cut) cut = openTag;
  if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
  return text.slice(0, cut) + ELLIPSIS;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Text of a value that should be a string (the core's views may carry numbers, or nothing). */
function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return "";
}

/** User-supplied text for mrkdwn: control characters blanked, cut to `max` characters, then escaped. */
export function userText(value: unknown, max = 500): string {
  return escapeMrkdwn(truncate(stripControls(asText(value)), max));
}

/** User text on one line (names, ids, statuses). */
export function inline(value: unknown, max = 200): string {
  return userText(asText(value).replace(/[\r\n]+/g, " "), max);
}

/** Quotes multi-line user text as a mrkdwn block quote. */
export function quote(value: unknown, max = 1000): string {
  return userText(value, max)
    .split("\n")
    .map((line) => `>${line}`)
    .join("\n");
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{1,40}$/;

/** A Slack user mention when `id` looks like a Slack user id, else the escaped fallback. */
export function mentionOr(id: string | undefined, fallback: string): string {
  return id !== undefined && SLACK_USER_ID.test(id) ? `<@${id}>` : inline(fallback);
}

/** A date as Slack renders it in each reader's time zone, with an ISO fallback. */
export function slackDate(value: unknown): string {
  const date = toDate(value);
  if (date === undefined) return "unknown";
  const epoch = Math.floor(date.getTime() / 1000);
  const fallback = date.toISOString().replace(/\.\d{3}Z$/, "Z");
  return `<!date^${epoch}^{date_short_pretty} {time}|${fallback}>`;
}

/** Dates arrive as `Date` from the core, or as strings once they passed through JSON. */
export function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value === "string" || typeof value === "number") {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return undefined;
}

/** The URL when it is http(s) and carries no characters that end a Slack link token. */
export function safeUrl(url: unknown): string | undefined {
  if (typeof url !== "string" || url.length > 3000 || /[\s<>|]/.test(url)) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? url : undefined;
  } catch {
    return undefined;
  }
}
