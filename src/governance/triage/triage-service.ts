/**
 * Triage and remediation of a security access review in chat (PRODUCT 4.4):
 * the card (principal, review, items highest priority first, 10 a page),
 * an item's Details, item actions (revoke, restore, flag), review actions
 * (close, restore all), updates (end time, reviewers), comments and AI
 * summaries.
 *
 * - Reads: a cold card is 3 Okta calls (review, principal, one page of
 *   items); Details 2 (sub-accesses, anomalies); warm reads (same review
 *   within the cache TTL, per process) none. Actions drop the cache.
 * - Who may act is decided before any Okta call, from the launch record or
 *   a cached read (`./who-may-act.ts`); a refusal never reaches Okta.
 * - Exactly once: each click is a `triage_actions` row (its idempotency key
 *   unique; one row per review, item and action under way), so a
 *   duplicate delivery returns the first outcome and a concurrent click
 *   is told who is already doing it. An unknown outcome is never re-sent:
 *   the item (or the review) is re-read to see whether it took effect.
 * - After each action: a SAR comment naming the person, audit entries, the
 *   shared cards updated in place (`triage-updated`), and the actor's view.
 */
import type { Logger } from "pino";
import type { Actor } from "../actor.js";
import { auditActor, type AuditRecorder } from "../audit/index.js";
import { errorReply, errorReplyFor } from "../error-reply.js";
import { GovernanceError, NotAllowed } from "../errors.js";
import type { IdentityResolver, ResolvedActor } from "../identity/types.js";
import type { Notifier } from "../notifier.js";
import { OktaError, OktaOutcomeUnknown } from "../okta/errors.js";
import {
  SAR_ACCESS_ACTIONS,
  SAR_ACCESS_ORDER_BY_PRIORITY,
  SAR_REVIEW_ACTIONS,
  type SarAccessAction,
  type SarAccessItem,
  type SarReviewAction,
} from "../okta/sar-triage-types.js";
import type { OktaUserId, Page, SarId } from "../okta/types.js";
import type { Policy } from "../policy/index.js";
import type { CallOptions, Clock, OktaGovernance } from "../ports.js";
import type { PersonView, Reply } from "../replies.js";
import type { GovernanceStore, JsonValue, LaunchRecord, TriageActionActor, TriageActionRecord } from "../store.js";
import type { StepUpProof } from "../stepup/step-up-records.js";
import type { TriageCardStore } from "../store/triage-cards.js";
import { actionWord } from "./text.js";
import { countClosing } from "./closing-summary.js";
import { triageFingerprint } from "./fingerprint.js";
import { decodeCursor, detailsView, itemView, MAX_PAGES, pageOf, triageView, type PageTrail, type ReviewRead } from "./map-view.js";
import { DEFAULT_TRIAGE_CACHE_TTL_MS, ReviewCache } from "./review-cache.js";
import {
  TRIAGE_PAGE_SIZE,
  type CommentInput,
  type ItemActionInput,
  type ReviewActionInput,
  type TriageActionDone,
  type TriageClosingSummary,
  type TriageCore,
  type TriageView,
  type TriageViewer,
  type TriageViews,
  type UpdateReviewInput,
} from "./types.js";
import { controlsForStatus, mayAct, personalControls, permissionFor, SHARED_CONTROLS, type ActCheck, type ReviewPeople, type TriageActionKind } from "./who-may-act.js";

/** Under `approval.sar.remediate.stepUp`: makes the private sign-in link for an item action (the step-up service). */
export interface ItemActionStepUp {
  challenge(actor: Actor, person: { oktaUserId: OktaUserId }, input: ItemActionInput, acrValues: string | null): Promise<Reply>;
}

export interface TriageServiceDeps {
  store: GovernanceStore;
  /** Where the review's shared cards are (updated in place after an action); absent: none are updated. */
  cards?: Pick<TriageCardStore, "listTriageCards" | "recordTriageSeen">;
  okta: OktaGovernance;
  identity: IdentityResolver;
  policy: Policy;
  audit: AuditRecorder;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
  /** Link to a SAR in the Okta console, when known. */
  reviewUrl?: (sarId: string) => string | undefined;
  /** How long reads are reused (default 60 s). */
  cacheTtlMs?: number;
  /** Step-up sign-in for item actions; without it a policy asking for one refuses them. */
  stepUp?: ItemActionStepUp;
}

export interface TriageService extends Omit<TriageCore, "attachTriageCard">, TriageViews {
  /** An item action after the person proved who they are to Okta (the step-up callback); exactly once per click. */
  itemActionVerified(actor: Actor, input: ItemActionInput, proof: StepUpProof): Promise<Reply>;
}

const SAR_ID = /^sar[0-9A-Za-z]{17}$/;
const ACCESS_ID = /^[0-9A-Za-z]{8,40}$/;
const LAUNCH_REFERENCE = /^L[0-9A-Z]{6}$/i;
const MAX_KEY = 200;
const MAX_NOTE = 500;
const MAX_COMMENT = 1000;
const DAY_MS = 86_400_000;
/** Okta: an end time at most six months ahead (184 days is the client's own bound; 6 months here). */
const MAX_EXTEND_MS = 183 * DAY_MS;
/** A click under way longer than this is taken for a crashed replica's: it is re-checked, not waited for. */
const STALE_PENDING_MS = 2 * 60_000;
const ITEM_PAGE_LIMIT = 200;

type ActionName = TriageActionDone["action"];

const interactive = (actor: Pick<Actor, "correlationId">): CallOptions => ({ correlationId: actor.correlationId, priority: "interactive" });

/** What each item action leaves the item's remediation status as, once it took effect. */
const EFFECT: Readonly<Record<SarAccessAction, readonly string[]>> = {
  REVOKE_ACCESS: ["IN_PROGRESS", "REMEDIATED"],
  RESTORE_ACCESS: ["IN_PROGRESS", "NONE"],
  FLAG_FOR_MANUAL_REMEDIATION: ["PENDING_MANUAL_REMEDIATION"],
  FLAG_FOR_MANUAL_RESTORATION: ["PENDING_MANUAL_RESTORATION"],
};

/** What a click under way is doing, for "X is already about to ...". */
const VERBS: Readonly<Record<string, string>> = {
  REVOKE_ACCESS: "revoke this access",
  RESTORE_ACCESS: "restore this access",
  FLAG_FOR_MANUAL_REMEDIATION: "flag this access for manual remediation",
  FLAG_FOR_MANUAL_RESTORATION: "flag this access for manual restoration",
  CLOSE_REVIEW: "close this review",
  RESTORE_ALL_ACCESS: "restore all access of this review",
  EXTEND: "extend this review",
  REVIEWERS: "change the reviewers",
  COMMENT: "comment on this review",
};

/** The item actions as the card's buttons name them. */
const BUTTONS: Readonly<Record<SarAccessAction, string>> = {
  REVOKE_ACCESS: "Revoke",
  RESTORE_ACCESS: "Restore",
  FLAG_FOR_MANUAL_REMEDIATION: "Flag for manual remediation",
  FLAG_FOR_MANUAL_RESTORATION: "Flag for manual restoration",
};

class Refused extends Error {
  constructor(readonly reply: Extract<Reply, { type: "error" }>) {
    super(reply.message);
  }
}

const refuse = (code: string, message: string, hint?: string): never => {
  throw new Refused(errorReply(code, message, hint));
};

function checkSarId(raw: unknown): SarId {
  const text = typeof raw === "string" ? raw.trim() : "";
  if (!SAR_ID.test(text)) refuse("validation_failed", `"${text.slice(0, 40)}" is not a security access review id: they start with "sar" and have 20 letters and digits.`);
  return text as SarId;
}

function checkAccessId(raw: unknown): string {
  const text = typeof raw === "string" ? raw.trim() : "";
  if (!ACCESS_ID.test(text)) refuse("validation_failed", `"${text.slice(0, 40)}" is not an access item id of a review.`);
  return text;
}

function checkKey(raw: unknown): string {
  if (typeof raw !== "string" || raw.trim() === "" || raw.length > MAX_KEY) refuse("validation_failed", "The click carried no valid id; reload the card and try again.");
  return raw as string;
}

function checkNote(raw: unknown, max = MAX_NOTE): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== "string") refuse("validation_failed", "The note must be text.");
  const text = (raw as string).trim();
  if (text === "") return undefined;
  const n = [...text].length;
  if (n > max) refuse("validation_failed", `The note may have at most ${max} characters (it has ${n}).`);
  return text;
}

function personOf(resolved: ResolvedActor): PersonView {
  const p = resolved.user.profile;
  const name = [p.firstName, p.lastName].filter((x) => typeof x === "string" && x !== "").join(" ");
  return { oktaUserId: resolved.user.id, login: p.login, ...(name !== "" && { displayName: name }) };
}

function recordActor(actor: Actor, person: PersonView): TriageActionActor {
  return {
    platform: actor.platform,
    tenantId: actor.tenantId,
    chatUserId: actor.userId,
    oktaUserId: person.oktaUserId as OktaUserId,
    login: person.login,
    ...(person.displayName !== undefined && { displayName: person.displayName }),
  };
}

const cut = (text: string, max: number) => ([...text].length <= max ? text : `${[...text].slice(0, max - 1).join("")}…`);

/** `Revoked Salesforce - sam@example.com via chat: <note>`, at most 1000 characters. */
export function attributionComment(action: ActionName, login: string, itemName: string | undefined, note: string | undefined): string {
  const what = itemName === undefined ? actionWord(action) : `${actionWord(action)} ${cut(itemName, 200)}`;
  return cut(`${what} - ${login} via chat${note !== undefined ? `: ${note}` : ""}`, MAX_COMMENT);
}

function doneFromRecord(record: TriageActionRecord): TriageActionDone {
  const outcome = record.outcome ?? {};
  const itemName = typeof outcome.itemName === "string" ? outcome.itemName : undefined;
  return {
    sarId: record.sarId,
    ...(record.accessId !== null && { item: { id: record.accessId, name: itemName ?? record.accessId } }),
    action: record.action as ActionName,
    by: { oktaUserId: record.actor.oktaUserId, login: record.actor.login, ...(record.actor.displayName !== undefined && { displayName: record.actor.displayName }) },
    ...(record.note !== null && { note: record.note }),
    at: record.finishedAt ?? record.createdAt,
    comment: typeof outcome.comment === "string" ? outcome.comment : "",
  };
}

export function createTriageService(deps: TriageServiceDeps): TriageService {
  const { store, okta, identity, policy, audit, clock, logger } = deps;
  const cache = new ReviewCache(clock, deps.cacheTtlMs ?? DEFAULT_TRIAGE_CACHE_TTL_MS);

  // --- reads -----------------------------------------------------------------

  async function readReview(sarId: SarId, opts: CallOptions, fresh = false): Promise<ReviewRead> {
    const cached = fresh ? undefined : cache.review(sarId);
    if (cached !== undefined) return cached;
    const [sar, principal] = await Promise.all([okta.getSecurityAccessReview(sarId, opts), okta.getSecurityAccessReviewPrincipalDetails(sarId, opts)]);
    const read = { sar, principal };
    cache.putReview(sarId, read);
    return read;
  }

  async function readPage(sarId: SarId, after: string | null, opts: CallOptions, fresh = false): Promise<Page<SarAccessItem>> {
    const cached = fresh ? undefined : cache.page(sarId, after);
    if (cached !== undefined) return cached;
    const page = await okta.listSecurityAccessReviewAccesses(
      sarId,
      { orderBy: SAR_ACCESS_ORDER_BY_PRIORITY, limit: TRIAGE_PAGE_SIZE, ...(after !== null && { after }) },
      opts,
    );
    cache.putPage(sarId, after, page);
    return page;
  }

  /** One item read fresh from Okta (every page until found), or undefined when the review has no such item. */
  async function findItem(sarId: SarId, accessId: string, opts: CallOptions): Promise<SarAccessItem | undefined> {
    let after: string | undefined;
    for (let n = 0; n < MAX_PAGES; n += 1) {
      const page = await okta.listSecurityAccessReviewAccesses(sarId, { orderBy: SAR_ACCESS_ORDER_BY_PRIORITY, limit: ITEM_PAGE_LIMIT, ...(after !== undefined && { after }) }, opts);
      const found = page.items.find((i) => i.id === accessId);
      if (found !== undefined || page.nextAfter === undefined) return found;
      after = page.nextAfter;
    }
    return undefined;
  }

  async function launchOfSar(sarId: SarId): Promise<LaunchRecord | null> {
    const launchId = await store.findLaunchIdBySar(sarId);
    return launchId === null ? null : store.getLaunch(launchId);
  }

  function peopleOfRead(read: ReviewRead): ReviewPeople {
    return { principalId: read.principal.id, reviewerIds: read.sar.reviewerSettings.userSettings?.includedUserIds ?? [] };
  }

  /** Who the principal and reviewers are, with no Okta call when the bot launched the review or read it lately. */
  async function peopleOf(sarId: SarId, opts: CallOptions): Promise<{ people: ReviewPeople; launch: LaunchRecord | null }> {
    const launch = await launchOfSar(sarId);
    const cached = cache.review(sarId);
    if (cached !== undefined) return { people: peopleOfRead(cached), launch };
    if (launch !== null) return { people: { principalId: launch.target.oktaUserId, reviewerIds: launch.reviewerIds }, launch };
    return { people: peopleOfRead(await readReview(sarId, opts)), launch };
  }

  /**
   * Who may see a review's card, Details and summaries: a role with `sar.read`, or, under `sar.reviewersMayAct`,
   * one of the review's assigned reviewers (they may act on it, so they see what they act on).
   */
  async function authorizeRead(actor: Actor, sarId: SarId, launch: LaunchRecord | null): Promise<ResolvedActor> {
    try {
      return await identity.authorize(actor, "sar.read", { correlationId: actor.correlationId, ...(launch !== null && { target: launch.target.oktaUserId }) });
    } catch (err) {
      if (!(err instanceof NotAllowed) || !policy.sar.reviewersMayAct) throw err;
      const resolved = await identity.resolveActor(actor, { correlationId: actor.correlationId });
      const { people } = await peopleOf(sarId, interactive(actor));
      if (!people.reviewerIds.includes(resolved.user.id)) throw err;
      return resolved;
    }
  }

  async function buildView(
    sarId: SarId,
    viewer: TriageViewer,
    person: { oktaUserId: string; grants: ResolvedActor["grants"] } | undefined,
    trail: PageTrail,
    opts: CallOptions,
    options: { fresh?: boolean; launch?: LaunchRecord | null } = {},
  ): Promise<TriageView> {
    const fresh = options.fresh ?? false;
    const after = trail[trail.length - 1] ?? null;
    const [review, page] = await Promise.all([readReview(sarId, opts, fresh), readPage(sarId, after, opts, fresh)]);
    const people = peopleOfRead(review);
    let itemActions: readonly SarAccessAction[] = SAR_ACCESS_ACTIONS;
    let controls = SHARED_CONTROLS;
    if (viewer.kind === "person") {
      if (person === undefined || person.oktaUserId === people.principalId) {
        itemActions = [];
        controls = [];
      } else {
        ({ itemActions, controls } = personalControls(policy, person, people));
      }
    }
    const launch = options.launch !== undefined ? options.launch : await launchOfSar(sarId);
    const url = deps.reviewUrl?.(sarId);
    return triageView({
      review,
      items: page.items,
      anomalies: cache.anomalies(sarId),
      page: pageOf(trail, TRIAGE_PAGE_SIZE, page.nextAfter),
      viewer,
      itemActions,
      controls: controlsForStatus(review.sar.status, controls),
      readAt: clock.now(),
      ...(url !== undefined && { url }),
      ...(launch !== null && { launchReference: launch.reference }),
    });
  }

  /** A SAR id or a launch reference (whose launch must have created its review). */
  async function sarOfRef(ref: unknown): Promise<{ sarId: SarId; launch: LaunchRecord | null }> {
    const text = typeof ref === "string" ? ref.trim() : "";
    if (LAUNCH_REFERENCE.test(text)) {
      const launch = await store.getLaunchByReference(text.toUpperCase());
      if (launch === null) return refuse("not_found", `No launch ${text.toUpperCase()}.`, "Check the reference in the launch thread.");
      if (launch.sarId === null) return refuse("not_found", `Launch ${launch.reference} has no security access review yet (it is ${launch.state}).`);
      return { sarId: launch.sarId, launch };
    }
    if (SAR_ID.test(text)) return { sarId: text as SarId, launch: null };
    return refuse("validation_failed", `"${text.slice(0, 40)}" is neither a security access review id (sar…) nor a launch reference (L + 6 characters).`);
  }

  // --- shared steps of actions ---------------------------------------------

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
    await updateCards(args.sarId, done, args.launch, args.opts);
    return { type: "triage-action-done", done, triage: mine };
  }

  async function updateCards(sarId: SarId, done: TriageActionDone | undefined, launch: LaunchRecord | null, opts: CallOptions): Promise<void> {
    if (deps.cards === undefined) return;
    try {
      const cards = await deps.cards.listTriageCards(sarId);
      if (cards.length === 0) return;
      const shared = await buildView(sarId, { kind: "shared" }, undefined, [null], opts, { launch });
      const closed = shared.sar.status === "CLOSED";
      // What the cards now show is what the watch has seen: it does not post this change again. Whoever records
      // the review closed first (this action or the watch) posts the closing summary, once.
      const firstToSeeIt = await deps.cards.recordTriageSeen(sarId, triageFingerprint(shared), closed, clock.now());
      for (const card of cards) {
        try {
          await deps.notifier.notify(card.conversation, { type: "triage-updated", triage: shared, messageId: card.messageId, ...(done !== undefined && { done }) });
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
  }

  /** The closing summary's counts: every item page (up to MAX_PAGES) and the bot's own done actions. */
  async function closingSummaryOf(id: SarId): Promise<TriageClosingSummary> {
    const items: SarAccessItem[] = [];
    let after: string | undefined;
    for (let n = 0; n < MAX_PAGES; n += 1) {
      const page = await okta.listSecurityAccessReviewAccesses(id, { limit: ITEM_PAGE_LIMIT, ...(after !== undefined && { after }) }, { priority: "background" });
      items.push(...page.items);
      if (page.nextAfter === undefined) break;
      after = page.nextAfter;
    }
    const actions = await store.listTriageActions(id, { states: ["done"] });
    return countClosing(items, actions);
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

  /** Turns a thrown error into the reply (a refusal, a person-actionable error), or re-throws a bug. */
  function replyOf(err: unknown, actor: Actor, notFound?: string): Reply {
    if (err instanceof Refused) return err.reply;
    return errorReplyFor(err, { logger, correlationId: actor.correlationId, ...(notFound !== undefined && { notFound }) });
  }

  // --- item actions ----------------------------------------------------------

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
      return replyOf(err, actor, sarId === undefined ? undefined : `No security access review ${sarId} in Okta.`);
    }
  }

  // --- review actions --------------------------------------------------------

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
      return replyOf(err, actor, sarId === undefined ? undefined : `No security access review ${sarId} in Okta.`);
    }
  }

  // --- updates and comments --------------------------------------------------

  function checkEndTime(raw: string): string {
    const text = raw.trim();
    const ms = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T23:59:59Z`) : Date.parse(text);
    if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(ms)) refuse("validation_failed", `"${text.slice(0, 40)}" is not a date; give one such as 2030-01-31.`);
    const ahead = ms - clock.now().getTime();
    if (ahead < DAY_MS) refuse("validation_failed", "The new end time must be at least one day ahead.");
    if (ahead > MAX_EXTEND_MS) refuse("validation_failed", "The new end time must be at most six months ahead.");
    return new Date(ms).toISOString();
  }

  async function update(actor: Actor, raw: UpdateReviewInput): Promise<Reply> {
    let sarId: SarId | undefined;
    try {
      sarId = checkSarId(raw?.sarId);
      const idempotencyKey = checkKey(raw.idempotencyKey);
      if (raw.endTime === undefined && raw.reviewers === undefined) refuse("validation_failed", "Give a new end time or the reviewers.");
      const endTime = raw.endTime === undefined ? undefined : checkEndTime(String(raw.endTime));
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
      return replyOf(err, actor, sarId === undefined ? undefined : `No security access review ${sarId} in Okta.`);
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
      return replyOf(err, actor, sarId === undefined ? undefined : `No security access review ${sarId} in Okta.`);
    }
  }

  // --- the service -----------------------------------------------------------

  return {
    async openTriage(actor, input) {
      try {
        const trail = input?.cursor === undefined ? [null] : decodeCursor(String(input.cursor));
        if (trail === undefined) refuse("validation_failed", "That page of the card is not valid any more; open the review again.");
        const { sarId, launch: byRef } = await sarOfRef(input?.ref);
        const launch = byRef ?? (await launchOfSar(sarId));
        const resolved = await authorizeRead(actor, sarId, launch);
        const viewer: TriageViewer = input.viewer === "shared" ? { kind: "shared" } : { kind: "person", oktaUserId: resolved.user.id };
        const triage = await buildView(sarId, viewer, { oktaUserId: resolved.user.id, grants: resolved.grants }, trail!, interactive(actor), { launch });
        return { type: "triage-card", triage };
      } catch (err) {
        const ref = typeof input?.ref === "string" ? input.ref.trim().slice(0, 40) : "";
        return replyOf(err, actor, `No security access review ${ref} in Okta.`);
      }
    },

    async triageDetails(actor, input) {
      try {
        const sarId = checkSarId(input?.sarId);
        const accessId = checkAccessId(input.accessId);
        const launch = await launchOfSar(sarId);
        const resolved = await authorizeRead(actor, sarId, launch);
        const opts = interactive(actor);
        let details = cache.details(sarId, accessId);
        if (details === undefined) {
          const [subAccesses, anomalies] = await Promise.all([
            okta.listSecurityAccessReviewSubAccesses(sarId, accessId, { limit: 50 }, opts),
            okta.listSecurityAccessReviewAccessesAnomalies(sarId, accessId, opts),
          ]);
          details = { subAccesses, anomalies };
          cache.putDetails(sarId, accessId, details);
        }
        const item = cache.item(sarId, accessId) ?? (await findItem(sarId, accessId, opts));
        if (item === undefined) return errorReply("not_found", "This review has no such access item.");
        const review = await readReview(sarId, opts);
        const people = peopleOfRead(review);
        const { itemActions } = resolved.user.id === people.principalId ? { itemActions: [] } : personalControls(policy, { oktaUserId: resolved.user.id, grants: resolved.grants }, people);
        const view = itemView(item, details.anomalies, review.sar.status === "ACTIVE" ? itemActions : []);
        return { type: "triage-details", details: detailsView(sarId, view, details.subAccesses.items, details.subAccesses.nextAfter !== undefined) };
      } catch (err) {
        return replyOf(err, actor, "No such review or access item in Okta.");
      }
    },

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
        return replyOf(err, actor, "No such review in Okta.");
      }
    },

    triageItemAction: (actor, input) => itemAction(actor, input, undefined),
    itemActionVerified: (actor, input, proof) => itemAction(actor, input, proof),
    triageReviewAction: reviewAction,
    triageUpdate: update,
    triageComment: comment,

    async triageSummarize(actor, input) {
      try {
        const sarId = checkSarId(input?.sarId);
        const accessId = input.accessId === undefined ? undefined : checkAccessId(input.accessId);
        await authorizeRead(actor, sarId, await launchOfSar(sarId));
        const opts = interactive(actor);
        const summary =
          accessId === undefined ? await okta.generateSecurityAccessReviewSummary(sarId, opts) : await okta.generateSecurityAccessReviewAccessesSummary(sarId, accessId, opts);
        return { type: "triage-summary", sarId, ...(accessId !== undefined && { accessId }), summary };
      } catch (err) {
        return replyOf(err, actor, "No such review or access item in Okta.");
      }
    },

    async sharedView(sarId, options = {}) {
      const id = checkSarIdOrThrow(sarId);
      const trail = options.cursor === undefined ? [null] : decodeCursor(options.cursor);
      if (trail === undefined) throw new RangeError("not a triage cursor");
      return buildView(id, { kind: "shared" }, undefined, trail, { priority: "background" }, { fresh: options.fresh ?? false });
    },

    closingSummary: (sarId) => closingSummaryOf(checkSarIdOrThrow(sarId)),

    invalidate(sarId) {
      cache.invalidate(sarId);
    },
  };
}

function checkSarIdOrThrow(sarId: string): SarId {
  if (!SAR_ID.test(sarId)) throw new RangeError(`not a security access review id: ${sarId.slice(0, 40)}`);
  return sarId as SarId;
}
