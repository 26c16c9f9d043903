/**
 * An approver's click on Approve or Deny. Eligibility is checked at the
 * click with fresh groups and roles; the decision, the count and the state
 * change happen in one transaction on the locked launch row, so two
 * approvers at once (or a double click, or two replicas) move it once.
 */
import { createHash } from "node:crypto";
import type { Actor } from "../actor.js";
import { auditActor } from "../audit/index.js";
import type { ResolvedActor } from "../identity/types.js";
import { approvalRuleFor, canApprove } from "../policy/index.js";
import type { Reply } from "../replies.js";
import type { JsonValue, LaunchRecord, LaunchState, StepUpProof } from "../store.js";
import { stepUpProofJson } from "../stepup/step-up-records.js";
import type { LaunchDeps } from "./deps.js";
import { errorReply, errorReplyFor } from "../error-reply.js";
import { findLaunch } from "./find-launch.js";
import { LAUNCH_FORM_LIMITS } from "./launch-form.js";
import { announce } from "./announce.js";
import { auditLaunchEvent } from "./launch-outcomes.js";
import type { LaunchRunner } from "./launch-runner.js";
import { passStep } from "./launch-steps.js";
import { personOf, rememberPeople, viewOfLaunch } from "./people.js";

export interface DecideLaunchInput {
  launchId: string;
  decision: "approve" | "deny";
  /** Required to deny (1 to 1000 characters). */
  reason?: string;
  /** The platform's id of this click: a redelivered click changes nothing. */
  idempotencyKey?: string;
  /** A verified Okta step-up sign-in (only `governance/stepup/` sets it); required to approve under `stepUp: true`. */
  stepUp?: StepUpProof;
}

/** Why a launch no longer takes decisions, for the person who clicked. */
export function settledMessage(state: LaunchState): string {
  switch (state) {
    case "APPROVED":
    case "LAUNCHING":
      return "This launch was already approved; its review is being created.";
    case "LAUNCHED":
      return "This launch was already approved and its review launched.";
    case "FAILED":
      return "This launch was already approved; creating its review failed.";
    case "DENIED":
      return "This launch was already denied.";
    case "EXPIRED":
      return "This launch request expired before it was approved; submit it again if the review is still needed.";
    case "CANCELED":
      return "This launch was canceled.";
    case "PENDING_APPROVAL":
      return "This launch is still waiting for approval.";
  }
}

type Settled =
  | { kind: "settled"; launch: LaunchRecord }
  | { kind: "expired"; launch: LaunchRecord }
  | { kind: "repeat"; launch: LaunchRecord }
  | { kind: "approved" | "awaiting-more" | "denied"; launch: LaunchRecord };

const MAX_ID_LENGTH = 64;

/** Rolls the decision back when the launch moved under it. */
class LostRace extends Error {}
const lostRace = (): never => {
  throw new LostRace("the launch changed during the decision");
};

/** Records an approve or deny (PRODUCT.md 4.1 step 3). */
export async function decideLaunch(deps: LaunchDeps, runner: LaunchRunner, actor: Actor, input: DecideLaunchInput): Promise<Reply> {
  const { correlationId } = actor;
  const decision = input.decision;
  if (decision !== "approve" && decision !== "deny") return errorReply("validation_failed", "A decision is either approve or deny.");
  if (typeof input.launchId !== "string" || input.launchId.length === 0 || input.launchId.length > MAX_ID_LENGTH) {
    return errorReply("not_found", "There is no such launch.");
  }
  let approver: ResolvedActor;
  try {
    approver = await deps.identity.resolveActor(actor, { fresh: true, correlationId });
  } catch (err) {
    return errorReplyFor(err);
  }
  const action = `sar.launch.${decision}`;
  const audited = { actor: auditActor(actor, approver.user.id), action, correlationId };
  const launch = await findLaunch(deps.store, input.launchId);
  if (launch === null) return errorReply("not_found", "There is no such launch; it may have been removed.");
  const refuse = async (code: string, message: string, details: { [key: string]: JsonValue } = {}): Promise<Reply> => {
    await deps.audit.record({ ...audited, outcome: "denied", reason: message, launchId: launch.id, target: { oktaUserId: launch.target.oktaUserId }, details: { code, ...details } });
    return errorReply(code, message);
  };
  if (!launch.approval.required) return refuse("conflict", "This launch needs no approval.");
  const check = canApprove({
    policy: deps.policy,
    approverGrants: approver.grants,
    approverOktaId: approver.user.id,
    requesterOktaId: launch.requester.oktaUserId,
  });
  // The roles that would have been allowed, so the refusal says which one this person lacked.
  if (!check.allowed) return refuse("not_allowed", check.reason, { requiredRoles: [...check.requiredRoles] });
  const rule = approvalRuleFor(deps.policy, "sar.launch");
  if (decision === "approve" && rule.required && rule.stepUp === true) {
    // Step-up (docs/step-up.md): only a verified Okta sign-in by this very approver makes Approve count.
    if (input.stepUp === undefined) return refuse("step_up_required", "Approving this launch needs a fresh Okta sign-in: use the private link the bot sent you.");
    if (input.stepUp.sub !== approver.user.id) return refuse("not_allowed", "The Okta sign-in was not by the approver who clicked Approve.");
  }
  const reason = typeof input.reason === "string" ? input.reason.trim() : "";
  if (decision === "deny" && (reason === "" || [...reason].length > LAUNCH_FORM_LIMITS.reason.max)) {
    return {
      type: "error",
      code: "validation_failed",
      message: "Say why you deny this launch.",
      fields: { reason: `Give a reason of 1 to ${LAUNCH_FORM_LIMITS.reason.max} characters.` },
    };
  }
  const key = input.idempotencyKey ? `sar.decide:${createHash("sha256").update(input.idempotencyKey).digest("hex")}` : undefined;

  const settled = await deps.store.transaction(async (tx): Promise<Settled> => {
    const current = await tx.getLaunch(launch.id, { lockForUpdate: true });
    if (current === null || current.state !== "PENDING_APPROVAL") return { kind: "settled", launch: current ?? launch };
    const { expiresAt } = current.approval;
    if (expiresAt !== null && expiresAt.getTime() <= deps.clock.now().getTime()) {
      const expired = await tx.transitionLaunch(current.id, { from: ["PENDING_APPROVAL"], to: "EXPIRED" });
      return { kind: "expired", launch: expired ?? current };
    }
    if (key !== undefined && !(await tx.claimInbound(key, { ttlMs: deps.timings.idempotencyTtlMs }))) return { kind: "repeat", launch: current };
    const recorded = await tx.recordDecision({
      launchId: current.id,
      approver: { platform: actor.platform, tenantId: actor.tenantId, chatUserId: actor.userId, oktaUserId: approver.user.id },
      decision,
      reason: reason === "" ? null : reason,
      ...(input.stepUp !== undefined && { verification: input.stepUp }),
    });
    if (!recorded) return { kind: "repeat", launch: current };
    await rememberPeople(tx, current.id, [personOf(approver.user)]);
    if (decision === "deny") {
      const denied = await tx.transitionLaunch(current.id, {
        from: ["PENDING_APPROVAL"],
        to: "DENIED",
        set: { resolution: { by: approver.user.id, reason } },
      });
      return { kind: "denied", launch: denied ?? lostRace() };
    }
    if ((await tx.countApprovals(current.id)) < current.approval.minApprovals) return { kind: "awaiting-more", launch: current };
    const approved = await tx.transitionLaunch(current.id, { from: ["PENDING_APPROVAL"], to: "APPROVED" });
    return { kind: "approved", launch: approved ?? lostRace() };
  }).catch(async (err: unknown): Promise<Settled> => {
    if (!(err instanceof LostRace)) throw err;
    // The row lock makes this unreachable; should it happen, the decision was rolled back with the transaction.
    return { kind: "settled", launch: (await deps.store.getLaunch(launch.id)) ?? launch };
  });

  const target = { oktaUserId: settled.launch.target.oktaUserId };
  switch (settled.kind) {
    case "settled":
      return refuse("conflict", settledMessage(settled.launch.state));
    case "expired":
      await auditLaunchEvent(deps, settled.launch, { action: "sar.launch.expired", outcome: "expired" });
      await announce(deps, settled.launch, { type: "launch-updated", launch: await viewOfLaunch(deps.store, settled.launch) });
      return refuse("conflict", settledMessage("EXPIRED"));
    case "repeat": {
      // A double click or a redelivered event: the first decision counted, and is the one reported.
      const decisions = await deps.store.listDecisions(settled.launch.id);
      const first = decisions.find((d) => d.approver.oktaUserId === approver.user.id)?.decision ?? decision;
      return decisionReply(deps, settled.launch, first, "awaiting-more");
    }
  }
  if (settled.kind === "approved") {
    await passStep(deps, "approval-committed", settled.launch.id);
    try {
      // Only after commit: on PGlite a send inside the transaction would wait for it.
      await runner.enqueue(settled.launch.id);
    } catch (err) {
      deps.logger.error({ err, launchId: settled.launch.id }, "could not queue an approved launch; the sweeper will pick it up");
    }
  }
  await deps.audit.record({
    ...audited,
    outcome: "allowed",
    reason: reason === "" ? null : reason,
    launchId: settled.launch.id,
    target,
    details: { reference: settled.launch.reference, result: settled.kind, via: [...check.via], because: [...check.because], ...(input.stepUp !== undefined && { stepUp: proofDetails(input.stepUp) }) },
  });
  await announce(deps, settled.launch, { type: "launch-updated", launch: await viewOfLaunch(deps.store, settled.launch) });
  return decisionReply(deps, settled.launch, decision, settled.kind);
}

/** The step-up proof as audit details (JSON). */
function proofDetails(proof: StepUpProof): { [key: string]: string | null } {
  return stepUpProofJson(proof);
}

async function decisionReply(
  deps: LaunchDeps,
  launch: LaunchRecord,
  decision: "approve" | "deny",
  outcome: "approved" | "awaiting-more" | "denied",
): Promise<Reply> {
  return { type: "decision-recorded", launch: await viewOfLaunch(deps.store, launch), decision, outcome };
}
