/**
 * The triage service's reads: the card (`openTriage`, `sharedView`), an
 * item's Details, summaries and the closing summary, with the review cache
 * in front of Okta. A cold card is 3 Okta calls (review, principal, one page
 * of items); Details 2 (sub-accesses, anomalies); warm reads (same review
 * within the cache TTL, per process) none.
 *
 * Who may read is decided here too (`authorizeRead`); the actions reuse
 * `peopleOf`, `findItem` and `buildView`.
 */
import type { Actor } from "../actor.js";
import { errorReply } from "../error-reply.js";
import { NotAllowed } from "../errors.js";
import type { ResolvedActor } from "../identity/types.js";
import { SAR_ACCESS_ACTIONS, SAR_ACCESS_ORDER_BY_PRIORITY, type SarAccessAction, type SarAccessItem } from "../okta/sar-triage-types.js";
import type { Page, SarId } from "../okta/types.js";
import type { CallOptions } from "../ports.js";
import type { LaunchRecord } from "../store.js";
import { countClosing } from "./closing-summary.js";
import { decodeCursor, detailsView, itemView, MAX_PAGES, pageOf, triageView, type PageTrail, type ReviewRead } from "./map-view.js";
import { interactive, type TriageContext } from "./triage-context.js";
import { checkAccessId, checkSarId, checkSarIdOrThrow, LAUNCH_REFERENCE, refuse, replyOf, SAR_ID } from "./triage-input.js";
import { TRIAGE_PAGE_SIZE, type TriageClosingSummary, type TriageCore, type TriageView, type TriageViewer, type TriageViews } from "./types.js";
import { controlsForStatus, personalControls, SHARED_CONTROLS, type ReviewPeople } from "./who-may-act.js";

/** Items per Okta page when every page is read (finding one item, the closing summary, a re-read). */
export const ITEM_PAGE_LIMIT = 200;

export function peopleOfRead(read: ReviewRead): ReviewPeople {
  return { principalId: read.principal.id, reviewerIds: read.sar.reviewerSettings.userSettings?.includedUserIds ?? [] };
}

export type TriageReads = ReturnType<typeof createTriageReads>;

export function createTriageReads(ctx: TriageContext) {
  const { deps, cache } = ctx;
  const { store, okta, identity, policy, clock, logger } = deps;

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

  const service: Pick<TriageCore, "openTriage" | "triageDetails" | "triageSummarize"> & TriageViews = {
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
        return replyOf(err, logger, actor, `No security access review ${ref} in Okta.`);
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
        return replyOf(err, logger, actor, "No such review or access item in Okta.");
      }
    },

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
        return replyOf(err, logger, actor, "No such review or access item in Okta.");
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

  return { service, findItem, launchOfSar, peopleOf, buildView, closingSummaryOf };
}
