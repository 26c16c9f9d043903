/**
 * A launch as Slack shows it: the approval card (with Approve and Deny while
 * it waits), and the same card as it stands after decisions, expiry or launch.
 */
import type { LaunchView } from "../../../governance/replies.js";
import { ACTION_IDS } from "../surface.js";
import { actions, button, context, fields, header, message, section, type Block, type SlackMessage } from "./blocks.js";
import { inline, quote, slackDate } from "./mrkdwn.js";
import { chatPersonText, peopleText, personText } from "./people.js";

const TITLES: Record<LaunchView["state"], string> = {
  PENDING_APPROVAL: "⏳ Approval needed: security access review",
  APPROVED: "✅ Approved: creating the security access review",
  LAUNCHING: "✅ Approved: creating the security access review",
  LAUNCHED: "✅ Security access review launched",
  FAILED: "❌ Security access review could not be launched",
  DENIED: "🚫 Security access review denied",
  EXPIRED: "⌛ Approval request expired",
  CANCELED: "Security access review request canceled",
};

function decisionLines(launch: LaunchView): string[] {
  return launch.approval.decisions.map((decision) => {
    const who = chatPersonText(decision.approver);
    const when = slackDate(decision.at);
    return decision.decision === "approve"
      ? `✅ ${who} approved · ${when}${decision.verifiedAt ? ` · verified with Okta at ${slackDate(decision.verifiedAt)}` : ""}`
      : `🚫 ${who} denied · ${when}${decision.reason ? `: ${inline(decision.reason, 300)}` : ""}`;
  });
}

function outcomeLine(launch: LaunchView): string | undefined {
  if (launch.sarId !== null) return `Review \`${inline(launch.sarId, 40)}\`${launch.sarStatus ? ` · ${inline(launch.sarStatus, 40)}` : ""}`;
  if (launch.failure !== null) return `Failed: ${inline(launch.failure.message, 500)}`;
  if (launch.state === "EXPIRED") return "Nobody approved it in time. Start the review again if it is still needed.";
  return undefined;
}

/** The launch's details shared by every state of the card. */
function launchBody(launch: LaunchView, lead: string): Block[] {
  const pairs: [string, string][] = [
    ["User under review", personText(launch.target)],
    ["Reviewers", peopleText(launch.reviewers)],
    ["Review ends", slackDate(launch.endTime)],
    ["Launch reference", `\`${inline(launch.reference, 40)}\``],
  ];
  if (launch.incidentRef) pairs.push(["Incident", inline(launch.incidentRef, 100)]);
  if (launch.state === "PENDING_APPROVAL" && launch.approval.expiresAt !== null) pairs.push(["Approve before", slackDate(launch.approval.expiresAt)]);
  return [header(TITLES[launch.state]), section(lead), ...fields(pairs), section(`*Reason*\n${quote(launch.reason, 1000)}`)];
}

/** The approval card (buttons while it waits, unless `interactive` is false), or the card of a settled launch. */
export function renderLaunchCard(launch: LaunchView, options: { interactive?: boolean } = {}): SlackMessage {
  const requester = chatPersonText(launch.requester);
  const target = personText(launch.target);
  const blocks = launchBody(launch, `${requester} asks for a security access review of *${target}*.`);
  const notes = [...decisionLines(launch)];
  const outcome = outcomeLine(launch);
  if (outcome !== undefined) notes.push(outcome);
  if (notes.length > 0) blocks.push(context(notes.join("\n")));
  if (launch.state === "PENDING_APPROVAL" && options.interactive !== false) {
    const needed = launch.approval.minApprovals;
    const have = launch.approval.decisions.filter((d) => d.decision === "approve").length;
    if (needed > 1) blocks.push(context(`${have} of ${needed} approvals`));
    blocks.push(
      actions(`launch:${launch.id}`.slice(0, 255), [
        button({ actionId: ACTION_IDS.approve, text: "Approve", value: launch.id, style: "primary" }),
        button({ actionId: ACTION_IDS.deny, text: "Deny", value: launch.id, style: "danger" }),
      ]),
    );
  }
  const fallback = `${TITLES[launch.state]}: ${inline(launch.target.login)} (requested by ${inline(launch.requester.login)})`;
  return message(fallback, blocks);
}

/** A launch that needs no approval: accepted and running in the background. */
export function renderLaunchQueued(launch: LaunchView): SlackMessage {
  const requester = chatPersonText(launch.requester);
  const blocks = launchBody(launch, `${requester} started a security access review of *${personText(launch.target)}*. No approval is needed; it is being created in Okta.`);
  blocks[0] = header("🚀 Creating a security access review");
  return message(`Creating a security access review of ${inline(launch.target.login)}`, blocks);
}
