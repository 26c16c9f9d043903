/**
 * The identity resolver's contract: chat user -> exactly one Okta user
 * (PRODUCT.md section 3), plus the groups, admin roles and policy grants
 * that role checks need. The Okta user id, never an email or display
 * name, is what the core stores with every decision.
 */
import type { Actor, ChatUserRef } from "../actor.js";
import type { OktaUser, OktaUserId } from "../okta/types.js";
import type { Action, Decision, PolicySubject, RoleGrant } from "../policy/index.js";

export interface ResolvedActor {
  actor: Actor;
  user: OktaUser;
  subject: PolicySubject;
  grants: RoleGrant[];
  /** How the mapping was found: an admin's explicit link, or the Okta profile attribute. */
  via: "link" | "attribute";
}

/**
 * A person named in a command or form, in one of the ways a responder can
 * name them, parsed once at the edge. A chat user comes with the email the
 * adapter read from its platform (none when the platform had none); the
 * core uses it only when no explicit link or cached mapping exists.
 */
export type TargetInput =
  | { kind: "chat-user"; user: ChatUserRef; email?: string }
  | { kind: "email"; email: string }
  | { kind: "okta-id"; id: string }
  | { kind: "login"; login: string };

export interface ResolveOptions {
  /** Skip cached groups and roles (approver eligibility is re-checked at the click). */
  fresh?: boolean;
  correlationId?: string;
}

export interface AuthorizeOptions extends ResolveOptions {
  /** The Okta user the action is about (the user under review), recorded with the decision so a filter by that user finds it. */
  target?: OktaUserId | null;
  /** Extra audit details of the decision, e.g. `{ stage: "form" }`. */
  details?: { [key: string]: string };
}

export interface IdentityResolver {
  /**
   * Maps the caller to one ACTIVE Okta user with groups, admin roles and
   * grants; throws IdentityNotFound / IdentityAmbiguous / IdentityInactive.
   */
  resolveActor(actor: Actor, options?: ResolveOptions): Promise<ResolvedActor>;
  /** Resolves the target of a review (any status but DEPROVISIONED is allowed: suspended users are often the subject). */
  resolveTarget(target: TargetInput, options?: ResolveOptions): Promise<OktaUser>;
  /** Resolves a reviewer by login, email or Okta id (or any target input, e.g. a chat user); reviewers must be ACTIVE. */
  resolveReviewer(nameOrId: string | TargetInput, options?: ResolveOptions): Promise<OktaUser>;
  /** Resolves the caller and checks `action`; throws NotAllowed naming the missing role. */
  authorize(actor: Actor, action: Action, options?: AuthorizeOptions): Promise<ResolvedActor & { decision: Extract<Decision, { allowed: true }> }>;
  /** Forgets cached data about a chat user (after a link changes). */
  forget(user: ChatUserRef): Promise<void>;
  /** Empties this process's in-memory identity cache, if it has one (the store's cache is untouched). */
  clearMemory?(): void;
}
