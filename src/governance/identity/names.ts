/**
 * The shapes a person can be named by (Okta user id, email, login) and the
 * checks that keep typed text from reaching Okta unbounded or malformed.
 * Quoting for Okta's filters is the SCIM builder's job (`okta/scim-filter.ts`);
 * these checks only decide what kind of name a text is.
 */
import type { OktaUserId } from "../okta/types.js";

/** Longest email or login accepted (RFC 5321's path limit; Okta's own are shorter). */
export const MAX_NAME_LENGTH = 254;

const OKTA_USER_ID = /^00u[A-Za-z0-9]{17}$/;
// Deliberately narrow: no whitespace, double quotes, angle brackets,
// backslashes or separators, so typed text cannot carry a second clause or a
// mention. Apostrophes stay (o'brien@...): the filter builder quotes values.
const LOCAL = String.raw`[^\s@"<>()\[\]\\,;:|` + "`" + String.raw`]+`;
const DOMAIN_LABEL = String.raw`[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?`;
const EMAIL = new RegExp(`^${LOCAL}@${DOMAIN_LABEL}(?:\\.${DOMAIN_LABEL})+$`);
const LOGIN = new RegExp(`^${LOCAL}@${LOCAL}$`);

function isControl(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}

function hasControlCharacters(text: string): boolean {
  return [...text].some(isControl);
}

function bounded(text: string): boolean {
  return text.length > 0 && text.length <= MAX_NAME_LENGTH && !hasControlCharacters(text);
}

/** True for an Okta user id (`00u` and 17 letters or digits). */
export function isOktaUserId(text: string): text is OktaUserId {
  return OKTA_USER_ID.test(text);
}

/** True for an email address the bot will look up. */
export function isEmailAddress(text: string): boolean {
  return bounded(text) && EMAIL.test(text);
}

/** True for a login the bot will look up: `something@something`, bounded, no separators. */
export function isLoginName(text: string): boolean {
  return bounded(text) && LOGIN.test(text);
}

/** A typed name shortened for a message, so a hostile megabyte never reaches chat. */
export function shown(text: string): string {
  const clean = [...text].map((ch) => (isControl(ch) ? " " : ch)).join("");
  return clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
}

/** A typed name other than a chat mention: an Okta id, an email, or a login. */
export type NameInput = { kind: "okta-id"; id: string } | { kind: "email"; email: string } | { kind: "login"; login: string };

/** What kind of name `text` is, or null when it is none the bot looks up. */
export function classifyName(text: string): NameInput | null {
  if (typeof text !== "string") return null;
  const trimmed = text.trim();
  if (isOktaUserId(trimmed)) return { kind: "okta-id", id: trimmed };
  if (isEmailAddress(trimmed)) return { kind: "email", email: trimmed };
  if (isLoginName(trimmed)) return { kind: "login", login: trimmed };
  return null;
}
