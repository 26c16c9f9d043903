/**
 * Later events of a flow (PRODUCT.md 4.1 steps 4-5) as thread replies; the
 * `launch-updated` event re-renders the approval card instead.
 */
import type { GovernanceEvent } from "../../../governance/notifier.js";
import type { SarView } from "../../../governance/replies.js";
import { ACTION_IDS } from "../surface.js";
import { actions, button, context, fields, message, section, type Block, type SlackMessage } from "./blocks.js";
import { inline, safeUrl, slackDate } from "./mrkdwn.js";
import { personText } from "./people.js";
import { statsText } from "./render-status.js";
import { renderClosingSummary, renderTriageCard } from "./render-triage.js";

type ThreadEvent = Exclude<GovernanceEvent, { type: "launch-updated" }>;

function openInOkta(url: string | undefined): Block[] {
  const safe = safeUrl(url);
  return safe === undefined ? [] : [actions("sar:open", [button({ actionId: ACTION_IDS.openLink, text: "Open the review in Okta", url: safe })])];
}

function statsLine(sar: SarView): Block[] {
  const stats = statsText(sar.stats);
  return stats === undefined ? [] : [context(stats)];
}

function change(previous: string | null, current: string): string {
  return previous === null ? `*${inline(current, 40)}*` : `${inline(previous, 40)} → *${inline(current, 40)}*`;
}

/** A thread reply for an outcome or a status change. */
export function renderThreadEvent(event: ThreadEvent): SlackMessage {
  switch (event.type) {
    case "launch-succeeded": {
      const { sar, launch } = event;
      const lead = `✅ Security access review created for *${personText(launch.target)}*: \`${inline(sar.id, 40)}\` (${inline(sar.status, 40)}).`;
      const blocks: Block[] = [
        section(lead),
        ...fields([
          ["Name", inline(sar.name, 255)],
          ["Ends", slackDate(sar.endTime)],
        ]),
        ...openInOkta(sar.url),
      ];
      return message(`Security access review ${inline(sar.id)} created for ${inline(launch.target.login)}`, blocks);
    }
    case "launch-delayed": {
      const when = event.retryAt !== undefined ? ` Next try ${slackDate(event.retryAt)}.` : "";
      const text = `⏳ Okta did not take launch \`${inline(event.launch.reference, 40)}\` yet: ${inline(event.reason.replace(/[.\s]+$/, ""), 500)}. It is kept and retried.${when}`;
      return message(text, [section(text)]);
    }
    case "launch-failed": {
      const text = `❌ The security access review of *${personText(event.launch.target)}* could not be created: ${inline(event.message, 1000)}`;
      const blocks: Block[] = [section(text)];
      if (event.hint !== undefined && event.hint !== "") blocks.push(context(`💡 ${inline(event.hint, 1000)}`));
      blocks.push(context(`Launch \`${inline(event.launch.reference, 40)}\` · code \`${inline(event.code, 60)}\``));
      return message(text, blocks);
    }
    case "sar-status-changed": {
      const { sar } = event;
      const text = `🔄 Security access review \`${inline(sar.id, 40)}\` ${inline(sar.name, 200)}: ${change(event.previousStatus, sar.status)}`;
      return message(text, [section(text), ...statsLine(sar), ...openInOkta(sar.url)]);
    }
    case "request-status-changed": {
      const { request } = event;
      const grant = request.grantStatus !== undefined ? ` (grant ${inline(request.grantStatus, 40)})` : "";
      const text = `🔄 Access request \`${inline(request.id, 40)}\`: ${change(event.previousStatus, request.status)}${grant}`;
      return message(text, [section(text)]);
    }
    case "triage-card":
    case "triage-updated":
      return renderTriageCard(event.triage);
    case "review-closed":
      return renderClosingSummary(event.triage, event.summary, event.closedBy);
  }
}
