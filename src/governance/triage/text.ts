/**
 * Plain-text forms of the triage views: the fallback text of a card (Slack
 * `text`, Teams `fallbackText` and message text), the closing summary line,
 * and what a screen reader or a notification shows. Each platform renders
 * the card itself; user-supplied text is carried raw, escaping is the
 * renderer's job.
 */
import type { TriageActionDone, TriageClosingSummary, TriageDetailsView, TriageItemView, TriageView, SarAiSummary } from "./types.js";

const ACTION_WORDS: Readonly<Record<TriageActionDone["action"], string>> = {
  REVOKE_ACCESS: "Revoked",
  RESTORE_ACCESS: "Restored",
  FLAG_FOR_MANUAL_REMEDIATION: "Flagged for manual remediation",
  FLAG_FOR_MANUAL_RESTORATION: "Flagged for manual restoration",
  CLOSE_REVIEW: "Closed the review",
  RESTORE_ALL_ACCESS: "Restored all access",
  EXTEND: "Extended the review",
  REVIEWERS: "Changed the reviewers",
  COMMENT: "Commented",
};

/** "Revoked", "Closed the review", ... */
export function actionWord(action: TriageActionDone["action"]): string {
  return ACTION_WORDS[action];
}

function itemLine(item: TriageItemView): string {
  const parts = [item.name, item.type];
  if (item.priority !== undefined) parts.push(`priority ${item.priority}`);
  if (item.remediationStatus !== undefined && item.remediationStatus !== "NONE") parts.push(item.remediationStatus);
  if (item.anomalies.length > 0) parts.push(`${item.anomalies.length} anomal${item.anomalies.length === 1 ? "y" : "ies"}`);
  return `- ${parts.join(" · ")}`;
}

/** The card as text: who, the review, and the page's items. */
export function triageText(view: TriageView): string {
  const who = view.principal.login ?? view.principal.email;
  const lines = [
    `Security access review ${view.sar.id} of ${view.principal.displayName} (${who}): ${view.sar.status}, ends ${view.sar.endTime}${view.readOnly ? " (read-only)" : ""}`,
    ...view.items.map(itemLine),
  ];
  if (view.items.length === 0) lines.push("No access items on this page.");
  if (view.page.nextCursor !== undefined) lines.push(`More items follow (page ${view.page.index + 2}).`);
  return lines.join("\n");
}

/** An item's Details as text. */
export function triageDetailsText(details: TriageDetailsView): string {
  const lines = [`${details.item.name}: ${details.subAccesses.length} sub-access${details.subAccesses.length === 1 ? "" : "es"}`];
  for (const sub of details.subAccesses) lines.push(`- ${sub.name} (${sub.type}${sub.priority !== undefined ? `, ${sub.priority}` : ""})`);
  for (const anomaly of details.item.anomalies) lines.push(`! ${anomaly.text}`);
  if (details.truncated) lines.push("(more not shown)");
  return lines.join("\n");
}

/** "Revoked AWS Console (sam@example.com)". */
export function actionDoneText(done: TriageActionDone): string {
  const what = done.item !== undefined ? `${actionWord(done.action)} ${done.item.name}` : actionWord(done.action);
  return `${what}, by ${done.by.displayName ?? done.by.login}${done.note !== undefined && done.note !== "" ? `: ${done.note}` : ""}`;
}

/** The closing summary line. */
export function closingSummaryText(sarId: string, summary: TriageClosingSummary): string {
  return `Security access review ${sarId} is closed: ${summary.revoked} revoked, ${summary.restored} restored, ${summary.flagged} flagged, ${summary.untouched} left as they were.`;
}

/** An AI summary, or why there is none. */
export function summaryText(summary: SarAiSummary): string {
  switch (summary.status) {
    case "ok":
      return summary.message;
    case "unavailable":
      return `Okta could not summarise this: ${summary.message}`;
    case "not-enabled":
      return `Okta's AI summaries are not enabled for this org. ${summary.hint}`;
  }
}
