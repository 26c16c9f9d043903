/**
 * Builds Okta `search` / `filter` expressions (SCIM filter syntax) from
 * attribute names and untrusted values. Values are always emitted as
 * JSON-style quoted strings, so no user text can close the quote and add
 * its own clauses (`x" or status eq "ACTIVE`).
 * @see https://developer.okta.com/docs/api/#filter
 */

/** A finished filter expression; only this module creates one. */
export type ScimFilter = string & { readonly __brand: "ScimFilter" };

const ATTRIBUTE = /^[A-Za-z][A-Za-z0-9_.]*$/;

/** Thrown for an attribute name or value that cannot be put in a filter safely. */
export class ScimFilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScimFilterError";
  }
}

function attribute(name: string): string {
  if (!ATTRIBUTE.test(name) || name.endsWith(".") || name.includes("..")) {
    throw new ScimFilterError(`Not a valid filter attribute name: ${JSON.stringify(name)}`);
  }
  return name;
}

/** Quotes a value: `"` and `\` escaped, control characters refused. */
export function quote(value: string | number | boolean | Date): string {
  const text = value instanceof Date ? value.toISOString() : String(value);
  // Control characters have no business in a lookup value and some parsers
  // treat them as separators; refuse rather than guess.
  if ([...text].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) {
    throw new ScimFilterError("A filter value must not contain control characters (newlines, tabs, ...)");
  }
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

type Value = string | number | boolean | Date;

const compare =
  (op: string) =>
  (attr: string, value: Value): ScimFilter =>
    `${attribute(attr)} ${op} ${quote(value)}` as ScimFilter;

function join(op: "and" | "or", parts: ScimFilter[]): ScimFilter {
  if (parts.length === 0) throw new ScimFilterError(`${op}() needs at least one expression`);
  if (parts.length === 1) return parts[0]!;
  return parts.map((p) => `(${p})`).join(` ${op} `) as ScimFilter;
}

/** The filter builder: every function returns a complete, safely quoted expression. */
export const scim = {
  eq: compare("eq"),
  co: compare("co"),
  sw: compare("sw"),
  gt: compare("gt"),
  lt: compare("lt"),
  ge: compare("ge"),
  le: compare("le"),
  /** `attr pr`: the attribute has a value. */
  pr: (attr: string): ScimFilter => `${attribute(attr)} pr` as ScimFilter,
  and: (...parts: ScimFilter[]): ScimFilter => join("and", parts),
  or: (...parts: ScimFilter[]): ScimFilter => join("or", parts),
  not: (part: ScimFilter): ScimFilter => `not (${part})` as ScimFilter,
};
