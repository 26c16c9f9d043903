/**
 * The core's `Notifier` for Slack: `launch-updated` redraws the approval
 * card for everyone (`chat.update` on its ts); outcomes and status changes
 * are posted as thread replies (the flow's thread, else the card's). The
 * triage card is posted in the launch thread and attached to its review
 * (`triage-card`), redrawn in place (`triage-updated`), and a closed review
 * gets its closing summary in the thread (`review-closed`). A refusal by
 * Slack is thrown, so the core's job retries it.
 */
import type { Logger } from "pino";
import type { ConversationKey } from "../../governance/actor.js";
import type { GovernanceEvent, Notifier } from "../../governance/notifier.js";
import type { LaunchView } from "../../governance/replies.js";
import type { TriageCore } from "../../governance/triage/types.js";
import type { SlackMessage } from "./render/blocks.js";
import { renderThreadEvent } from "./render/render-event.js";
import { renderLaunchCard } from "./render/render-launch.js";
import { renderTriageCard } from "./render/render-triage.js";
import { loggableError, type WebClient } from "./slack-web.js";

/** The thread of a launch: where it started, else under its card. */
function launchThread(conversation: ConversationKey, launch: LaunchView): string | undefined {
  return conversation.threadId ?? launch.conversation.threadId ?? launch.approvalMessageId ?? undefined;
}

function threadOf(conversation: ConversationKey, event: GovernanceEvent): string | undefined {
  return "launch" in event ? launchThread(conversation, event.launch) : conversation.threadId;
}

export interface SlackNotifierOptions {
  web: WebClient;
  logger: Logger;
  /** Told where a review's shared triage card was posted, so later changes update it in place. */
  core?: Pick<TriageCore, "attachTriageCard">;
}

export function createSlackNotifier(options: SlackNotifierOptions): Notifier {
  const { web, logger, core } = options;

  async function post(channel: string, threadTs: string | undefined, message: SlackMessage): Promise<string | undefined> {
    const result = await web.chat.postMessage({
      channel,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
      ...(threadTs !== undefined && { thread_ts: threadTs }),
    });
    return typeof result.ts === "string" ? result.ts : undefined;
  }

  return {
    async notify(conversation, event) {
      if (conversation.platform !== "slack") throw new Error(`the Slack notifier got an event for ${conversation.platform}`);
      const channel = conversation.conversationId;
      if (event.type === "launch-updated") {
        const ts = event.launch.approvalMessageId;
        if (ts === null) {
          // No card was ever shown (its post failed, or the launch was withdrawn for that): nothing to redraw.
          // Outcomes still reach the conversation as thread events.
          logger.debug({ launchId: event.launch.id, state: event.launch.state }, "launch-updated for a launch without a card; nothing to update");
          return;
        }
        const card = renderLaunchCard(event.launch);
        await web.chat.update({ channel, ts, text: card.text, blocks: card.blocks });
        return;
      }
      if (event.type === "triage-updated") {
        const card = renderTriageCard(event.triage);
        await web.chat.update({ channel, ts: event.messageId, text: card.text, blocks: card.blocks });
        return;
      }
      const ts = await post(channel, threadOf(conversation, event), renderThreadEvent(event));
      if (event.type === "triage-card") {
        if (ts === undefined) throw new Error("chat.postMessage answered without a ts for the triage card");
        if (core === undefined) {
          logger.warn({ sarId: event.triage.sar.id }, "triage card posted without a core to attach it to; it will not be updated in place");
          return;
        }
        try {
          // A card posted outside a thread starts its own: the closing summary goes under it.
          await core.attachTriageCard({ sarId: event.triage.sar.id, messageId: ts }, conversation.threadId !== undefined ? conversation : { ...conversation, threadId: ts });
        } catch (err) {
          // The card is posted: a retry of the whole event would post it twice. It stays, only not updated in place.
          logger.warn({ err: loggableError(err), sarId: event.triage.sar.id, ts }, "could not record where the triage card was posted; it will not be updated in place");
        }
      }
    },
  };
}
