/**
 * The message extension action "Start security access review": the form
 * in a task module (`composeExtension/fetchTask`, prefilled from a message
 * when opened from its `...` menu) and its submission
 * (`composeExtension/submitAction`): errors re-show the form, success
 * posts the approval card. Both answer within Teams' limit; a slow core's
 * result is posted to the conversation afterwards.
 */
import type { TurnContext } from "botbuilder";
import type { MessagingExtensionAction, MessagingExtensionActionResponse } from "botbuilder";
import { prefillFromMessage } from "../parse/message-prefill.js";
import { ADAPTIVE_CARD_CONTENT_TYPE } from "../render/card-kit.js";
import { launchFormCard } from "../render/launch-form-card.js";
import { renderReply } from "../render/render-reply.js";
import { EXTENSION_COMMANDS, TASK_SUBMIT_ACTION } from "../verbs.js";
import type { BotDeps } from "./bot-deps.js";
import { within } from "./deadline.js";
import { showLaunch } from "./launch-posting.js";
import { turnInfoOf } from "./turn-info.js";
import { submitLaunchForm, type SubmittedLaunchForm } from "./submit-launch-form.js";

const message = (text: string): MessagingExtensionActionResponse => ({ task: { type: "message", value: text } });

function formTask(card: ReturnType<typeof launchFormCard>): MessagingExtensionActionResponse {
  return {
    task: {
      type: "continue",
      value: { title: "Start security access review", height: "large", width: "medium", card: { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card } },
    },
  };
}

function commandOf(action: MessagingExtensionAction | undefined): string | undefined {
  const id = (action as { commandId?: unknown } | undefined)?.commandId;
  return typeof id === "string" ? id : undefined;
}

/** `composeExtension/fetchTask`: the form, or why it cannot be shown. */
export async function fetchLaunchTask(context: TurnContext, action: MessagingExtensionAction, deps: BotDeps): Promise<MessagingExtensionActionResponse> {
  if (commandOf(action) !== EXTENSION_COMMANDS.launch) return message("This message extension command is not known to the bot.");
  const info = turnInfoOf(context, deps);
  if ("refusal" in info) return message(info.refusal);
  const fromMessage = action.commandContext === "message" ? prefillFromMessage(action.messagePayload) : { prefill: {} };
  const raced = await within(deps.core.openLaunchForm(info.actor, fromMessage.prefill), deps.timings.invokeDeadlineMs);
  if (raced.kind === "late") {
    raced.later.catch((err: unknown) => deps.logger.warn({ err }, "a late launch form was dropped"));
    return message("Checking your access takes longer than usual (Okta is slow). Try again in a moment.");
  }
  const reply = raced.value;
  if (reply.type !== "launch-form") return message(renderReply(reply).text);
  return formTask(launchFormCard(reply.values, { flavour: "task-module", ...("mention" in fromMessage && fromMessage.mention && { mention: fromMessage.mention }) }));
}


/** Replies that mean the launch exists and its card was posted. */
function isLaunch(reply: SubmittedLaunchForm["reply"]): boolean {
  return reply.type === "approval-card" || reply.type === "launch-queued" || reply.type === "launch-status";
}

/** What the person sees for a submit's outcome; also posts the card for a new launch. */
async function outcome(submitted: SubmittedLaunchForm, deps: BotDeps): Promise<MessagingExtensionActionResponse> {
  const { reply } = submitted;
  switch (reply.type) {
    case "launch-form":
      return formTask(launchFormCard(reply.values, { flavour: "task-module", ...(reply.errors && { errors: reply.errors }), ...(submitted.mention && { mention: submitted.mention }) }));
    case "approval-card":
    case "launch-queued":
    case "launch-status":
      await showLaunch({ launch: reply.launch, key: submitted.key, ref: submitted.ref, info: submitted.info }, deps);
      // Teams' documentation allows an empty answer (it closes the dialog), but
      // Microsoft's Agents Playground calls it an invalid response and leaves a
      // blank dialog open. A `message` task is valid in both: it closes the form
      // and says where the card went, at the cost of one click in Teams.
      return message(reply.type === "approval-card" ? "Requested. The approval card is in the conversation; an approver decides there." : "Submitted. The launch card is in the conversation.");
    default:
      return message(renderReply(reply).text);
  }
}

/** `composeExtension/submitAction`: submits the form to the core. */
export async function submitLaunchTask(context: TurnContext, action: MessagingExtensionAction, deps: BotDeps): Promise<MessagingExtensionActionResponse> {
  if (commandOf(action) !== EXTENSION_COMMANDS.launch) return message("This message extension command is not known to the bot.");
  const data = (action as { data?: unknown }).data as { action?: unknown } | undefined;
  if (data?.action !== TASK_SUBMIT_ACTION) return message("This form is not one the bot knows; open it again from the message extension.");
  const info = turnInfoOf(context, deps);
  if ("refusal" in info) return message(info.refusal);
  const work = submitLaunchForm(context.activity, info, data, deps);
  const raced = await within(work, deps.timings.invokeDeadlineMs);
  if (raced.kind === "done") return outcome(raced.value, deps);
  deps.background.run("late launch submit", async () => {
    const submitted = await raced.later;
    await outcome(submitted, deps);
    // The task module is gone: a late form error or refusal is posted for the requester instead.
    if (!isLaunch(submitted.reply)) {
      const text = submitted.reply.type === "launch-form" ? Object.values(submitted.reply.errors ?? {}).join(" ") : renderReply(submitted.reply).text;
      await deps.poster.post(submitted.ref, renderReply({ type: "error", code: "launch_not_started", message: `The launch requested by ${info.actor.displayName ?? "you"} was not started: ${text}` }), submitted.ref.threadRootId ? "thread" : "conversation");
    }
  });
  return message("Okta is slow to answer; your launch is being submitted and its card will appear in the conversation.");
}
