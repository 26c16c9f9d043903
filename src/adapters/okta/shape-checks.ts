/** The small checks every reader of Okta's answers shares: a body is an object, a field a non-empty string. */
import { OktaInvalidResponse } from "../../governance/okta/errors.js";

export type Json = Record<string, unknown>;

/** Throws the typed error that says Okta's answer lacked what the bot relies on. */
export function fail(operation: string, what: string): never {
  throw new OktaInvalidResponse(`${operation}: unexpected answer from Okta (${what})`, { operation });
}

export function object(value: unknown, operation: string, what: string): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(operation, `${what} is not an object`);
  return value as Json;
}

export function string(o: Json, field: string, operation: string): string {
  const v = o[field];
  if (typeof v !== "string" || v.length === 0) fail(operation, `missing ${field}`);
  return v;
}
