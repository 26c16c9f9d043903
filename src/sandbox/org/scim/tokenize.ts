/**
 * Splits a SCIM filter (RFC 7644 section 3.4.2.2, as Okta speaks it) into
 * tokens. Quoted values follow JSON string rules, so `\"` and `\\` inside a
 * value stay part of the value and never end it.
 */

export type Token =
  | { kind: "lparen"; pos: number }
  | { kind: "rparen"; pos: number }
  | { kind: "string"; value: string; pos: number }
  | { kind: "word"; value: string; pos: number };

/** A filter that cannot be parsed or is not allowed; `message` is safe to show to the caller. */
export class ScimFilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScimFilterError";
  }
}

/** Longer filters are refused outright, as Okta refuses "overly complex or long" ones. */
export const MAX_FILTER_LENGTH = 4096;

const WORD_CHAR = /[A-Za-z0-9._:$+-]/;
const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

/** Tokenizes `source`; throws `ScimFilterError` on an unterminated string, a bad escape or a stray character. */
export function tokenize(source: string): Token[] {
  if (source.length > MAX_FILTER_LENGTH) {
    throw new ScimFilterError(`The filter is longer than ${MAX_FILTER_LENGTH} characters`);
  }
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source.charAt(i);
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(") {
      tokens.push({ kind: "lparen", pos: i++ });
    } else if (c === ")") {
      tokens.push({ kind: "rparen", pos: i++ });
    } else if (c === '"') {
      const { value, end } = readString(source, i);
      tokens.push({ kind: "string", value, pos: i });
      i = end;
    } else if (WORD_CHAR.test(c)) {
      const start = i;
      while (i < source.length && WORD_CHAR.test(source.charAt(i))) i++;
      tokens.push({ kind: "word", value: source.slice(start, i), pos: start });
    } else {
      throw new ScimFilterError(`Unexpected character ${JSON.stringify(c)} at position ${i}`);
    }
  }
  return tokens;
}

function readString(source: string, start: number): { value: string; end: number } {
  let value = "";
  let i = start + 1;
  while (i < source.length) {
    const c = source.charAt(i);
    if (c === '"') return { value, end: i + 1 };
    if (c === "\\") {
      const next = source.charAt(i + 1);
      const simple = SIMPLE_ESCAPES[next];
      if (simple !== undefined) {
        value += simple;
        i += 2;
      } else if (next === "u" && /^[0-9a-fA-F]{4}$/.test(source.slice(i + 2, i + 6))) {
        value += String.fromCharCode(parseInt(source.slice(i + 2, i + 6), 16));
        i += 6;
      } else {
        throw new ScimFilterError(`Invalid escape sequence at position ${i}`);
      }
    } else {
      value += c;
      i++;
    }
  }
  throw new ScimFilterError(`Unterminated string starting at position ${start}`);
}
