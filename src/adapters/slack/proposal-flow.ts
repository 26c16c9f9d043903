/**
 * Proposals in Slack: the notifier that posts the card into the incident
 * channel (`chat.postMessage`) and redraws it on repeats (`chat.update`),
 * and the card's button, which opens the normal launch modal prefilled
 * from the proposal - same path, policy checks and approvals as `/sar`.
 * The approval card goes into the proposal's thread.
 */
import type { ProposalNotifier } from "../../governance/proposals/index.js";
import type { PlainAck } from "./flows/bolt-args.js";
import { actionPlace, interactionIds, type FlowDeps } from "./flows/deps.js";
import { openLaunchForm } from "./flows/launch-flow.js";
import { str } from "./payload.js";
import { renderProposalCard } from "./proposal-card.js";
import type { WebClient } from "./slack-web.js";

export function createSlackProposalNotifier(web: WebClient): ProposalNotifier {
  return {
    async post(channel, proposal) {
      const card = renderProposalCard(proposal);
      const posted = await web.chat.postMessage({ channel: channel.conversationId, text: card.text, blocks: card.blocks, unfurl_links: false, unfurl_media: false });
      if (typeof posted.ts !== "string") throw new Error("chat.postMessage answered without a ts");
      return posted.ts;
    },
    async update(channel, messageId, proposal) {
      const card = renderProposalCard(proposal);
      await web.chat.update({ channel: channel.conversationId, ts: messageId, text: card.text, blocks: card.blocks });
    },
  };
}

/** The card's "Launch security access review" click. */
export async function handleProposalLaunch(deps: FlowDeps, body: unknown, ack: PlainAck): Promise<void> {
  await ack();
  const ids = interactionIds(body);
  const triggerId = str(body, "trigger_id");
  const proposalId = (body as { actions?: { value?: unknown }[] }).actions?.[0]?.value;
  const place = ids === undefined ? undefined : actionPlace(body, ids.userId);
  if (ids === undefined || triggerId === undefined || typeof proposalId !== "string" || place === undefined) {
    deps.logger.warn({ teamId: ids?.teamId }, "proposal button without user, trigger, channel or proposal id; ignored");
    return;
  }
  try {
    if (!(await deps.claim(`proposal:${ids.teamId}:${triggerId}`))) return;
  } catch (err) {
    await deps.sink(err, { handling: "proposal button", teamId: ids.teamId, userId: ids.userId, place });
    return;
  }
  const threadTs = place.threadTs ?? place.messageTs;
  await openLaunchForm(deps, {
    ids,
    triggerId,
    origin: { channelId: place.channelId, ...(threadTs !== undefined && { threadTs }) },
    ...(place.responseUrl !== undefined && { responseUrl: place.responseUrl }),
    // An unknown proposal (another installation's card) still opens the form, empty.
    prefill: async () => (await deps.core.proposalPrefill(proposalId)) ?? {},
  });
}
