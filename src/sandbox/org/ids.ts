/**
 * Okta-shaped ids: a three-character prefix naming the kind of object and
 * 17 base62 characters, 20 in all (the length the specs require for user,
 * SAR, request and access-item ids).
 */
import { randomBase62 } from "../clock.js";

/** The prefixes Okta uses for the objects the sandbox creates. */
export const idPrefixes = {
  user: "00u",
  group: "00g",
  app: "0oa",
  sar: "sar",
  accessItem: "aim",
  request: "req",
  catalogEntry: "cen",
  message: "msg",
  roleAssignment: "ra1",
  customRole: "cr0",
  resourceSet: "iam",
} as const;

export type IdKind = keyof typeof idPrefixes;

/** Makes a fresh id for an object of `kind`. */
export type IdGenerator = (kind: IdKind) => string;

export const OKTA_ID_LENGTH = 20;
const BODY_LENGTH = OKTA_ID_LENGTH - 3;

/** Random ids, as a real org hands out. */
export function randomIds(): IdGenerator {
  return (kind) => idPrefixes[kind] + randomBase62(BODY_LENGTH);
}

/**
 * Deterministic ids from a counter (`00u00000000000000001`, ...), for tests
 * that compare ids across runs. `start` offsets the counter.
 */
export function sequentialIds(start = 0): IdGenerator {
  let counter = start;
  return (kind) => {
    counter += 1;
    return idPrefixes[kind] + String(counter).padStart(BODY_LENGTH, "0");
  };
}

/** Whether `value` looks like a 20-character Okta id with `prefix`. */
export function isOktaId(value: string, prefix: string): boolean {
  return value.length === OKTA_ID_LENGTH && value.startsWith(prefix) && /^[0-9A-Za-z]+$/.test(value);
}
