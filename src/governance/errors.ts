/**
 * The core's own error family (beside the Okta client's in `okta/errors.ts`).
 * Each carries a stable `code`, a sentence for the person in chat, and
 * optionally a `hint` saying what to do. `error-reply.ts` turns any
 * error into the neutral error reply adapters render.
 */

export abstract class GovernanceError extends Error {
  abstract readonly code: string;
  /** What to do about it, for the person in chat (may be empty). */
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.hint = hint;
  }
}

/** The caller lacks the role an action needs (deny by default). */
export class NotAllowed extends GovernanceError {
  readonly code = "not_allowed";
  constructor(
    readonly action: string,
    readonly requiredRoles: readonly string[],
    message: string,
  ) {
    super(message);
  }
}

/** No Okta user matches the chat user or the named target. */
export class IdentityNotFound extends GovernanceError {
  readonly code = "identity_not_found";
}

/** More than one Okta user matches: never guess. */
export class IdentityAmbiguous extends GovernanceError {
  readonly code = "identity_ambiguous";
  constructor(
    message: string,
    readonly candidates: readonly string[],
    hint?: string,
  ) {
    super(message, hint);
  }
}

/** The Okta user exists but is not active (suspended, deprovisioned, ...). */
export class IdentityInactive extends GovernanceError {
  readonly code = "identity_inactive";
}

/** Input breaks a rule (Okta's own, checked before calling it, or ours); `fields` name the form fields. */
export class ValidationFailed extends GovernanceError {
  readonly code = "validation_failed";
  constructor(
    readonly fields: Readonly<Record<string, string>>,
    message?: string,
  ) {
    super(message ?? Object.values(fields).join(" "));
  }
}

/** The launch, request or review named does not exist (in our records or in Okta). */
export class NotFound extends GovernanceError {
  readonly code = "not_found";
}

/** The action came too late or twice (approve after expiry, deny after launch). */
export class Conflict extends GovernanceError {
  readonly code = "conflict";
}
