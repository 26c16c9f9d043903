/**
 * What a launch knows of the people it names (logins, display names), kept
 * beside it so cards show logins later without asking Okta again.
 */
import type { OktaUser } from "../okta/types.js";
import type { LaunchView, PersonView } from "../replies.js";
import type { GovernanceStore, LaunchId, LaunchRecord } from "../store.js";
import { peopleFromJson, peopleToJson, toLaunchView } from "./views.js";

/** A launch outlives its approval by far; a lost entry only shows ids instead of logins. */
const PEOPLE_TTL_MS = 400 * 86_400_000;

const peopleKey = (launchId: LaunchId): string => `sar.launch.people:${launchId}`;

/** The person an Okta user is, as chat shows them. */
export function personOf(user: OktaUser): PersonView {
  const { login, displayName, firstName, lastName } = user.profile;
  const name = displayName || [firstName, lastName].filter((part) => typeof part === "string" && part !== "").join(" ");
  return { oktaUserId: user.id, login, ...(name && { displayName: name }) };
}

/** Everyone known to a launch, by Okta user id. */
export async function peopleOfLaunch(store: GovernanceStore, launchId: LaunchId): Promise<Map<string, PersonView>> {
  return peopleFromJson(await store.getCached(peopleKey(launchId)));
}

/** Adds people to what the launch knows (call inside the transaction that locks the launch). */
export async function rememberPeople(store: GovernanceStore, launchId: LaunchId, people: readonly PersonView[]): Promise<void> {
  const known = await peopleOfLaunch(store, launchId);
  for (const person of people) known.set(person.oktaUserId, person);
  await store.putCached(peopleKey(launchId), peopleToJson(known.values()), { ttlMs: PEOPLE_TTL_MS });
}

/** The launch's view with its decisions and the people it names. */
export async function viewOfLaunch(store: GovernanceStore, launch: LaunchRecord): Promise<LaunchView> {
  // One after the other: inside a transaction both go over the same connection.
  const people = await peopleOfLaunch(store, launch.id);
  const decisions = await store.listDecisions(launch.id);
  return toLaunchView(launch, people, decisions);
}
