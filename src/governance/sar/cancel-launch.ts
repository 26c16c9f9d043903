/**
 * Withdrawing a launch that still waits for approval: by its requester or
 * by someone who could approve it (and, when the policy lists `sar.cancel`,
 * only by holders of that permission).
 */
import type { Actor } from "../actor.js";
import { auditActor } from "../audit/index.js";
import type { ResolvedActor } from "../identity/types.js";
import { canApprove, decide } from "../policy/index.js";
import type { Reply } from "../replies.js";
import { settledMessage } from "./decide-launch.js";
import type { LaunchDeps } from "./deps.js";
import { errorReply, errorReplyFor } from "../error-reply.js";
import { findLaunch } from "./find-launch.js";
import { announce } from "./announce.js";
import { personOf, rememberPeople, viewOfLaunch } from "./people.js";

/** Cancels a PENDING_APPROVAL launch; a settled one gets a conflict reply. */
export async function cancelLaunch(deps: LaunchDeps, actor: Actor, launchId: string): Promise<Reply> {
  const { correlationId } = actor;
  let caller: ResolvedActor;
  try {
    caller = await deps.identity.resolveActor(actor, { fresh: true, correlationId });
  } catch (err) {
    return errorReplyFor(err);
  }
  const launch = await findLaunch(deps.store, launchId);
  if (launch === null) return errorReply("not_found", "There is no such launch.");
  const audited = {
    actor: auditActor(actor, caller.user.id),
    action: "sar.cancel",
    correlationId,
    launchId: launch.id,
    target: { oktaUserId: launch.target.oktaUserId },
  };

  const isRequester = caller.user.id === launch.requester.oktaUserId;
  const approverCheck = canApprove({
    policy: deps.policy,
    approverGrants: caller.grants,
    approverOktaId: caller.user.id,
    requesterOktaId: launch.requester.oktaUserId,
  });
  const permission = deps.policy.permissions["sar.cancel"] !== undefined ? decide(deps.policy, "sar.cancel", caller.grants) : undefined;
  let refusal: string | undefined;
  if (permission !== undefined && !permission.allowed) refusal = permission.reason;
  else if (!isRequester && !approverCheck.allowed) refusal = "Only the person who asked for this launch, or someone who may approve it, can cancel it.";
  if (refusal !== undefined) {
    await deps.audit.record({ ...audited, outcome: "denied", reason: refusal });
    return errorReply("not_allowed", refusal);
  }

  const canceled = await deps.store.transaction(async (tx) => {
    const done = await tx.transitionLaunch(launch.id, {
      from: ["PENDING_APPROVAL"],
      to: "CANCELED",
      set: { resolution: { by: caller.user.id, reason: isRequester ? "canceled by the requester" : "canceled by an approver" } },
    });
    if (done !== null) await rememberPeople(tx, done.id, [personOf(caller.user)]);
    return done;
  });
  if (canceled === null) {
    const now = await deps.store.getLaunch(launch.id);
    const message = settledMessage(now?.state ?? launch.state);
    await deps.audit.record({ ...audited, outcome: "denied", reason: message });
    return errorReply("conflict", message);
  }
  await deps.audit.record({ ...audited, outcome: "canceled", details: { reference: canceled.reference, by: isRequester ? "requester" : "approver" } });
  const view = await viewOfLaunch(deps.store, canceled);
  await announce(deps, canceled, { type: "launch-updated", launch: view });
  return { type: "launch-status", launch: view };
}
