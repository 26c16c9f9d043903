/**
 * The name of a launched SAR: `<prefix> <target login> <incident ref> <reference>`.
 * The launch reference is what the landed-attempt check searches for, so it
 * always ends the name intact, whatever has to be cut before it.
 */

/**
 * The longest name the bot builds. Okta's create schema allows 255 characters but its list
 * schema caps `name` at 200 (shared/okta-openapi governance.yaml); a name Okta shortened in
 * lists could lose the reference at its end, and recovery (`name co "<ref>"`) would miss the
 * SAR and launch it twice. At 200 the reference survives either limit.
 */
export const SAR_NAME_MAX = 200;

/** One line, single spaces: names come from typed text and policy values. */
function clean(part: string | null | undefined): string {
  if (part === undefined || part === null) return "";
  const visible = [...part].map((ch) => (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f ? " " : ch)).join("");
  return visible.replace(/\s+/g, " ").trim();
}

/**
 * Cuts `text` to at most `max` UTF-16 units without splitting a surrogate
 * pair (Okta and the sandbox count differently; UTF-16 is the stricter).
 */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

export interface SarNameParts {
  prefix: string;
  targetLogin: string;
  incidentRef?: string | null;
  reference: string;
}

/** Builds the SAR name, trimmed to `SAR_NAME_MAX` (200) characters with the reference kept whole at the end. */
export function buildSarName(parts: SarNameParts): string {
  const reference = clean(parts.reference);
  if (reference === "" || reference.length > 64) throw new Error("a launch reference must be 1 to 64 characters");
  const head = [clean(parts.prefix), clean(parts.targetLogin), clean(parts.incidentRef)].filter((p) => p !== "").join(" ");
  if (head === "") return reference;
  const room = SAR_NAME_MAX - reference.length - 1;
  return `${cut(head, room).trimEnd()} ${reference}`;
}
