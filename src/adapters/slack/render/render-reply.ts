/**
 * The one renderer of the core's replies for Slack: a `switch` over
 * `Reply["type"]` producing Block Kit blocks plus a plain-text fallback,
 * and whether the reply is for the asker only (ephemeral) or the channel.
 */
import type { Reply } from "../../../governance/replies.js";
import { context, fields, message, section, type Block, type SlackMessage } from "./blocks.js";
import { inline, quote, userText } from "./mrkdwn.js";
import { personText } from "./people.js";
import { renderAuditLog, renderHelp, renderIdentityLinked, renderWhoami } from "./render-account.js";
import { renderDoctorReport } from "./render-doctor.js";
import { renderLaunchCard, renderLaunchQueued } from "./render-launch.js";
import { renderRequestList, renderRequestStatus, renderSarStatus } from "./render-status.js";
import { renderActionDone, renderTriageCard, renderTriageDetails, renderTriageSummary } from "./render-triage.js";

export interface RenderedReply extends SlackMessage {
  /** `private`: only the person who asked sees it; `channel`: everyone in the conversation. */
  audience: "private" | "channel";
}

export interface RenderOptions {
  /** The filter an audit page was asked with, carried by its "Next page" button. */
  auditTarget?: string;
}

type ErrorReply = Extract<Reply, { type: "error" }>;

/** Field names the core uses, as people read them. */
const FIELD_LABELS: Record<string, string> = {
  target: "User under review",
  reviewers: "Reviewers",
  durationDays: "Duration",
  reason: "Reason",
  incidentRef: "Incident reference",
  requestId: "Request id",
  id: "Id",
  text: "Message",
  status: "Status",
  user: "User",
  chatUser: "Chat user",
};

/** An error a person can act on: what happened, what to do, and which fields were wrong. */
export function renderError(reply: ErrorReply): SlackMessage {
  const blocks: Block[] = [section(`⚠️ ${inline(reply.message, 1000)}`)];
  const fieldLines = Object.entries(reply.fields ?? {})
    .filter(([, text]) => typeof text === "string" && text !== "" && !reply.message.includes(text))
    .map(([field, text]) => `• *${inline(FIELD_LABELS[field] ?? field, 60)}*: ${inline(text, 500)}`);
  if (fieldLines.length > 0) blocks.push(section(fieldLines.join("\n")));
  if (reply.hint !== undefined && reply.hint !== "") blocks.push(context(`💡 ${inline(reply.hint, 1000)}`));
  return message(`⚠️ ${inline(reply.message, 1000)}`, blocks);
}

const channel = (m: SlackMessage): RenderedReply => ({ ...m, audience: "channel" });
const personal = (m: SlackMessage): RenderedReply => ({ ...m, audience: "private" });

/** Renders any reply as a Slack message. */
export function renderReply(reply: Reply, options: RenderOptions = {}): RenderedReply {
  switch (reply.type) {
    case "text": {
      const body = userText(reply.text, 2900);
      const m = message(inline(reply.text, 2900), [section(body)]);
      return reply.private === false ? channel(m) : personal(m);
    }
    case "launch-form":
      // Forms are modals (views/launch-modal.ts); a form reaching a message is shown as a pointer to the command.
      return personal(message("Use /sar <user> <reason> to open the launch form.", [section("Use `/sar <user> <reason>` to open the launch form.")]));
    case "approval-card":
      return channel(renderLaunchCard(reply.launch));
    case "launch-queued":
      return channel(renderLaunchQueued(reply.launch));
    case "launch-status":
      return personal(renderLaunchCard(reply.launch, { interactive: false }));
    case "decision-recorded": {
      const what = {
        approved: "You approved this launch; the security access review is being created.",
        "awaiting-more": reply.decision === "approve" ? "Your approval is recorded; more approvals are needed." : "Your decision is recorded.",
        denied: "You denied this launch.",
      }[reply.outcome];
      const text = `${what} (launch \`${inline(reply.launch.reference, 40)}\` for ${personText(reply.launch.target)})`;
      return personal(message(text, [section(text)]));
    }
    case "sar-status":
      return channel(renderSarStatus(reply.sar));
    case "request-status":
      return channel(renderRequestStatus(reply.request));
    case "request-list":
      return channel(renderRequestList(reply));
    case "message-posted": {
      const lead = `💬 Message posted on access request \`${inline(reply.requestId, 40)}\``;
      return channel(message(lead, [section(`${lead}:\n${quote(reply.text, 2500)}`)]));
    }
    case "watch-started": {
      const what = reply.kind === "sar" ? "security access review" : "access request";
      const lead = reply.alreadyWatching
        ? `👀 The ${what} \`${inline(reply.id, 40)}\` is already watched; its changes are posted here.`
        : `👀 Watching the ${what} \`${inline(reply.id, 40)}\`: status changes will be posted in this thread.`;
      const blocks: Block[] = [section(lead)];
      if (reply.currentStatus !== undefined) blocks.push(...fields([["Current status", `*${inline(reply.currentStatus, 40)}*`]]));
      return channel(message(lead, blocks));
    }
    case "whoami":
      return personal(renderWhoami(reply));
    case "identity-linked":
      return personal(renderIdentityLinked(reply));
    case "audit-log":
      return personal(renderAuditLog(reply, options.auditTarget));
    case "help":
      return personal(renderHelp(reply.entries));
    case "version": {
      const text = `${inline(reply.name, 80)} ${inline(reply.version, 40)}`;
      return personal(message(text, [section(text)]));
    }
    case "doctor-report":
      return personal(renderDoctorReport(reply));
    case "triage-card": {
      // The shared card is for the channel; a person's own view (with their buttons) only for them.
      const card = renderTriageCard(reply.triage);
      return reply.triage.viewer.kind === "shared" ? channel(card) : personal(card);
    }
    case "triage-details":
      return personal(renderTriageDetails(reply.details));
    case "triage-action-done":
      return channel(renderActionDone(reply.done));
    case "triage-summary":
      return personal(renderTriageSummary(reply.sarId, reply.summary, reply.accessId));
    case "error":
      return personal(renderError(reply));
  }
}
