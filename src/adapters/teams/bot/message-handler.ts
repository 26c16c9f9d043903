/**
 * Messages to the bot (an @mention in a channel or group chat, anything
 * in personal chat): read the command, run it, answer in the same reply
 * chain. A redelivered message is answered once; a slow core gets a
 * "working on it" first and the answer afterwards.
 */
import type { TurnContext } from "botbuilder";
import { messageOf } from "../conversation/poster.js";
import { storedReferenceOf } from "../conversation/thread-reference.js";
import { parseCommand } from "../parse/command.js";
import { readMessageText } from "../parse/message-text.js";
import { renderReply } from "../render/render-reply.js";
import { INBOUND_TTL_MS, type BotDeps } from "./bot-deps.js";
import { within } from "./deadline.js";
import { runCommand } from "./run-command.js";
import { attachPostedTriage } from "./triage-posting.js";
import { turnInfoOf } from "./turn-info.js";

function botHandleOf(context: TurnContext): string {
  const name = context.activity.recipient?.name;
  return `@${typeof name === "string" && name.length > 0 && name.length <= 80 ? name : "oig-chatops"}`;
}

export async function handleMessage(context: TurnContext, deps: BotDeps): Promise<void> {
  const { activity } = context;
  if (activity.from?.role === "bot") return;
  if (typeof activity.text !== "string" || activity.text.trim() === "") return;
  const info = turnInfoOf(context, deps);
  if ("refusal" in info) {
    await context.sendActivity(messageOf(renderReply({ type: "error", code: "bad_request", message: info.refusal })));
    return;
  }
  if (typeof activity.id === "string" && !(await deps.chatState.claimInbound(`teams.message:${info.tenantId}:${activity.id}`, INBOUND_TTL_MS))) {
    deps.logger.info({ activityId: activity.id }, "Teams redelivered a message; it was answered already");
    return;
  }
  const message = readMessageText({ text: activity.text, entities: activity.entities, botId: activity.recipient?.id });
  const command = parseCommand(message);
  const ctx = { info, activity, botHandle: botHandleOf(context) };
  const raced = await within(runCommand(command, ctx, deps), deps.timings.messageDeadlineMs);
  if (raced.kind === "done") {
    const sent = await context.sendActivity(messageOf(raced.value));
    await attachPostedTriage(raced.value, sent?.id, activity, info.tenantId, deps);
    return;
  }
  await context.sendActivity(messageOf(renderReply({ type: "text", text: "Working on it: Okta is slow to answer. The result will be posted here." })));
  const ref = storedReferenceOf(activity, info.tenantId);
  deps.background.run(`late answer to ${command.kind}`, async () => {
    const rendered = await raced.later;
    const messageId = await deps.poster.post(ref, rendered);
    await attachPostedTriage(rendered, messageId, activity, info.tenantId, deps);
  });
}
