/**
 * The Teams `Notifier`: later events of a flow go into the conversation
 * and reply chain it started in. The reference is loaded from the core's
 * chat state on every event, so any replica can post, also after a restart.
 * `launch-updated` re-renders the launch card for everyone; other events
 * are thread replies (a launch's outcome also updates its card). A
 * review's triage card is posted once (`triage-card`, then
 * `attachTriageCard` with its message id) and updated in place
 * (`triage-updated`); its closing summary is a thread reply.
 */
import type { Logger } from "pino";
import { conversationKeyString, type ConversationKey } from "../../../governance/actor.js";
import type { ChatState } from "../../../governance/chat-state.js";
import type { GovernanceEvent, Notifier } from "../../../governance/notifier.js";
import type { LaunchView } from "../../../governance/replies.js";
import type { TriageCore } from "../../../governance/triage/types.js";
import { renderEvent } from "../render/event-messages.js";
import { renderReply } from "../render/render-reply.js";
import type { Poster } from "./poster.js";
import { parseStoredReference, type StoredReference } from "./thread-reference.js";
import { rememberTriageCardMessage } from "./triage-card-messages.js";
import { readTriageViewers } from "./triage-viewers.js";

export interface TeamsNotifierDeps {
  chatState: Pick<ChatState, "getConversationReference" | "putConversationReference">;
  /** Told where a review's shared card was posted, so it is updated in place later. */
  core: Pick<TriageCore, "attachTriageCard">;
  poster: Poster;
  logger: Logger;
}

export function createTeamsNotifier({ chatState, core, poster, logger }: TeamsNotifierDeps): Notifier {
  async function showLaunch(ref: StoredReference, launch: LaunchView): Promise<void> {
    const rendered = renderReply({ type: "launch-status", launch });
    if (launch.approvalMessageId) await poster.update(ref, launch.approvalMessageId, rendered);
    else await poster.post(ref, rendered);
  }

  return {
    async notify(conversation: ConversationKey, event: GovernanceEvent): Promise<void> {
      if (conversation.platform !== "teams") throw new Error(`the Teams notifier got a ${conversation.platform} conversation`);
      const ref = parseStoredReference(await chatState.getConversationReference(conversation));
      if (ref === null) throw new Error(`no Teams conversation reference is stored for ${conversationKeyString(conversation)}`);
      if (event.type === "launch-updated") {
        await showLaunch(ref, event.launch);
        return;
      }
      if (event.type === "triage-card" || event.type === "triage-updated") {
        // Who clicked on this review's card before gets their own version of the new one automatically.
        const viewers = await readTriageViewers(chatState, conversation.tenantId, event.triage.sar.id).catch((err: unknown) => {
          logger.warn({ err, sarId: event.triage.sar.id }, "could not read the triage card's viewers");
          return [];
        });
        const rendered = renderEvent(event, { triageRefreshUserIds: viewers });
        if (event.type === "triage-updated") {
          await poster.update(ref, event.messageId, rendered);
          return;
        }
        const messageId = await poster.post(ref, rendered);
        if (messageId === "") throw new Error("the Bot Connector answered the triage card without a message id");
        await core.attachTriageCard({ sarId: event.triage.sar.id, messageId }, conversation);
        // Lets a click that names another review than this card be refused; losing it only loses that check.
        await rememberTriageCardMessage(chatState, conversation.tenantId, messageId, event.triage.sar.id).catch((err: unknown) =>
          logger.warn({ err, sarId: event.triage.sar.id }, "could not remember which review a triage card shows"),
        );
        return;
      }
      if ((event.type === "launch-succeeded" || event.type === "launch-failed") && event.launch.approvalMessageId) {
        // The card is secondary: the thread reply below is what must arrive (and is retried when refused).
        await showLaunch(ref, event.launch).catch((err: unknown) =>
          logger.warn({ err, launchId: event.launch.id, event: event.type }, "could not update the launch card in Teams"),
        );
      }
      await poster.post(ref, renderEvent(event));
    },
  };
}
