/**
 * Exactly once: each click is a `triage_actions` row (its idempotency key
 * unique; one row per review, item and action under way), so a duplicate
 * delivery returns the first outcome and a concurrent click is told who is
 * already doing it. An unknown outcome is never re-sent: the item (or the
 * review) is re-read to see whether it took effect.
 */
import type { Actor } from "../actor.js";
import { errorReply } from "../error-reply.js";
import type { SarAccessAction } from "../okta/sar-triage-types.js";
import type { SarId } from "../okta/types.js";
import type { CallOptions } from "../ports.js";
import type { PersonView, Reply } from "../replies.js";
import type { JsonValue, TriageActionRecord } from "../store.js";
import { doneFromRecord, EFFECT, recordActor, VERBS } from "./action-records.js";
import { MAX_PAGES } from "./map-view.js";
import type { TriageContext } from "./triage-context.js";
import { ITEM_PAGE_LIMIT, type TriageReads } from "./triage-reads.js";
import { actionWord } from "./text.js";
import type { TriageView } from "./types.js";

/** A click under way longer than this is taken for a crashed replica's: it is re-checked, not waited for. */
const STALE_PENDING_MS = 2 * 60_000;

export type ActionClaims = ReturnType<typeof createActionClaims>;

export function createActionClaims(ctx: TriageContext, reads: Pick<TriageReads, "findItem">) {
  const { cache } = ctx;
  const { store, okta, clock, logger } = ctx.deps;
  const { findItem } = reads;

  /** Claims the click; a reply when it must not go ahead (a duplicate, or someone else's click under way). */
  async function claim(
    input: { sarId: SarId; accessId: string | null; action: string; idempotencyKey: string; note: string | undefined },
    actor: Actor,
    person: PersonView,
    opts: CallOptions,
    view: () => Promise<TriageView | undefined>,
  ): Promise<{ record: TriageActionRecord } | { reply: Reply }> {
    const attempt = () =>
      store.beginTriageAction({
        sarId: input.sarId,
        accessId: input.accessId,
        action: input.action,
        idempotencyKey: input.idempotencyKey,
        actor: recordActor(actor, person),
        note: input.note ?? null,
      });
    let begun = await attempt();
    if (begun.kind === "busy") {
      const stale = begun.record.state === "pending" && clock.now().getTime() - begun.record.createdAt.getTime() > STALE_PENDING_MS;
      if (begun.record.state === "unknown" || stale) {
        if ((await settleUnknown(begun.record, opts)) !== null) begun = await attempt();
      }
    }
    if (begun.kind === "started") return { record: begun.record };
    if (begun.kind === "busy") return { reply: busyReply(begun.record) };
    // The same click again: its first outcome, no Okta call.
    const first = begun.record;
    if (first.state === "done") {
      const current = await view();
      const done = doneFromRecord(first);
      return { reply: current !== undefined ? { type: "triage-action-done", done, triage: current } : { type: "text", private: true, text: `Already done: ${actionWord(done.action)}${done.item !== undefined ? ` ${done.item.name}` : ""}.` } };
    }
    if (first.state === "failed") {
      const message = typeof first.outcome?.message === "string" ? first.outcome.message : "This action did not go through.";
      return { reply: errorReply(typeof first.outcome?.code === "string" ? first.outcome.code : "failed", message) };
    }
    return { reply: busyReply(first) };
  }

  async function fail(record: TriageActionRecord, reply: Extract<Reply, { type: "error" }>, extra: { [key: string]: JsonValue } = {}): Promise<Reply> {
    await store.finishTriageAction(record.id, "failed", { ...(record.outcome ?? {}), ...extra, code: reply.code, message: reply.message });
    return reply;
  }

  function busyReply(record: TriageActionRecord): Reply {
    const who = record.actor.displayName !== undefined ? `${record.actor.displayName} (${record.actor.login})` : record.actor.login;
    const verb = VERBS[record.action] ?? "change this";
    const unknown = record.state === "unknown" ? " Okta has not confirmed it yet; the bot checks before anyone tries again." : " The card updates when it is done.";
    return errorReply("in_progress", `${who} is already about to ${verb}.${unknown}`);
  }

  /** Whether an action of unknown outcome took effect (re-read); null when the re-read failed too. */
  async function checkUnknown(sarId: SarId, accessId: string | null, action: string, opts: CallOptions): Promise<boolean | null> {
    try {
      return await tookEffect(sarId, accessId, action, opts);
    } catch (err) {
      logger.warn({ err, sarId, action }, "could not re-read an action of unknown outcome");
      return null;
    }
  }

  /** The answer when Okta did not confirm and the re-read says it did not land (failed) or cannot tell (stays unknown). */
  async function unconfirmed(record: TriageActionRecord, took: false | null, what: string, sarId: SarId, outcome: { [key: string]: JsonValue }): Promise<Reply> {
    cache.invalidate(sarId);
    if (took === null) {
      return errorReply("okta_outcome_unknown", `Okta did not confirm ${what}, and the bot could not check it yet.`, "Click again in a minute: the bot checks first and does not do it twice.");
    }
    return fail(record, errorReply("okta_outcome_unknown", `Okta did not confirm ${what}, and it did not take effect.`, "You can click again."), { ...outcome, settledBy: "re-read" });
  }

  /** Settles a click whose outcome Okta did not confirm: re-read, then done or failed. Null when the re-read failed too. */
  async function settleUnknown(record: TriageActionRecord, opts: CallOptions): Promise<"done" | "failed" | null> {
    try {
      const took = await tookEffect(record.sarId as SarId, record.accessId, record.action, opts);
      const state = took ? "done" : "failed";
      await store.finishTriageAction(record.id, state, { ...(record.outcome ?? {}), settledBy: "re-read", tookEffect: took });
      return state;
    } catch (err) {
      logger.warn({ err, sarId: record.sarId, action: record.action }, "could not re-read a triage action of unknown outcome");
      return null;
    }
  }

  async function tookEffect(sarId: SarId, accessId: string | null, action: string, opts: CallOptions): Promise<boolean> {
    if (accessId !== null) {
      const item = await findItem(sarId, accessId, opts);
      const expected = EFFECT[action as SarAccessAction] ?? [];
      return item !== undefined && typeof item.remediationStatus === "string" && expected.includes(item.remediationStatus);
    }
    if (action === "CLOSE_REVIEW") return (await okta.getSecurityAccessReview(sarId, opts)).status === "CLOSED";
    if (action === "RESTORE_ALL_ACCESS") {
      // Restored: no item is revoked or being revoked any more.
      let after: string | undefined;
      for (let n = 0; n < MAX_PAGES; n += 1) {
        const page = await okta.listSecurityAccessReviewAccesses(sarId, { limit: ITEM_PAGE_LIMIT, ...(after !== undefined && { after }) }, opts);
        if (page.items.some((i) => i.remediationStatus === "REMEDIATED")) return false;
        if (page.nextAfter === undefined) return true;
        after = page.nextAfter;
      }
    }
    return false;
  }

  return { claim, fail, checkUnknown, unconfirmed };
}
