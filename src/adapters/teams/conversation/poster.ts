/**
 * Posting into a stored conversation outside the turn that started it
 * (`continueConversationAsync`): the notifier's thread replies and card
 * updates, and results that arrive after an invoke was answered.
 */
import type { Activity, CloudAdapter, ConversationReference, TurnContext } from "botbuilder";
import { ADAPTIVE_CARD_CONTENT_TYPE, clip } from "../render/card-kit.js";
import type { Rendered } from "../render/render-reply.js";
import { threadConversationId, type StoredReference } from "./thread-reference.js";

/** A message activity carrying `rendered` (card plus plain-text summary). */
export function messageOf(rendered: Rendered): Partial<Activity> {
  return {
    type: "message",
    summary: clip(rendered.text, 1000),
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: rendered.card }],
  };
}

function referenceFor(ref: StoredReference, conversationId: string): ConversationReference {
  return {
    channelId: ref.channelId,
    serviceUrl: ref.serviceUrl,
    bot: { id: ref.bot.id, name: ref.bot.name ?? "" },
    conversation: {
      id: conversationId,
      tenantId: ref.tenantId,
      conversationType: ref.conversationType ?? "",
      isGroup: ref.conversationType === "channel" || ref.conversationType === "groupChat",
      name: "",
    },
  };
}

export interface Poster {
  /** Posts into the flow's reply chain (or into the chat); resolves to the new message's id. */
  post(ref: StoredReference, rendered: Rendered, where?: "thread" | "conversation"): Promise<string>;
  /** Replaces a message the bot posted earlier (e.g. the approval card). */
  update(ref: StoredReference, messageId: string, rendered: Rendered): Promise<void>;
}

export function createPoster(options: { adapter: CloudAdapter; appId: string }): Poster {
  const { adapter, appId } = options;

  /** Runs `work` in a proactive turn; its failure is rethrown here (the adapter's turn error handler would swallow it). */
  async function inConversation(ref: StoredReference, conversationId: string, work: (context: TurnContext) => Promise<void>): Promise<void> {
    let failure: { error: unknown } | undefined;
    await adapter.continueConversationAsync(appId, referenceFor(ref, conversationId), async (context) => {
      try {
        await work(context);
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw failure.error;
  }

  return {
    async post(ref, rendered, where = "thread") {
      let id = "";
      const conversationId = where === "thread" ? threadConversationId(ref) : ref.conversationId;
      await inConversation(ref, conversationId, async (context) => {
        const sent = await context.sendActivity(messageOf(rendered));
        id = sent?.id ?? "";
      });
      return id;
    },

    async update(ref, messageId, rendered) {
      // A card that starts its own reply chain is addressed in the channel; a reply inside the chain.
      const conversationId = messageId === ref.threadRootId ? ref.conversationId : threadConversationId(ref);
      await inConversation(ref, conversationId, async (context) => {
        await context.updateActivity({ ...messageOf(rendered), id: messageId });
      });
    },
  };
}
