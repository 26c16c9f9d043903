/**
 * Id generators of the store, injectable so tests get predictable ids.
 */
import { randomInt, randomUUID } from "node:crypto";

export interface StoreIds {
  uuid(): string;
  /** A short human reference for a launch (`L7K2Q9X`); uniqueness is checked by the database. */
  launchReference(): string;
}

// Crockford's base32 without 0/1 look-alikes (no I, L, O, U, 0, 1): safe to read out on a call.
const REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
const REFERENCE_LENGTH = 6;

/** `L` followed by six random characters: about 7e8 values. */
export function randomLaunchReference(): string {
  let out = "L";
  for (let i = 0; i < REFERENCE_LENGTH; i += 1) out += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return out;
}

export const defaultStoreIds: StoreIds = {
  uuid: () => randomUUID(),
  launchReference: randomLaunchReference,
};
