/**
 * The sentences people see when the bot cannot tell who someone is in Okta.
 * Each says what happened and what to do; none guesses.
 */
import type { ChatPlatform } from "../actor.js";
import { IdentityAmbiguous, IdentityInactive, IdentityNotFound, ValidationFailed } from "../errors.js";
import type { OktaUser } from "../okta/types.js";
import { shown } from "./names.js";

/** Who is being looked up, for the wording: the caller, a review's target, or a reviewer. */
export type Subject = "actor" | "target" | "reviewer";

export const LINK_HINT = "Ask a bot admin to link your chat account to your Okta user: /sar link @you your.okta@login";

const FIELD: Record<Exclude<Subject, "actor">, string> = { target: "target", reviewer: "reviewers" };

function logins(users: readonly OktaUser[]): string[] {
  return users.map((u) => u.profile.login);
}

/** The chat platform would not tell the bot the caller's email. */
export function noEmailForActor(platform: ChatPlatform): IdentityNotFound {
  const why =
    platform === "slack"
      ? "The bot's Slack app needs the users:read.email scope to read it (add the scope, then reinstall the app)."
      : "The chat platform did not share it with the bot.";
  return new IdentityNotFound(
    `I could not read the email address of your chat profile, so I cannot tell which Okta user you are. ${why}`,
    LINK_HINT,
  );
}

/** A mentioned chat user whose email the platform would not give. */
export function noEmailForChatUser(subject: Exclude<Subject, "actor">, displayName: string | undefined): IdentityNotFound {
  const who = displayName ? `@${shown(displayName)}` : "that chat user";
  return new IdentityNotFound(
    `I could not read the email address of ${who}, so I cannot find them in Okta.`,
    `Name the ${subject} by Okta login, email or 00u... id instead, or ask a bot admin to link them with /sar link.`,
  );
}

export function notFound(subject: Subject, name: string): IdentityNotFound {
  if (subject === "actor") return new IdentityNotFound(`No Okta user matches your chat email ${shown(name)}.`, LINK_HINT);
  return new IdentityNotFound(
    `No Okta user matches ${shown(name)}.`,
    `Check the spelling, or name the ${subject} by Okta login, email or 00u... id.`,
  );
}

export function ambiguous(subject: Subject, name: string, users: readonly OktaUser[]): IdentityAmbiguous {
  const list = logins(users);
  if (subject === "actor") {
    return new IdentityAmbiguous(
      `${list.length} Okta users share your chat email ${shown(name)} (${list.join(", ")}), so I will not guess which one you are.`,
      list,
      LINK_HINT,
    );
  }
  return new IdentityAmbiguous(
    `${shown(name)} matches ${list.length} Okta users (${list.join(", ")}); I will not guess which one you mean.`,
    list,
    `Name the ${subject} by Okta login or 00u... id instead.`,
  );
}

/** An explicit link whose Okta user no longer exists. */
export function staleLink(oktaUserId: string): IdentityNotFound {
  return new IdentityNotFound(
    `Your chat account is linked to Okta user ${oktaUserId}, which Okta no longer knows.`,
    "Ask a bot admin to link you again: /sar link @you your.okta@login",
  );
}

export function inactive(subject: Subject, user: OktaUser): IdentityInactive {
  const { login } = user.profile;
  switch (subject) {
    case "actor":
      return new IdentityInactive(
        `Your Okta account (${login}) is ${user.status}, so you cannot act through the bot until it is ACTIVE again.`,
      );
    case "target":
      return new IdentityInactive(
        `${login} is ${user.status} in Okta: a deprovisioned user has no access left to review.`,
      );
    case "reviewer":
      return new IdentityInactive(`${login} is ${user.status} in Okta; reviewers must be ACTIVE users.`);
  }
}

/** Typed text that is no email, login or Okta id. */
export function invalidName(subject: Exclude<Subject, "actor">, text: string, expected: string): ValidationFailed {
  return new ValidationFailed({ [FIELD[subject]]: `"${shown(text)}" is not ${expected}.` });
}
