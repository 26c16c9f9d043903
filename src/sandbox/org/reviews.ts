/**
 * Security access reviews: created (with a snapshot of the principal's
 * access), read with their derived status, commented, closed or failed.
 */
import type { OrgContext } from "./context.js";
import type { Directory } from "./directory.js";
import { sarViewAt } from "./sar-lifecycle.js";
import type { SarRecord, SarStatus, SarView } from "./types.js";

export interface NewSar {
  id?: string;
  name: string;
  principalId: string;
  reviewerIds: string[];
  endTime: string;
  /** Who launched it (a user id or the OAuth client id). */
  createdBy: string;
}

export type SarStats = { activeCount: number; pendingCount: number; closedCount: number; errorCount: number };

export interface Reviews {
  /** How long a new review stays PENDING. */
  readonly sarActivationDelayMs: number;
  /** Creates a review without validating it (the API handler validates). */
  createSar(input: NewSar): SarView;
  getSar(id: string): SarView | undefined;
  listSars(): SarView[];
  /** Closes a review now, as `CLOSE_REVIEW` does. */
  closeSar(id: string, by?: string): SarView;
  /** Forces a review into ERROR (Okta's state when it could not build the review). */
  failSar(id: string): SarView;
  addSarComment(id: string, comment: string, by: string): SarView;
  /** Sets a new end time and/or reviewers, as `updateSecurityAccessReview` does (the handler validates). */
  updateSar(id: string, patch: { endTime?: string; reviewerIds?: string[] }, by: string): SarView;
  sarStats(): SarStats;
}

/** Creates the review store over `directory`. */
export function createReviews(ctx: OrgContext, directory: Directory, sarActivationDelayMs: number): Reviews {
  const sars = new Map<string, SarRecord>();
  const view = (record: SarRecord): SarView => sarViewAt(record, ctx.clock(), sarActivationDelayMs);
  const record = (id: string): SarRecord => {
    const found = sars.get(id);
    if (!found) throw new Error(`No security access review ${id} in the sandbox org`);
    return found;
  };

  return {
    sarActivationDelayMs,
    createSar(input) {
      const now = ctx.now();
      const accessItems = directory.appAccessOf(input.principalId).map((access) => ({
        id: ctx.ids("accessItem"),
        appId: access.app.id,
        name: access.app.label,
        assignmentType: access.assignmentType,
        assignedDate: access.assigned,
        groupNames: access.groupNames,
      }));
      const created: SarRecord = {
        id: input.id ?? ctx.ids("sar"),
        name: input.name,
        principalId: input.principalId,
        reviewerIds: [...input.reviewerIds],
        // One spelling for timestamps, so they sort as text.
        endTime: new Date(input.endTime).toISOString(),
        created: now,
        createdBy: input.createdBy,
        lastUpdated: now,
        lastUpdatedBy: input.createdBy,
        accessItems,
        comments: [],
      };
      if (sars.has(created.id)) throw new Error(`A security access review ${created.id} already exists`);
      sars.set(created.id, created);
      return view(created);
    },
    getSar(id) {
      const found = sars.get(id);
      return found && view(found);
    },
    listSars: () => [...sars.values()].map(view),
    closeSar(id, by) {
      const found = record(id);
      const now = ctx.now();
      found.closedAt = now;
      found.lastUpdated = now;
      if (by !== undefined) found.lastUpdatedBy = by;
      return view(found);
    },
    failSar(id) {
      const found = record(id);
      const now = ctx.now();
      found.errorAt = now;
      found.lastUpdated = now;
      return view(found);
    },
    addSarComment(id, comment, by) {
      const found = record(id);
      found.comments.push({ comment, createdBy: by, created: ctx.now() });
      return view(found);
    },
    updateSar(id, patch, by) {
      const found = record(id);
      if (patch.endTime !== undefined) found.endTime = new Date(patch.endTime).toISOString();
      if (patch.reviewerIds !== undefined) found.reviewerIds = [...patch.reviewerIds];
      found.lastUpdated = ctx.now();
      found.lastUpdatedBy = by;
      return view(found);
    },
    sarStats() {
      const counts: Record<SarStatus, number> = { PENDING: 0, ACTIVE: 0, CLOSED: 0, ERROR: 0 };
      for (const sar of sars.values()) counts[view(sar).status] += 1;
      return { activeCount: counts.ACTIVE, pendingCount: counts.PENDING, closedCount: counts.CLOSED, errorCount: counts.ERROR };
    },
  };
}
