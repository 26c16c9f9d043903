/**
 * Proposals in Teams: the notifier that posts the card into the incident
 * channel and redraws it on repeats; the reference it posts with,
 * remembered when the bot is added to a team (Teams then sends a
 * `conversationUpdate` / `installationUpdate`): per channel, and per
 * tenant for channels the bot heard nothing from (the service URL and the
 * bot are the same for every channel of the team); and
 * the card's button: `task/fetch` opens the normal launch form prefilled
 * from the proposal in a task module, `task/submit` submits it like the
 * message extension does (same checks, approvals and card), in the
 * proposal card's reply chain.
 */
import type { TaskModuleResponse, TurnContext } from "botbuilder";
import type { Logger } from "pino";
import type { ConversationKey } from "../../governance/actor.js";
import type { ChatState } from "../../governance/chat-state.js";
import type { ProposalNotifier } from "../../governance/proposals/index.js";
import type { BotDeps } from "./bot/bot-deps.js";
import { within } from "./bot/deadline.js";
import { showLaunch } from "./bot/launch-posting.js";
import { submitLaunchForm, type SubmittedLaunchForm } from "./bot/submit-launch-form.js";
import { tenantOf, turnInfoOf } from "./bot/turn-info.js";
import type { Poster } from "./conversation/poster.js";
import { parseStoredReference, referenceJson, splitConversationId, storedReferenceOf } from "./conversation/thread-reference.js";
import { renderProposal, PROPOSAL_LAUNCH_VERB } from "./proposal-card.js";
import { ADAPTIVE_CARD_CONTENT_TYPE } from "./render/card-kit.js";
import { launchFormCard } from "./render/launch-form-card.js";
import { renderReply } from "./render/render-reply.js";
import { TASK_SUBMIT_ACTION } from "./verbs.js";

/** The key a channel's own reference is stored under (no reply chain). */
export function channelKey(tenantId: string, conversationId: string): ConversationKey {
  return { platform: "teams", tenantId, conversationId };
}

/** The key of the tenant's latest team reference, for channels with none of their own. */
export function tenantKey(tenantId: string): ConversationKey {
  return { platform: "teams", tenantId, conversationId: "oig:any-team-channel" };
}

export function createTeamsProposalNotifier(options: { chatState: Pick<ChatState, "getConversationReference">; poster: Poster }): ProposalNotifier {
  const { chatState, poster } = options;
  async function reference(channel: ConversationKey) {
    const own = parseStoredReference(await chatState.getConversationReference(channelKey(channel.tenantId, channel.conversationId)));
    const ref = own ?? parseStoredReference(await chatState.getConversationReference(tenantKey(channel.tenantId)));
    if (ref === null) {
      throw new Error(`no Teams reference is stored for tenant ${channel.tenantId}: add the bot's app to the team that holds the proposal channel`);
    }
    // A new root message in the configured channel (a team's channels share the service URL and the bot).
    return { ...ref, conversationId: channel.conversationId, conversationType: "channel", threadRootId: null };
  }
  return {
    async post(channel, proposal) {
      const id = await poster.post(await reference(channel), renderProposal(proposal), "conversation");
      if (id === "") throw new Error("the Bot Connector answered without a message id");
      return id;
    },
    async update(channel, messageId, proposal) {
      await poster.update(await reference(channel), messageId, renderProposal(proposal));
    },
  };
}

/**
 * Remembers how to post into the channel of a team activity (once per
 * process and channel), and into the tenant's other channels, so proposal
 * cards can be posted there later.
 */
export function createChannelMemory(chatState: Pick<ChatState, "putConversationReference">, logger: Logger, localMode: boolean) {
  const known = new Set<string>();
  return async (context: TurnContext): Promise<void> => {
    const { activity } = context;
    if (activity.conversation?.conversationType !== "channel") return;
    const tenantId = tenantOf(activity, localMode);
    const { base } = splitConversationId(activity.conversation.id ?? "");
    if (tenantId === undefined || base === "" || !activity.serviceUrl || known.has(`${tenantId}|${base}`)) return;
    try {
      const ref = { ...storedReferenceOf(activity, tenantId), threadRootId: null };
      await chatState.putConversationReference(channelKey(tenantId, base), referenceJson(ref));
      await chatState.putConversationReference(tenantKey(tenantId), referenceJson(ref));
      known.add(`${tenantId}|${base}`);
    } catch (err) {
      logger.warn({ err }, "could not remember the Teams channel's reference");
    }
  };
}

const message = (value: string): TaskModuleResponse => ({ task: { type: "message", value } });

function formTask(content: ReturnType<typeof launchFormCard>): TaskModuleResponse {
  return { task: { type: "continue", value: { title: "Start security access review", height: "large", width: "medium", card: { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content } } } };
}

const record = (v: unknown): Record<string, unknown> => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** `task/fetch` from the proposal card's button: the launch form prefilled from the proposal. */
export async function fetchProposalTask(context: TurnContext, request: unknown, deps: BotDeps): Promise<TaskModuleResponse> {
  const data = record(record(request).data);
  if (data.verb !== PROPOSAL_LAUNCH_VERB || typeof data.proposalId !== "string" || data.proposalId.length > 100) {
    return message("This button is not known to the bot; the card may be from an older version.");
  }
  const info = turnInfoOf(context, deps);
  if ("refusal" in info) return message(info.refusal);
  const proposalId = data.proposalId;
  const work = (async () => deps.core.openLaunchForm(info.actor, (await deps.core.proposalPrefill(proposalId)) ?? {}))();
  const raced = await within(work, deps.timings.invokeDeadlineMs);
  if (raced.kind === "late") {
    raced.later.catch((err: unknown) => deps.logger.warn({ err }, "a late proposal launch form was dropped"));
    return message("Checking your access takes longer than usual (Okta is slow). Try again in a moment.");
  }
  const reply = raced.value;
  return reply.type === "launch-form" ? formTask(launchFormCard(reply.values, { flavour: "task-module" })) : message(renderReply(reply).text);
}

/** `task/submit` of that form: submits it to the core; the approval card goes under the proposal card. */
export async function submitProposalTask(context: TurnContext, request: unknown, deps: BotDeps): Promise<TaskModuleResponse | undefined> {
  const data = record(record(request).data);
  if (data.action !== TASK_SUBMIT_ACTION) return message("This form is not one the bot knows; open it again from the card.");
  const info = turnInfoOf(context, deps);
  if ("refusal" in info) return message(info.refusal);
  const work = submitLaunchForm(context.activity, info, data, deps);
  const show = async ({ reply, key, ref }: SubmittedLaunchForm): Promise<TaskModuleResponse | undefined> => {
    switch (reply.type) {
      case "launch-form":
        return formTask(launchFormCard(reply.values, { flavour: "task-module", ...(reply.errors && { errors: reply.errors }) }));
      case "approval-card":
      case "launch-queued":
      case "launch-status":
        await showLaunch({ launch: reply.launch, key, ref, info }, deps);
        return undefined;
      default:
        return message(renderReply(reply).text);
    }
  };
  const raced = await within(work, deps.timings.invokeDeadlineMs);
  if (raced.kind === "done") return show(raced.value);
  deps.background.run("late proposal launch submit", async () => {
    const submitted = await raced.later;
    if ((await show(submitted)) !== undefined) {
      await deps.poster.post(submitted.ref, renderReply({ type: "error", code: "launch_not_started", message: `The launch requested by ${info.actor.displayName ?? "you"} was not started: ${renderReply(submitted.reply).text}` }));
    }
  });
  return message("Okta is slow to answer; your launch is being submitted and its card will appear in the conversation.");
}
