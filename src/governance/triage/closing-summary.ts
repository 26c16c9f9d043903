/**
 * The closing summary's counts (revoked, restored, flagged, left as they
 * were) from each item's remediation status and, where Okta no longer says
 * (a restore ends back at NONE), the bot's own finished actions.
 */
import type { SarAccessItem } from "../okta/sar-triage-types.js";
import type { TriageActionRecord } from "../store.js";
import type { TriageClosingSummary } from "./types.js";

export function countClosing(items: readonly SarAccessItem[], doneActions: readonly TriageActionRecord[]): TriageClosingSummary {
  const lastByItem = new Map<string, string>();
  const everRevoked = new Set<string>();
  let restoredAll = false;
  for (const action of doneActions) {
    if (action.accessId !== null) {
      lastByItem.set(action.accessId, action.action);
      if (action.action === "REVOKE_ACCESS") everRevoked.add(action.accessId);
    } else if (action.action === "RESTORE_ALL_ACCESS") {
      restoredAll = true;
    }
  }
  const summary: TriageClosingSummary = { revoked: 0, restored: 0, flagged: 0, untouched: 0 };
  for (const item of items) {
    const last = lastByItem.get(item.id);
    switch (item.remediationStatus) {
      case "REMEDIATED":
      case "IN_PROGRESS":
        // A restore is IN_PROGRESS on its way back too.
        if (last === "RESTORE_ACCESS") summary.restored += 1;
        else summary.revoked += 1;
        break;
      case "PENDING_MANUAL_REMEDIATION":
        summary.flagged += 1;
        break;
      case "PENDING_MANUAL_RESTORATION":
        summary.restored += 1;
        break;
      default:
        if (last === "RESTORE_ACCESS" || (restoredAll && everRevoked.has(item.id))) summary.restored += 1;
        else if (item.remediationStatus === undefined && last === "REVOKE_ACCESS") summary.revoked += 1;
        else if (item.remediationStatus === undefined && last?.startsWith("FLAG_") === true) summary.flagged += 1;
        else summary.untouched += 1;
    }
  }
  return summary;
}
