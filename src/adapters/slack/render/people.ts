/** How people from the core's views are named in Slack messages. */
import type { PersonView } from "../../../governance/replies.js";
import { inline, mentionOr } from "./mrkdwn.js";

/** `Dan Target (dan.target@example.com)`, escaped. */
export function personText(person: PersonView | { id: string } | undefined): string {
  if (person === undefined) return "—";
  if (!("login" in person)) return `\`${inline(person.id, 40)}\``;
  const login = inline(person.login, 120);
  return person.displayName !== undefined && person.displayName !== "" && person.displayName !== person.login
    ? `${inline(person.displayName, 80)} (${login})`
    : login;
}

/**
 * A chat user who acted (requested, approved): their Slack mention with the
 * Okta login they were mapped to, since the decision is the Okta user's.
 */
export function chatPersonText(person: PersonView & { platform: string; chatUserId: string }): string {
  return person.platform === "slack" ? `${mentionOr(person.chatUserId, person.login)} (${inline(person.login, 120)})` : personText(person);
}

/** A list of people, cut after `max` names. */
export function peopleText(people: readonly PersonView[] | undefined, max = 10): string {
  if (people === undefined || people.length === 0) return "—";
  const shown = people.slice(0, max).map(personText).join(", ");
  return people.length > max ? `${shown} and ${people.length - max} more` : shown;
}
