/**
 * The Teams proposal card (Adaptive Card 1.5): an Okta risk event about a
 * user with "Launch security access review", which opens the launch form
 * in a task module (`task/fetch`). Okta's text only goes into TextRuns,
 * never markdown; repeats redraw it with the count and last seen time.
 */
import type { ProposalRecord } from "../../governance/proposals/index.js";
import { card, container, fact, heading, note, plain, type AdaptiveCard } from "./render/card-kit.js";
import { when } from "./render/card-kit.js";
import type { Rendered } from "./render/render-reply.js";

/** `data.verb` of the card's button (a `task/fetch` Action.Submit). */
export const PROPOSAL_LAUNCH_VERB = "proposal.launch";

export function proposalCard(proposal: ProposalRecord): AdaptiveCard {
  const event = proposal.lastEvent;
  const user = proposal.displayName === null ? proposal.login : `${proposal.displayName} (${proposal.login})`;
  const details = [
    fact("User", user),
    fact("Okta user id", proposal.oktaUserId),
    fact("Event", event.riskLevel === null ? event.eventType : `${event.eventType}, risk ${event.riskLevel}`),
    fact("When", when(event.published)),
    ...(event.reportedBy === null ? [] : [fact("Reported by", event.reportedBy)]),
    ...(event.where === null ? [] : [fact("From", event.where)]),
    ...(event.outcome === null ? [] : [fact("Outcome", event.outcome)]),
  ];
  const repeats =
    proposal.eventCount === 1
      ? `First seen ${when(proposal.openedAt)}.`
      : `${proposal.eventCount} events since ${when(proposal.openedAt)}; last seen ${when(proposal.lastSeenAt)}; types: ${proposal.eventTypes.join(", ")}.`;
  return card(
    [
      heading("Okta proposes a security access review", { color: "Attention" }),
      note("What Okta saw:"),
      plain(event.summary),
      container(details, { separator: true }),
      plain(repeats, { subtle: true }),
      plain(`Repeats for this user until ${when(proposal.windowEndsAt)} update this card.`, { subtle: true }),
    ],
    {
      actions: [{ type: "Action.Submit", title: "Launch security access review", style: "positive", data: { msteams: { type: "task/fetch" }, verb: PROPOSAL_LAUNCH_VERB, proposalId: proposal.id } }],
      fallbackText: `Okta risk event for ${user}: ${event.eventType}. Launch a security access review?`,
    },
  );
}

export function renderProposal(proposal: ProposalRecord): Rendered {
  const user = proposal.displayName ?? proposal.login;
  return { card: proposalCard(proposal), text: `Okta proposes a security access review for ${user}: ${proposal.lastEvent.eventType}` };
}
