/**
 * Role checks with an audit trail: every decision (and every refusal
 * because the caller could not be mapped) is written to the audit trail
 * before the caller hears the answer.
 */
import type { Actor } from "../actor.js";
import { auditActor, type AuditRecorder } from "../audit/index.js";
import { GovernanceError, NotAllowed } from "../errors.js";
import { decide, isAction, type Action, type Decision, type Policy } from "../policy/index.js";
import type { Clock } from "../ports.js";
import type { AuthorizeOptions, IdentityResolver, ResolvedActor } from "./types.js";

export interface AuthorizeDeps {
  resolver: Pick<IdentityResolver, "resolveActor">;
  policy: Policy;
  audit: AuditRecorder;
  clock: Clock;
}

/** Resolves `actor`, decides `action` under the policy and audits the outcome; throws NotAllowed when denied. */
export async function authorizeWith(
  deps: AuthorizeDeps,
  actor: Actor,
  action: Action,
  options?: AuthorizeOptions,
): Promise<ResolvedActor & { decision: Extract<Decision, { allowed: true }> }> {
  const correlationId = options?.correlationId ?? actor.correlationId;
  const target = { oktaUserId: options?.target ?? null };
  const extra = options?.details ?? {};
  let resolved: ResolvedActor;
  try {
    resolved = await deps.resolver.resolveActor(actor, options);
  } catch (err) {
    // An unmapped or inactive caller is refused; Okta being down is not a decision.
    if (err instanceof GovernanceError) {
      await deps.audit.record({
        at: deps.clock.now(),
        actor: auditActor(actor),
        action,
        outcome: "denied",
        reason: err.message,
        correlationId,
        target,
        // The roles the action needs, so even this refusal says which role the caller could not be shown to hold.
        details: { ...extra, code: err.code, requiredRoles: isAction(action) ? [...(deps.policy.permissions[action] ?? [])] : [] },
      });
    }
    throw err;
  }
  const decision = decide(deps.policy, action, resolved.grants);
  await deps.audit.record({
    at: deps.clock.now(),
    actor: auditActor(actor, resolved.user.id),
    action,
    outcome: decision.allowed ? "allowed" : "denied",
    reason: decision.allowed ? null : decision.reason,
    correlationId,
    target,
    details: decision.allowed
      ? // `because`: the policy condition that gave each role, as evidence of the decision (e.g. member of Okta group "Security Leads").
        { ...extra, via: [...decision.via], because: [...decision.because] }
      : { ...extra, requiredRoles: [...decision.requiredRoles] },
  });
  if (!decision.allowed) throw new NotAllowed(action, decision.requiredRoles, decision.reason);
  return { ...resolved, decision };
}
