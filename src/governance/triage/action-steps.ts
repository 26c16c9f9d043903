/**
 * The steps every triage action shares. Before: who may act is decided
 * before any Okta call, from the launch record or a cached read
 * (`./who-may-act.ts`); a refusal never reaches Okta. After it went
 * through: a SAR comment naming the person, audit entries, the shared cards
 * updated in place (`triage-updated`), and the actor's view.
 */
import type { Actor } from "../actor.js";
import { auditActor } from "../audit/index.js";
import type { ResolvedActor } from "../identity/types.js";
import type { OktaUserId, SarId } from "../okta/types.js";
import type { CallOptions } from "../ports.js";
import type { PersonView, Reply } from "../replies.js";
import type { JsonValue, LaunchRecord, TriageActionRecord } from "../store.js";
import { personOf, type ActionName } from "./action-records.js";
import { triageFingerprint } from "./fingerprint.js";
import { interactive, type TriageContext } from "./triage-context.js";
import { checkSarId, refuse, replyOf } from "./triage-input.js";
import type { TriageReads } from "./triage-reads.js";
import type { TriageActionDone, TriageCore } from "./types.js";
import { mayAct, permissionFor, type ActCheck, type ReviewPeople, type TriageActionKind } from "./who-may-act.js";

export type ActionSteps = ReturnType<typeof createActionSteps>;

export function createActionSteps(ctx: TriageContext, reads: Pick<TriageReads, "peopleOf" | "buildView" | "closingSummaryOf">) {
  const { deps, cache } = ctx;
  const { store, okta, identity, policy, audit, clock, logger } = deps;
  const { peopleOf, buildView, closingSummaryOf } = reads;

  async function recordRefusal(actor: Actor, resolved: ResolvedActor, kind: TriageActionKind, sarId: SarId, people: ReviewPeople, launch: LaunchRecord | null, check: Extract<ReturnType<typeof mayAct>, { allowed: false }>, details: { [key: string]: JsonValue }) {
    await audit.record({
      actor: auditActor(actor, resolved.user.id),
      action: permissionFor(kind),
      outcome: "denied",
      reason: check.message,
      target: { oktaUserId: people.principalId as OktaUserId, sarId },
      launchId: launch?.id ?? null,
      correlationId: actor.correlationId,
      details: { ...details, code: check.code, requiredRoles: [...check.requiredRoles] },
    });
  }

  /** Resolves the caller and checks they may take an action of `kind` on `sarId`: no Okta call beyond the identity's. */
  async function authorizeAction(actor: Actor, kind: TriageActionKind, sarId: SarId, details: { [key: string]: JsonValue }) {
    const resolved = await identity.resolveActor(actor, { correlationId: actor.correlationId });
    const opts = interactive(actor);
    const { people, launch } = await peopleOf(sarId, opts);
    const check = mayAct(policy, kind, { oktaUserId: resolved.user.id, grants: resolved.grants }, people);
    if (!check.allowed) {
      await recordRefusal(actor, resolved, kind, sarId, people, launch, check, details);
      return refuse(check.code, check.message);
    }
    return { resolved, person: personOf(resolved), people, launch, check, opts };
  }

  /** After an action went through: comment, record, audit, cache, cards, and the actor's reply. */
  async function afterDone(args: {
    actor: Actor;
    resolved: ResolvedActor;
    person: PersonView;
    record: TriageActionRecord;
    kind: TriageActionKind;
    action: ActionName;
    sarId: SarId;
    item?: { id: string; name: string };
    note: string | undefined;
    comment: string;
    commentPosted: boolean;
    people: ReviewPeople;
    launch: LaunchRecord | null;
    opts: CallOptions;
    check: Extract<ActCheck, { allowed: true }>;
    extra?: { [key: string]: JsonValue };
  }): Promise<Reply> {
    const at = clock.now();
    await store.finishTriageAction(
      args.record.id,
      "done",
      { ...(args.item !== undefined && { itemName: args.item.name }), comment: args.comment, commentPosted: args.commentPosted, ...(args.extra ?? {}) },
      at,
    );
    await audit.record({
      actor: auditActor(args.actor, args.resolved.user.id),
      action: permissionFor(args.kind),
      outcome: "succeeded",
      target: { oktaUserId: args.people.principalId as OktaUserId, sarId: args.sarId },
      launchId: args.launch?.id ?? null,
      correlationId: args.actor.correlationId,
      details: {
        triageAction: args.action,
        ...(args.item !== undefined && { accessId: args.item.id, item: args.item.name }),
        note: args.note ?? null,
        comment: args.comment,
        commentPosted: args.commentPosted,
        // Why the person was allowed: a role the policy grants, or being an assigned reviewer (sar.reviewersMayAct).
        via: args.check.via,
        roles: [...args.check.roles],
        because: [...args.check.because],
        idempotencyKey: args.record.idempotencyKey,
        ...(args.extra ?? {}),
      },
    });
    cache.invalidate(args.sarId);
    const done: TriageActionDone = {
      sarId: args.sarId,
      ...(args.item !== undefined && { item: args.item }),
      action: args.action,
      by: args.person,
      ...(args.note !== undefined && { note: args.note }),
      at,
      comment: args.comment,
    };
    const mine = await buildView(args.sarId, { kind: "person", oktaUserId: args.resolved.user.id }, { oktaUserId: args.resolved.user.id, grants: args.resolved.grants }, [null], args.opts, { launch: args.launch });
    const redrawn = await updateCards(args.sarId, done, args.launch, args.opts);
    return { type: "triage-action-done", done, triage: mine, ...(redrawn.length > 0 && { redrawn }) };
  }

  /** Redraws every recorded card of the review (and posts the closing when this saw it closed first); gives the message ids redrawn. */
  async function updateCards(sarId: SarId, done: TriageActionDone | undefined, launch: LaunchRecord | null, opts: CallOptions): Promise<string[]> {
    const redrawn: string[] = [];
    if (deps.cards === undefined) return redrawn;
    try {
      const cards = await deps.cards.listTriageCards(sarId);
      if (cards.length === 0) return redrawn;
      const shared = await buildView(sarId, { kind: "shared" }, undefined, [null], opts, { launch });
      const closed = shared.sar.status === "CLOSED";
      // What the cards now show is what the watch has seen: it does not post this change again. Whoever records
      // the review closed first (this action or the watch) posts the closing summary, once.
      const firstToSeeIt = await deps.cards.recordTriageSeen(sarId, triageFingerprint(shared), closed, clock.now());
      for (const card of cards) {
        try {
          await deps.notifier.notify(card.conversation, { type: "triage-updated", triage: shared, messageId: card.messageId, ...(done !== undefined && { done }) });
          redrawn.push(card.messageId);
        } catch (err) {
          logger.warn({ err, sarId, messageId: card.messageId }, "could not update a triage card");
        }
      }
      const launchCard = cards[0];
      if (closed && firstToSeeIt && launchCard !== undefined) {
        const summary = await closingSummaryOf(sarId);
        await deps.notifier.notify(launchCard.conversation, { type: "review-closed", triage: shared, summary, ...(done !== undefined && { closedBy: done.by }) });
      }
    } catch (err) {
      logger.warn({ err, sarId }, "could not update the triage cards of a review");
    }
    return redrawn;
  }

  async function postComment(sarId: SarId, comment: string, opts: CallOptions): Promise<boolean> {
    try {
      await okta.addSecurityAccessReviewComment(sarId, comment, opts);
      return true;
    } catch (err) {
      // The action itself went through; the audit trail still names the person.
      logger.warn({ err, sarId }, "the attribution comment could not be added to the review");
      return false;
    }
  }

  const service: Pick<TriageCore, "triageMayAct"> = {
    async triageMayAct(actor, input) {
      try {
        const sarId = checkSarId(input?.sarId);
        const kind = input.kind;
        if (kind !== "item" && kind !== "review" && kind !== "update") return refuse("validation_failed", "The click named no known kind of action.");
        if (input.cardMessageId !== undefined && deps.cards !== undefined) {
          // A button whose review is not the one its card shows (a tampered or stale value) changes nothing.
          const cards = await deps.cards.listTriageCards(sarId);
          if (!cards.some((card) => card.messageId === input.cardMessageId)) {
            refuse("validation_failed", `This button names review ${sarId}, which is not the review on this card; nothing was changed.`, "Run `/sar review` for a fresh card.");
          }
        }
        await authorizeAction(actor, kind, sarId, { triageCheck: "click" });
        return null;
      } catch (err) {
        return replyOf(err, logger, actor, "No such review in Okta.");
      }
    },
  };

  return { service, authorizeAction, afterDone, postComment };
}
