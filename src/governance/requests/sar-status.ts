/**
 * A security access review as shown in chat, with its access counts once
 * it is ACTIVE (Okta has built the item list by then). The counts are a
 * nicety: when they cannot be fetched the review is shown without them.
 */
import type { Logger } from "pino";
import { OktaError } from "../okta/errors.js";
import type { SarId, SecurityAccessReview } from "../okta/types.js";
import type { CallOptions, OktaGovernance } from "../ports.js";
import type { SarView } from "../replies.js";
import { toSarView } from "../sar/views.js";

/** Pages of 200 access items read for the counts at most; a bigger review shows a lower bound. */
const MAX_ACCESS_PAGES = 5;
const PAGE_SIZE = 200;

/** Access items of a review in all, and per severity Okta assigns (`high`, `medium`, `low`). */
export async function sarAccessCounts(okta: OktaGovernance, id: SarId, call: CallOptions): Promise<Record<string, number>> {
  const counts: Record<string, number> = { accessItems: 0 };
  let after: string | undefined;
  let pages = 0;
  do {
    const page = await okta.listSecurityAccessReviewAccesses(id, { limit: PAGE_SIZE, ...(after !== undefined && { after }) }, call);
    pages += 1;
    for (const item of page.items) {
      counts.accessItems = (counts.accessItems ?? 0) + 1;
      const severity = typeof item.severity === "string" ? item.severity.toLowerCase() : undefined;
      if (severity !== undefined && /^[a-z_]{1,20}$/.test(severity)) counts[severity] = (counts[severity] ?? 0) + 1;
    }
    after = page.nextAfter;
  } while (after !== undefined && pages < MAX_ACCESS_PAGES);
  return counts;
}

/** The view of `sar`, with access counts when it is ACTIVE and they can be had. */
export async function sarViewWithCounts(okta: OktaGovernance, sar: SecurityAccessReview, call: CallOptions, logger: Logger): Promise<SarView> {
  if (sar.status !== "ACTIVE") return toSarView(sar);
  try {
    return toSarView(sar, { stats: await sarAccessCounts(okta, sar.id, call) });
  } catch (err) {
    if (!(err instanceof OktaError)) throw err;
    logger.info({ ...err.toLog(), sarId: sar.id, correlationId: call.correlationId }, "access counts unavailable; showing the review without them");
    return toSarView(sar);
  }
}

/** Fetches a review and builds its view. */
export async function loadSarView(okta: OktaGovernance, id: SarId, call: CallOptions, logger: Logger): Promise<SarView> {
  return sarViewWithCounts(okta, await okta.getSecurityAccessReview(id, call), call, logger);
}
