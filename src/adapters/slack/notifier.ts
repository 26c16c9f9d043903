/**
 * The core's `Notifier` for Slack: `launch-updated` redraws the approval
 * card for everyone (`chat.update` on its ts); outcomes and status changes
 * are posted as thread replies (the flow's thread, else the card's). A
 * refusal by Slack is thrown, so the core's job retries it.
 */
import type { Logger } from "pino";
import type { ConversationKey } from "../../governance/actor.js";
import type { GovernanceEvent, Notifier } from "../../governance/notifier.js";
import type { LaunchView } from "../../governance/replies.js";
import type { SlackMessage } from "./render/blocks.js";
import { renderThreadEvent } from "./render/render-event.js";
import { renderLaunchCard } from "./render/render-launch.js";
import type { WebClient } from "./slack-web.js";

/** The thread of a launch: where it started, else under its card. */
function launchThread(conversation: ConversationKey, launch: LaunchView): string | undefined {
  return conversation.threadId ?? launch.conversation.threadId ?? launch.approvalMessageId ?? undefined;
}

function threadOf(conversation: ConversationKey, event: GovernanceEvent): string | undefined {
  return "launch" in event ? launchThread(conversation, event.launch) : conversation.threadId;
}

export function createSlackNotifier(options: { web: WebClient; logger: Logger }): Notifier {
  const { web, logger } = options;

  async function post(channel: string, threadTs: string | undefined, message: SlackMessage): Promise<void> {
    await web.chat.postMessage({
      channel,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
      ...(threadTs !== undefined && { thread_ts: threadTs }),
    });
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
      await post(channel, threadOf(conversation, event), renderThreadEvent(event));
    },
  };
}
