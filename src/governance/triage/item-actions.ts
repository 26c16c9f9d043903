/**
 * Item actions: revoke, restore or flag one access item of a review, exactly
 * once per click (`./action-claims.ts`). Under `approval.sar.remediate.stepUp`
 * a click first gets a private sign-in link; `itemActionVerified` carries it
 * out once the person proved who they are to Okta.
 */
import type { Actor } from "../actor.js";
import { auditActor } from "../audit/index.js";
import { errorReply, errorReplyFor } from "../error-reply.js";
import { OktaOutcomeUnknown } from "../okta/errors.js";
import { SAR_ACCESS_ACTIONS, type SarAccessItem } from "../okta/sar-triage-types.js";
import type { OktaUserId, SarId } from "../okta/types.js";
import type { Reply } from "../replies.js";
import type { StepUpProof } from "../stepup/step-up-records.js";
import type { ActionClaims } from "./action-claims.js";
import { attributionComment, BUTTONS } from "./action-records.js";
import type { ActionSteps } from "./action-steps.js";
import { actionWord } from "./text.js";
import type { TriageContext } from "./triage-context.js";
import { checkAccessId, checkKey, checkNote, checkSarId, refuse, replyOf } from "./triage-input.js";
import type { TriageReads } from "./triage-reads.js";
import type { ItemActionInput } from "./types.js";

export function createItemActions(parts: { ctx: TriageContext; reads: Pick<TriageReads, "buildView" | "findItem">; claims: ActionClaims; steps: ActionSteps }) {
  const { deps } = parts.ctx;
  const { store, okta, policy, audit, logger } = deps;
  const { buildView, findItem } = parts.reads;
  const { claim, fail, checkUnknown, unconfirmed } = parts.claims;
  const { authorizeAction, afterDone, postComment } = parts.steps;

  async function itemAction(actor: Actor, raw: ItemActionInput, proof: StepUpProof | undefined): Promise<Reply> {
    let sarId: SarId | undefined;
    try {
      sarId = checkSarId(raw?.sarId);
      const accessId = checkAccessId(raw.accessId);
      if (!(SAR_ACCESS_ACTIONS as readonly string[]).includes(raw.action)) refuse("validation_failed", `"${String(raw.action).slice(0, 40)}" is not an item action.`);
      const action = raw.action;
      const note = checkNote(raw.note);
      const idempotencyKey = checkKey(raw.idempotencyKey);
      const input: ItemActionInput = { sarId, accessId, action, idempotencyKey, ...(note !== undefined && { note }) };
      const allowed = await authorizeAction(actor, "item", sarId, { triageAction: action, accessId });
      const { resolved, person, people, launch, opts } = allowed;

      const stepUp = policy.remediateStepUp;
      if (stepUp !== undefined && proof === undefined) {
        // A duplicate delivery of a click already carried out answers with its outcome, not a new link.
        const seen = await store.getTriageActionByKey(idempotencyKey);
        if (seen === null) {
          if (deps.stepUp === undefined) return errorReply("not_available", "The policy asks for a fresh Okta sign-in before item actions, but step-up sign-in is not set up for this bot.");
          return await deps.stepUp.challenge(actor, { oktaUserId: resolved.user.id }, input, stepUp.acrValues ?? null);
        }
      }

      const claimed = await claim({ sarId, accessId, action, idempotencyKey, note }, actor, person, opts, () =>
        buildView(sarId!, { kind: "person", oktaUserId: resolved.user.id }, { oktaUserId: resolved.user.id, grants: resolved.grants }, [null], opts, { launch }).catch(() => undefined),
      );
      if ("reply" in claimed) return claimed.reply;
      const { record } = claimed;

      // Checked fresh against Okta: the review is open, the item is this review's, the action is one it supports.
      let item: SarAccessItem | undefined;
      try {
        const review = await okta.getSecurityAccessReview(sarId, opts);
        if (review.status !== "ACTIVE") {
          return await fail(record, errorReply("review_not_active", review.status === "CLOSED" ? "This review is closed; nothing can be changed any more." : `This review is ${review.status}; items can be acted on only while it is ACTIVE.`));
        }
        item = await findItem(sarId, accessId, opts);
      } catch (err) {
        return await fail(record, errorReplyFor(err, { logger, correlationId: actor.correlationId, notFound: `No security access review ${sarId} in Okta.` }));
      }
      if (item === undefined) return await fail(record, errorReply("not_found", "This review has no such access item.", "Reload the card: the item may belong to another review."));
      if (!item.supportedActions.includes(action)) {
        const offered = item.supportedActions.map((a) => BUTTONS[a]).join(", ");
        return await fail(record, errorReply("unsupported_action", `Okta does not offer ${BUTTONS[action]} for ${item.name} now${offered !== "" ? ` (it offers: ${offered})` : " (nothing can be done to it now)"}.`), { itemName: item.name });
      }

      try {
        await okta.executeSecurityAccessReviewAccessesAction(sarId, accessId, action, opts);
      } catch (err) {
        if (!(err instanceof OktaOutcomeUnknown)) {
          await audit.record({ actor: auditActor(actor, resolved.user.id), action: "sar.remediate", outcome: "failed", reason: err instanceof Error ? err.message : "failed", target: { oktaUserId: people.principalId as OktaUserId, sarId }, launchId: launch?.id ?? null, correlationId: actor.correlationId, details: { triageAction: action, accessId, item: item.name } });
          return await fail(record, errorReplyFor(err, { logger, correlationId: actor.correlationId }), { itemName: item.name });
        }
        // Never re-sent blindly: did it land?
        await store.finishTriageAction(record.id, "unknown", { itemName: item.name });
        const took = await checkUnknown(sarId, accessId, action, opts);
        if (took !== true) return await unconfirmed(record, took, `the ${actionWord(action).toLowerCase()} of ${item.name}`, sarId, { itemName: item.name });
      }
      const comment = attributionComment(action, person.login, item.name, note);
      const commentPosted = await postComment(sarId, comment, opts);
      return await afterDone({
        actor, resolved, person, record, kind: "item", action, sarId, item: { id: item.id, name: item.name }, note, comment, commentPosted, people, launch, opts, check: allowed.check,
        ...(proof !== undefined && { extra: { stepUp: { sub: proof.sub, authTime: proof.authTime.toISOString(), acr: proof.acr } } }),
      });
    } catch (err) {
      return replyOf(err, logger, actor, sarId === undefined ? undefined : `No security access review ${sarId} in Okta.`);
    }
  }

  return { itemAction };
}
