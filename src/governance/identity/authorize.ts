/**
 * Role checks with an audit trail: every decision (and every refusal
 * because the caller could not be mapped) is written to the audit trail
 * before the caller hears the answer.
 */
import type { Actor } from "../actor.js";
import { auditActor, type AuditRecorder } from "../audit/index.js";
import { GovernanceError, NotAllowed } from "../errors.js";
import { decide, type Action, type Decision, type Policy } from "../policy/index.js";
import type { Clock } from "../ports.js";
import type { IdentityResolver, ResolvedActor, ResolveOptions } from "./types.js";

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
  options?: ResolveOptions,
): Promise<ResolvedActor & { decision: Extract<Decision, { allowed: true }> }> {
  const correlationId = options?.correlationId ?? actor.correlationId;
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
        details: { code: err.code },
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
    details: decision.allowed
      ? // `because`: the policy condition that gave each role, as evidence of the decision (e.g. member of Okta group "Security Leads").
        { via: [...decision.via], because: resolved.grants.filter((g) => decision.via.includes(g.role)).map((g) => `${g.role}: ${g.because}`) }
      : { requiredRoles: [...decision.requiredRoles] },
  });
  if (!decision.allowed) throw new NotAllowed(action, decision.requiredRoles, decision.reason);
  return { ...resolved, decision };
}
