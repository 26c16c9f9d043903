/** The Slack adapter: what the composition root wires (`src/app.ts`). */
export { createSlackAdapter, SLACK_EVENTS_PATH } from "./slack-adapter.js";
export type { SlackAdapter, SlackAdapterConfig, SlackAdapterOptions, SlackBotIdentity } from "./slack-adapter.js";
export { createSlackNotifier } from "./notifier.js";
export { createSlackWebClient } from "./slack-web.js";
export { ACTION_IDS, BOT_SCOPES, MESSAGE_SHORTCUT, SLASH_COMMAND, VIEW_IDS, WEB_API_METHODS } from "./surface.js";
export type { SlackAckObservation, SlackAckObserver } from "./http-receiver.js";
