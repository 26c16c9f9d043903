/**
 * The message extension search command: a SAR (`sar…`), an access request
 * (`req…`) or a launch reference by id, or a user's requests (email,
 * login, 00u… id); an empty box lists recent requests. Each hit is a
 * status card the person can insert into the conversation.
 */
import type { MessagingExtensionQuery, MessagingExtensionResponse, TurnContext } from "botbuilder";
import { parseTargetText } from "../../../governance/identity/parse-target-text.js";
import type { Reply } from "../../../governance/replies.js";
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from "../render/card-kit.js";
import { escapeMarkdown } from "../render/plain-text.js";
import { renderReply } from "../render/render-reply.js";
import { requestCard, requestText } from "../render/status-cards.js";
import { EXTENSION_COMMANDS, SEARCH_PARAMETER } from "../verbs.js";
import type { BotDeps } from "./bot-deps.js";
import { within } from "./deadline.js";
import { turnInfoOf } from "./turn-info.js";

const OBJECT_ID = /^(sar|req)[0-9A-Za-z]{17}$/;
const LAUNCH_REFERENCE = /^L[2-9A-HJKMNP-TV-Z]{6}$/i;

const message = (text: string): MessagingExtensionResponse => ({ composeExtension: { type: "message", text: escapeMarkdown(text) } });

function attachment(card: AdaptiveCard, title: string, text: string) {
  return {
    contentType: ADAPTIVE_CARD_CONTENT_TYPE,
    content: card,
    preview: { contentType: "application/vnd.microsoft.card.thumbnail", content: { title: escapeMarkdown(title), text: escapeMarkdown(text) } },
  };
}

function results(reply: Reply): MessagingExtensionResponse {
  if (reply.type === "request-list") {
    if (reply.items.length === 0) return message("No access requests match.");
    const attachments = reply.items.map((item) => attachment(requestCard(item), `${item.id} ${item.status}`, requestText(item)));
    return { composeExtension: { type: "result", attachmentLayout: "list", attachments } };
  }
  if (reply.type === "sar-status" || reply.type === "request-status" || reply.type === "launch-status" || reply.type === "approval-card" || reply.type === "launch-queued") {
    const rendered = renderReply(reply);
    const title = rendered.text.split("\n")[0] ?? "";
    return { composeExtension: { type: "result", attachmentLayout: "list", attachments: [attachment(rendered.card, title, rendered.text)] } };
  }
  return message(renderReply(reply).text);
}

function queryText(query: MessagingExtensionQuery): string {
  const params = Array.isArray(query.parameters) ? query.parameters : [];
  if (params.some((p) => p?.name === "initialRun")) return "";
  const found = params.find((p) => p?.name === SEARCH_PARAMETER) ?? params[0];
  return typeof found?.value === "string" ? found.value.trim().slice(0, 300) : "";
}

/** `composeExtension/query`. */
export async function searchRequests(context: TurnContext, query: MessagingExtensionQuery, deps: BotDeps): Promise<MessagingExtensionResponse> {
  if (query?.commandId !== EXTENSION_COMMANDS.search) return message("This search command is not known to the bot.");
  const info = turnInfoOf(context, deps);
  if ("refusal" in info) return message(info.refusal);
  const text = queryText(query);
  let work: Promise<Reply>;
  if (text === "") work = deps.core.listRequests(info.actor);
  else if (OBJECT_ID.test(text) || LAUNCH_REFERENCE.test(text)) work = deps.core.status(info.actor, text);
  else {
    const user = parseTargetText(text, { platform: "teams", tenantId: info.tenantId });
    if (user === null || user.kind === "chat-user") return message("Type a review id (sar…), a request id (req…), a launch reference (L…) or a user's email, login or 00u… id.");
    work = deps.core.listRequests(info.actor, { user });
  }
  const raced = await within(work, deps.timings.invokeDeadlineMs);
  if (raced.kind === "late") {
    raced.later.catch((err: unknown) => deps.logger.warn({ err }, "a late search was dropped"));
    return message("Okta is slow to answer; try the search again in a moment.");
  }
  return results(raced.value);
}
