/**
 * Finds a launch by what a person or a button names it with: its id (uuid)
 * or its short reference (`L7K2Q9X`, any case).
 */
import type { GovernanceStore, LaunchId, LaunchRecord } from "../store.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REFERENCE = /^L[A-Z0-9]{4,16}$/;

/** The launch named by `idOrReference`, or null (also for text that is neither). */
export async function findLaunch(store: GovernanceStore, idOrReference: unknown): Promise<LaunchRecord | null> {
  if (typeof idOrReference !== "string") return null;
  const text = idOrReference.trim();
  if (UUID.test(text)) return store.getLaunch(text.toLowerCase() as LaunchId);
  const reference = text.toUpperCase();
  return REFERENCE.test(reference) ? store.getLaunchByReference(reference) : null;
}
