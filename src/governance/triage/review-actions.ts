/**
 * Actions on a whole review: close it or restore all its access, change its
 * end time or reviewers, and comment on it in the person's name. Each is
 * exactly once per click (`./action-claims.ts`).
 */
import type { Actor } from "../actor.js";
import { auditActor } from "../audit/index.js";
import { errorReply, errorReplyFor } from "../error-reply.js";
import { GovernanceError } from "../errors.js";
import { OktaError, OktaOutcomeUnknown } from "../okta/errors.js";
import { SAR_REVIEW_ACTIONS, type SarReviewAction } from "../okta/sar-triage-types.js";
import type { OktaUserId, SarId } from "../okta/types.js";
import type { Reply } from "../replies.js";
import type { ActionClaims } from "./action-claims.js";
import { attributionComment, type ActionName } from "./action-records.js";
import type { ActionSteps } from "./action-steps.js";
import { actionWord } from "./text.js";
import type { TriageContext } from "./triage-context.js";
import { checkEndTime, checkKey, checkNote, checkSarId, MAX_COMMENT, refuse, replyOf } from "./triage-input.js";
import type { TriageReads } from "./triage-reads.js";
import type { CommentInput, ReviewActionInput, UpdateReviewInput } from "./types.js";

export function createReviewActions(parts: { ctx: TriageContext; reads: Pick<TriageReads, "buildView">; claims: ActionClaims; steps: ActionSteps }) {
  const { store, okta, identity, audit, clock, logger } = parts.ctx.deps;
  const { buildView } = parts.reads;
  const { claim, fail, checkUnknown, unconfirmed } = parts.claims;
  const { authorizeAction, afterDone, postComment } = parts.steps;

  async function reviewAction(actor: Actor, raw: ReviewActionInput): Promise<Reply> {
    let sarId: SarId | undefined;
    try {
      sarId = checkSarId(raw?.sarId);
      if (!(SAR_REVIEW_ACTIONS as readonly string[]).includes(raw.action)) refuse("validation_failed", `"${String(raw.action).slice(0, 40)}" is not a review action.`);
      const action: SarReviewAction = raw.action;
      const note = checkNote(raw.note);
      const idempotencyKey = checkKey(raw.idempotencyKey);
      const allowed = await authorizeAction(actor, "review", sarId, { triageAction: action });
      const { resolved, person, people, launch, opts } = allowed;
      const claimed = await claim({ sarId, accessId: null, action, idempotencyKey, note }, actor, person, opts, () =>
        buildView(sarId!, { kind: "person", oktaUserId: resolved.user.id }, { oktaUserId: resolved.user.id, grants: resolved.grants }, [null], opts, { launch }).catch(() => undefined),
      );
      if ("reply" in claimed) return claimed.reply;
      const { record } = claimed;
      try {
        const review = await okta.getSecurityAccessReview(sarId, opts);
        if (review.status !== "ACTIVE") {
          return await fail(record, errorReply("review_not_active", review.status === "CLOSED" ? "This review is already closed." : `This review is ${review.status}; it can be closed or restored only while it is ACTIVE.`));
        }
        await okta.executeSecurityAccessReviewAction(sarId, action, opts);
      } catch (err) {
        if (!(err instanceof OktaOutcomeUnknown)) {
          await audit.record({ actor: auditActor(actor, resolved.user.id), action: "sar.close", outcome: "failed", reason: err instanceof Error ? err.message : "failed", target: { oktaUserId: people.principalId as OktaUserId, sarId }, launchId: launch?.id ?? null, correlationId: actor.correlationId, details: { triageAction: action } });
          return await fail(record, errorReplyFor(err, { logger, correlationId: actor.correlationId, notFound: `No security access review ${sarId} in Okta.` }));
        }
        await store.finishTriageAction(record.id, "unknown", {});
        const took = await checkUnknown(sarId, null, action, opts);
        if (took !== true) return await unconfirmed(record, took, `"${actionWord(action).toLowerCase()}"`, sarId, {});
      }
      const comment = attributionComment(action, person.login, undefined, note);
      const commentPosted = await postComment(sarId, comment, opts);
      return await afterDone({ actor, resolved, person, record, kind: "review", action, sarId, note, comment, commentPosted, people, launch, opts, check: allowed.check });
    } catch (err) {
      return replyOf(err, logger, actor, sarId === undefined ? undefined : `No security access review ${sarId} in Okta.`);
    }
  }

  // --- updates and comments --------------------------------------------------
  async function update(actor: Actor, raw: UpdateReviewInput): Promise<Reply> {
    let sarId: SarId | undefined;
    try {
      sarId = checkSarId(raw?.sarId);
      const idempotencyKey = checkKey(raw.idempotencyKey);
      if (raw.endTime === undefined && raw.reviewers === undefined) refuse("validation_failed", "Give a new end time or the reviewers.");
      const endTime = raw.endTime === undefined ? undefined : checkEndTime(String(raw.endTime), clock);
      let names: string[] | undefined;
      if (raw.reviewers !== undefined) {
        if (!Array.isArray(raw.reviewers)) refuse("validation_failed", "The reviewers must be a list.");
        names = [...new Set(raw.reviewers.map((r) => String(r).trim()).filter((r) => r !== ""))];
        if (names.length < 1 || names.length > 10) refuse("validation_failed", `A review needs 1 to 10 reviewers (${names.length} given).`);
      }
      const action: ActionName = names !== undefined ? "REVIEWERS" : "EXTEND";
      const allowed = await authorizeAction(actor, "update", sarId, { triageAction: action });
      const { resolved, person, people, launch, opts } = allowed;

      let reviewerIds: OktaUserId[] | undefined;
      let reviewerLogins: string[] = [];
      if (names !== undefined) {
        const settled = await Promise.allSettled(names.map((name) => identity.resolveReviewer(name, { correlationId: actor.correlationId })));
        const problems: string[] = [];
        const users = settled.flatMap((s, i) => {
          if (s.status === "fulfilled") return [s.value];
          problems.push(s.reason instanceof GovernanceError || s.reason instanceof OktaError ? `${names[i]!}: ${s.reason.message}` : `${names[i]!}: not found`);
          return [];
        });
        if (problems.length > 0) refuse("validation_failed", `Some reviewers could not be found: ${problems.join("; ")}`);
        if (users.some((u) => u.id === people.principalId)) refuse("validation_failed", "The person under review cannot be a reviewer of their own review.");
        reviewerIds = [...new Set(users.map((u) => u.id))];
        reviewerLogins = users.map((u) => u.profile.login);
      }
      const claimed = await claim({ sarId, accessId: null, action, idempotencyKey, note: undefined }, actor, person, opts, async () => undefined);
      if ("reply" in claimed) return claimed.reply;
      const { record } = claimed;
      try {
        await okta.updateSecurityAccessReview(sarId, { ...(endTime !== undefined && { endTime }), ...(reviewerIds !== undefined && { reviewerIds }) }, opts);
      } catch (err) {
        return await fail(record, errorReplyFor(err, { logger, correlationId: actor.correlationId, notFound: `No security access review ${sarId} in Okta.` }));
      }
      const changes = [endTime !== undefined ? `end time ${endTime}` : undefined, reviewerIds !== undefined ? `reviewers ${reviewerLogins.join(", ")}` : undefined].filter((x) => x !== undefined).join("; ");
      const comment = attributionComment(action, person.login, undefined, changes);
      const commentPosted = await postComment(sarId, comment, opts);
      return await afterDone({
        actor, resolved, person, record, kind: "update", action, sarId, note: undefined, comment, commentPosted, people, launch, opts, check: allowed.check,
        extra: { ...(endTime !== undefined && { endTime }), ...(reviewerIds !== undefined && { reviewerIds: [...reviewerIds] }) },
      });
    } catch (err) {
      return replyOf(err, logger, actor, sarId === undefined ? undefined : `No security access review ${sarId} in Okta.`);
    }
  }

  async function comment(actor: Actor, raw: CommentInput): Promise<Reply> {
    let sarId: SarId | undefined;
    try {
      sarId = checkSarId(raw?.sarId);
      const idempotencyKey = checkKey(raw.idempotencyKey);
      const text = typeof raw.text === "string" ? raw.text.trim() : "";
      if (text === "") refuse("validation_failed", "The comment must not be empty.");
      const allowed = await authorizeAction(actor, "update", sarId, { triageAction: "COMMENT" });
      const { resolved, person, people, launch, opts } = allowed;
      const posted = `by ${person.login} via chat: ${text}`;
      const n = [...posted].length;
      if (n > MAX_COMMENT) refuse("validation_failed", `The comment is too long: at most ${MAX_COMMENT - (n - [...text].length)} characters here (it has ${[...text].length}).`);
      const claimed = await claim({ sarId, accessId: null, action: "COMMENT", idempotencyKey, note: text }, actor, person, opts, async () => undefined);
      if ("reply" in claimed) return claimed.reply;
      const { record } = claimed;
      try {
        await okta.addSecurityAccessReviewComment(sarId, posted, opts);
      } catch (err) {
        return await fail(record, errorReplyFor(err, { logger, correlationId: actor.correlationId, notFound: `No security access review ${sarId} in Okta.` }));
      }
      return await afterDone({ actor, resolved, person, record, kind: "update", action: "COMMENT", sarId, note: text, comment: posted, commentPosted: true, people, launch, opts, check: allowed.check });
    } catch (err) {
      return replyOf(err, logger, actor, sarId === undefined ? undefined : `No security access review ${sarId} in Okta.`);
    }
  }

  return { reviewAction, update, comment };
}
