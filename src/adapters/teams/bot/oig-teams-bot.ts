/**
 * The bot's activity handler: messages, the message extension's action
 * and search commands, and Adaptive Card buttons. Each handler catches its
 * own failures, logs them with the activity's id and answers something
 * sensible, so Teams never sees a handler's exception.
 */
import {
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type MessagingExtensionAction,
  type MessagingExtensionActionResponse,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  type TaskModuleRequest,
  type TaskModuleResponse,
  type TurnContext,
} from "botbuilder";
import { createChannelMemory, fetchProposalTask, submitProposalTask } from "../proposal-actions.js";
import type { BotDeps } from "./bot-deps.js";
import { cardAction } from "./card-actions.js";
import { errorResponse } from "./invoke-responses.js";
import { fetchLaunchTask, submitLaunchTask } from "./launch-extension.js";
import { handleMessage } from "./message-handler.js";
import { searchRequests } from "./search-extension.js";
import { fetchTriageTask, isTriageTask, submitTriageTask } from "./triage-actions.js";
import { APOLOGY } from "../error-sink.js";

const SORRY = APOLOGY;

export class OigTeamsBot extends TeamsActivityHandler {
  constructor(private readonly deps: BotDeps) {
    super();
    // Being added to a team (or one of its channels changing) teaches the bot how to post there later (proposal cards).
    const rememberChannel = createChannelMemory(deps.chatState, deps.logger, deps.localMode);
    this.onConversationUpdate(async (context, next) => {
      await rememberChannel(context);
      await next();
    });
    this.onInstallationUpdate(async (context, next) => {
      await rememberChannel(context);
      await next();
    });
    this.onMessage(async (context, next) => {
      try {
        await handleMessage(context, deps);
      } catch (err) {
        this.failed(context, err);
        await context.sendActivity({ type: "message", text: SORRY, textFormat: "plain" }).catch(() => undefined);
      }
      await next();
    });
  }

  private failed(context: TurnContext, err: unknown): void {
    const { activity } = context;
    this.deps.sink(err, { handling: "handler", activityId: activity.id, type: activity.type, name: activity.name });
  }

  protected override async handleTeamsMessagingExtensionFetchTask(context: TurnContext, action: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
    try {
      return await fetchLaunchTask(context, action, this.deps);
    } catch (err) {
      this.failed(context, err);
      return { task: { type: "message", value: SORRY } };
    }
  }

  protected override async handleTeamsMessagingExtensionSubmitAction(context: TurnContext, action: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
    try {
      // An empty answer closes the task module (the card is in the conversation).
      return (await submitLaunchTask(context, action, this.deps)) ?? {};
    } catch (err) {
      this.failed(context, err);
      return { task: { type: "message", value: SORRY } };
    }
  }

  protected override async handleTeamsMessagingExtensionQuery(context: TurnContext, query: MessagingExtensionQuery): Promise<MessagingExtensionResponse> {
    try {
      return await searchRequests(context, query, this.deps);
    } catch (err) {
      this.failed(context, err);
      return { composeExtension: { type: "message", text: SORRY } };
    }
  }

  protected override async handleTeamsTaskModuleFetch(context: TurnContext, request: TaskModuleRequest): Promise<TaskModuleResponse> {
    try {
      if (isTriageTask(request)) return await fetchTriageTask(context, request, this.deps);
      return await fetchProposalTask(context, request, this.deps);
    } catch (err) {
      this.failed(context, err);
      return { task: { type: "message", value: SORRY } };
    }
  }

  protected override async handleTeamsTaskModuleSubmit(context: TurnContext, request: TaskModuleRequest): Promise<TaskModuleResponse> {
    try {
      if (isTriageTask(request)) return await submitTriageTask(context, request, this.deps);
      // An empty answer closes the task module (the card is in the conversation).
      return (await submitProposalTask(context, request, this.deps)) ?? {};
    } catch (err) {
      this.failed(context, err);
      return { task: { type: "message", value: SORRY } };
    }
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, _value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    try {
      return await cardAction(context, this.deps);
    } catch (err) {
      this.failed(context, err);
      return errorResponse(500, "InternalError", SORRY);
    }
  }

  // botbuilder dereferences an invoke's value (`value.action.type`, `value.botMessagePreviewAction`) before our handlers run.
  protected override async onInvokeActivity(context: TurnContext) {
    const { name } = context.activity;
    const value: unknown = context.activity.value;
    const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
    if (name === "adaptiveCard/action" && !(isObject(value) && isObject(value.action))) {
      return { status: 400, body: errorResponse(400, "BadRequest", "This card action is not one the bot understands.") };
    }
    if (typeof name === "string" && name.startsWith("composeExtension/") && !isObject(value)) {
      return { status: 400, body: { error: "bad_request", message: "This message extension request carries no value." } };
    }
    return super.onInvokeActivity(context);
  }
}
