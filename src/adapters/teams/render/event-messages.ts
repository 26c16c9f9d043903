/**
 * What a later event of a flow posts into its thread (the notifier's
 * messages). `launch-updated` changes the launch card instead; the other
 * events become a thread reply rendered here.
 */
import type { GovernanceEvent } from "../../../governance/notifier.js";
import { card, plain, when } from "./card-kit.js";
import { personLabel } from "./launch-card.js";
import { escapeMarkdown, lines } from "./plain-text.js";
import { actionDoneText, closingSummaryText, triageText } from "../../../governance/triage/text.js";
import type { Rendered } from "./render-reply.js";
import { requestCard, requestText, sarCard, sarText } from "./status-cards.js";
import { closingSummaryCard, triageCard } from "./triage-card.js";

type ThreadEvent = Exclude<GovernanceEvent, { type: "launch-updated" }>;

function change(previous: string | null, now: string): string {
  return previous ? `${previous} → ${now}` : now;
}

export interface EventRenderOptions {
  /** The shared triage card's automatic-refresh users (Teams ids, at most 60). */
  triageRefreshUserIds?: readonly string[];
}

/** The thread reply for `event` (for `triage-updated`, the card that replaces the shown one). */
export function renderEvent(event: ThreadEvent, options: EventRenderOptions = {}): Rendered {
  switch (event.type) {
    case "launch-succeeded": {
      const text = `Security access review ${event.sar.id} launched for ${personLabel(event.launch.target)} (launch ${event.launch.reference}, status ${event.sar.status}).`;
      return { card: sarCard(event.sar, { title: "Security access review launched" }), text: lines(text, event.sar.url ? `Open: ${event.sar.url}` : undefined) };
    }
    case "launch-delayed": {
      const text = lines(
        `Launch ${event.launch.reference} is waiting: ${event.reason}`,
        `It is kept and retried${event.retryAt ? ` at ${when(event.retryAt)}` : ""}; nothing needs to be done.`,
      );
      return { card: card([plain(text, { color: "Warning" })], { fallbackText: escapeMarkdown(text) }), text };
    }
    case "launch-failed": {
      const text = lines(`Launch ${event.launch.reference} failed: ${event.message}`, event.hint);
      return { card: card([plain(text, { color: "Attention" })], { fallbackText: escapeMarkdown(text) }), text };
    }
    case "sar-status-changed":
      return {
        card: sarCard(event.sar, { title: `Review status: ${change(event.previousStatus, event.sar.status)}` }),
        text: lines(`Security access review ${event.sar.id}: ${change(event.previousStatus, event.sar.status)}`, sarText(event.sar)),
      };
    case "request-status-changed":
      return {
        card: requestCard(event.request, { title: `Request status: ${change(event.previousStatus, event.request.status)}` }),
        text: lines(`Access request ${event.request.id}: ${change(event.previousStatus, event.request.status)}`, requestText(event.request)),
      };
    // The thread's card is always the shared version: everyone sees it, the refresh gives each person theirs.
    case "triage-card":
    case "triage-updated": {
      const shared = { ...event.triage, viewer: { kind: "shared" as const } };
      const done = event.type === "triage-updated" && event.done !== undefined ? actionDoneText(event.done) : undefined;
      return {
        card: triageCard(shared, { ...(options.triageRefreshUserIds && { refreshUserIds: options.triageRefreshUserIds }), ...(done !== undefined && { notice: { text: done, tone: "Good" as const } }) }),
        text: lines(done, triageText(shared)),
        sharedTriage: { sarId: shared.sar.id },
      };
    }
    case "review-closed": {
      const text = closingSummaryText(event.triage.sar.id, event.summary);
      return { card: closingSummaryCard(event.triage, event.summary, event.closedBy), text };
    }
  }
}
