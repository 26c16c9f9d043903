/**
 * The Slack proposal card: an Okta risk event about a user, posted in the
 * incident channel with "Launch security access review". Every value from
 * Okta is hostile text (escaped, cut to size); repeats redraw the card
 * with the count and when the user was last seen.
 */
import type { ProposalRecord } from "../../governance/proposals/index.js";
import { actions, button, context, fields, header, message, section, type SlackMessage } from "./render/blocks.js";
import { inline, quote, slackDate } from "./render/mrkdwn.js";

/** `action_id` of the card's button; its value is the proposal id. */
export const PROPOSAL_LAUNCH_ACTION = "sar_proposal_launch";

function who(proposal: ProposalRecord): string {
  const login = `\`${inline(proposal.login, 254)}\``;
  return proposal.displayName === null ? login : `${inline(proposal.displayName)} (${login})`;
}

export function renderProposalCard(proposal: ProposalRecord): SlackMessage {
  const event = proposal.lastEvent;
  const risk = event.riskLevel === null ? "" : ` · risk *${inline(event.riskLevel, 20)}*`;
  const repeats =
    proposal.eventCount === 1
      ? `First seen ${slackDate(proposal.openedAt)}`
      : `*${proposal.eventCount} events* since ${slackDate(proposal.openedAt)} · last seen ${slackDate(proposal.lastSeenAt)} · types: ${proposal.eventTypes.map((t) => `\`${inline(t, 100)}\``).join(", ")}`;
  const pairs: [string, string][] = [
    ["User", who(proposal)],
    ["Okta user id", `\`${inline(proposal.oktaUserId, 40)}\``],
    ["Event", `\`${inline(event.eventType, 200)}\`${risk}`],
    ["When", slackDate(event.published)],
  ];
  if (event.reportedBy !== null) pairs.push(["Reported by", inline(event.reportedBy)]);
  if (event.where !== null) pairs.push(["From", inline(event.where)]);
  if (event.outcome !== null) pairs.push(["Outcome", inline(event.outcome)]);
  const fallback = `Okta risk event for ${proposal.displayName ?? proposal.login}: ${event.eventType}. Launch a security access review?`;
  return message(inline(fallback, 500), [
    header("Okta proposes a security access review"),
    section(`*What Okta saw:*\n${quote(event.summary, 500)}`),
    ...fields(pairs),
    context(repeats, `Repeats for this user until ${slackDate(proposal.windowEndsAt)} update this card.`),
    actions("sar_proposal", [button({ actionId: PROPOSAL_LAUNCH_ACTION, text: "Launch security access review", value: proposal.id, style: "primary" })]),
  ]);
}
