/**
 * Buttons on status and list cards (`adaptiveCard/action`): Refresh,
 * Watch, Add message (posts a request message and confirms it in the
 * thread), and More for paged lists.
 */
import type { AdaptiveCardInvokeResponse, TurnContext } from "botbuilder";
import type { Reply } from "../../../governance/replies.js";
import { parseTargetText } from "../../../governance/identity/parse-target-text.js";
import { conversationKeyOf, referenceJson, storedReferenceOf } from "../conversation/thread-reference.js";
import { readMention } from "../parse/form-submission.js";
import { renderReply, type Rendered } from "../render/render-reply.js";
import { STATUS_VERBS } from "../verbs.js";
import type { BotDeps } from "./bot-deps.js";
import { cardResponse, messageResponse } from "./invoke-responses.js";
import { mentionTarget, type TurnInfo } from "./turn-info.js";

type Data = Record<string, unknown>;

const text = (data: Data, key: string, max = 300): string | undefined => {
  const v = data[key];
  return typeof v === "string" && v.length > 0 && v.length <= max ? v : undefined;
};

/** Card replies replace the clicker's card; anything else is a short message to them. */
function answer(reply: Reply): AdaptiveCardInvokeResponse {
  const rendered = renderReply(reply);
  const isCard = reply.type === "sar-status" || reply.type === "request-status" || reply.type === "request-list" || reply.type === "audit-log" || reply.type === "launch-status";
  return isCard ? cardResponse(rendered.card) : messageResponse(rendered.text);
}

/** Posts into the clicked card's conversation: in the turn, or afterwards when the answer came late. */
export type Say = (rendered: Rendered) => Promise<void>;

export interface StatusWork {
  work: Promise<Reply>;
  respond: (reply: Reply, say: Say) => Promise<AdaptiveCardInvokeResponse>;
}

/** The work behind a status button, and how its reply is answered; null when `verb` is not one of them. */
export function statusWork(context: TurnContext, info: TurnInfo, verb: string, data: Data, deps: BotDeps): StatusWork | null {
  const { core } = deps;
  const { actor } = info;
  const plainAnswer = async (reply: Reply) => answer(reply);
  switch (verb) {
    case STATUS_VERBS.refresh:
      return { work: core.status(actor, text(data, "id") ?? ""), respond: plainAnswer };
    case STATUS_VERBS.watch: {
      const key = conversationKeyOf(context.activity, info.tenantId);
      const work = deps.chatState
        .putConversationReference(key, referenceJson(storedReferenceOf(context.activity, info.tenantId)))
        .then(() => core.watch(actor, text(data, "id") ?? "", key));
      return { work, respond: plainAnswer };
    }
    case STATUS_VERBS.message: {
      const requestId = text(data, "requestId") ?? "";
      const messageText = typeof data.messageText === "string" ? data.messageText.slice(0, 6000) : "";
      return {
        work: core.postRequestMessage(actor, requestId, messageText),
        respond: async (reply, say) => {
          // The thread gets the confirmation (PRODUCT.md 4.2); the clicker gets a short note.
          if (reply.type === "message-posted") await say(renderReply(reply));
          return messageResponse(renderReply(reply).text);
        },
      };
    }
    case STATUS_VERBS.more: {
      const status = text(data, "status", 40);
      const userOktaId = text(data, "userOktaId", 40);
      return {
        work: core.listRequests(actor, {
          ...(text(data, "cursor", 2000) !== undefined && { cursor: text(data, "cursor", 2000) }),
          ...(status !== undefined && { status }),
          ...(userOktaId !== undefined && { user: { kind: "okta-id", id: userOktaId } }),
        }),
        respond: plainAnswer,
      };
    }
    case STATUS_VERBS.auditMore: {
      const cursor = text(data, "cursor", 2000);
      const typed = text(data, "target", 300);
      const mention = readMention(data.targetMention);
      const work = (async () => {
        const target = mention ? await mentionTarget(info, mention, deps.directory) : typed === undefined ? undefined : (parseTargetText(typed, { platform: "teams", tenantId: info.tenantId }) ?? typed);
        return core.audit(actor, { ...(cursor !== undefined && { cursor }), ...(target !== undefined && { target }) });
      })();
      return { work, respond: plainAnswer };
    }
    default:
      return null;
  }
}
