/**
 * The Slack front end: Bolt's `App` over our own HTTP server (or Socket
 * Mode when SLACK_APP_TOKEN is set), the `/sar` command, the message
 * shortcut, the modals and buttons, and the notifier for later events.
 * Every listener acks first and leaves core and Okta work for after.
 * Implements the core's `ChatAdapter` contract.
 */
import { App, type Receiver, type ViewSubmitAction } from "@slack/bolt";
import type { Logger } from "pino";
import { slackPermalink } from "./permalink.js";
import type { ChatAdapter, ChatAdapterDeps } from "../../governance/chat-adapter.js";
import { systemClock, type Clock } from "../../governance/ports.js";
import { handleSarCommand } from "./command/handle-command.js";
import { createErrorSink } from "./error-sink.js";
import { handleApprove, handleDenyClick, submitDeny } from "./flows/decision-flow.js";
import { INBOUND_TTL_MS, type FlowDeps } from "./flows/deps.js";
import { submitLaunchForm } from "./flows/launch-flow.js";
import { handleMessageShortcut } from "./flows/shortcut-flow.js";
import { handleAddMessageClick, handleAuditNextPage, handleRefresh, handleRequestsNextPage, handleWatch, submitRequestMessage } from "./flows/status-flow.js";
import {
  handleTriageCommentClick,
  handleTriageDetails,
  handleTriageExtendClick,
  handleTriageItemAction,
  handleTriagePage,
  handleTriageReviewActionClick,
  handleTriageReviewersClick,
  handleTriageRevokeClick,
  handleTriageSummarize,
  submitTriageComment,
  submitTriageExtend,
  submitTriageReviewAction,
  submitTriageReviewers,
  submitTriageRevoke,
} from "./flows/triage-flow.js";
import { SlackHttpReceiver, type SlackAckObserver } from "./http-receiver.js";
import { createSlackNotifier } from "./notifier.js";
import { createPoster } from "./poster.js";
import { PROPOSAL_LAUNCH_ACTION } from "./proposal-card.js";
import { createSlackProposalNotifier, handleProposalLaunch } from "./proposal-flow.js";
import { createSlackPeople } from "./slack-actor.js";
import { SlackSocketReceiver, type SlackSocketReceiverOptions } from "./socket-receiver.js";
import { boltLogger, createSlackWebClient, describeSlackError, loggableError, slackErrorCode } from "./slack-web.js";
import { ACTION_IDS, MESSAGE_SHORTCUT, SLASH_COMMAND, VIEW_IDS } from "./surface.js";

/** Where Slack sends commands, shortcuts and interactions over HTTP. */
export const SLACK_EVENTS_PATH = "/slack/events";

export type SlackAdapterConfig =
  | { mode: "http"; signingSecret: string; botToken: string; apiUrl: string }
  /** Socket Mode: Slack is reached over a WebSocket opened with the app-level token; no public URL needed. */
  | { mode: "socket"; appToken: string; botToken: string; apiUrl: string; signingSecret?: string };

export interface SlackAdapterOptions extends ChatAdapterDeps {
  config: SlackAdapterConfig;
  clock?: Clock;
  /** How long a Slack user's email is cached (default one minute). */
  emailCacheTtlMs?: number;
  /** Told how long each HTTP interaction waited for its ack (metrics); not called in Socket Mode. */
  onAck?: SlackAckObserver;
  /** Work after the ack over HTTP: listeners at once (default 8) and commands waiting before new ones are answered "busy" (default 200). */
  postAck?: { concurrency?: number; maxWaiting?: number };
  /** Socket Mode connecting (tests shorten it): see `SlackSocketReceiverOptions`. */
  socketTiming?: Pick<SlackSocketReceiverOptions, "startDeadlineMs" | "retryDelaysMs" | "attemptTimeoutMs">;
}

/** Who the bot is in Slack, learned from `auth.test` at start. */
export interface SlackBotIdentity {
  teamId?: string;
  team?: string;
  botUserId?: string;
  botId?: string;
}

/**
 * `mount` adds `POST /slack/events` (HTTP mode; Socket Mode needs no route);
 * `start` checks the bot token (`auth.test`) and, in Socket Mode, connects;
 * `stop` refuses new requests, then waits for listeners still working after
 * their ack; `readiness` says whether Slack accepted the bot token (asked
 * again while it has not).
 */
export interface SlackAdapter extends ChatAdapter {
  readonly platform: "slack";
  readonly identity: SlackBotIdentity;
}

/** Slack's answers to `auth.test` meaning the token itself is wrong: start-up stops with a clear line. */
const BAD_TOKEN = new Set(["invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "not_allowed_token_type"]);

function createReceiver(options: SlackAdapterOptions, logger: Logger): { receiver: Receiver; http?: SlackHttpReceiver; socket?: SlackSocketReceiver } {
  const { config } = options;
  if (config.mode === "socket") {
    const socket = new SlackSocketReceiver({ appToken: config.appToken, apiUrl: config.apiUrl, logger, ...options.socketTiming });
    return { receiver: socket, socket };
  }
  const http = new SlackHttpReceiver({
    signingSecret: config.signingSecret,
    logger,
    clock: options.clock ?? systemClock,
    onAck: options.onAck,
    ...(options.postAck?.concurrency !== undefined && { postAckConcurrency: options.postAck.concurrency }),
    ...(options.postAck?.maxWaiting !== undefined && { postAckMaxWaiting: options.postAck.maxWaiting }),
  });
  return { receiver: http, http };
}

function register(app: App, deps: FlowDeps): void {
  app.command(SLASH_COMMAND, ({ ack, body }) => handleSarCommand(deps, body, ack));
  app.shortcut({ callback_id: MESSAGE_SHORTCUT.callbackId, type: "message_action" }, ({ ack, body }) => handleMessageShortcut(deps, body, ack));
  const submission = (callbackId: string) => ({ callback_id: callbackId, type: "view_submission" as const });
  app.view<ViewSubmitAction>(submission(VIEW_IDS.launch), ({ ack, body }) => submitLaunchForm(deps, body, ack));
  app.view<ViewSubmitAction>(submission(VIEW_IDS.deny), ({ ack, body }) => submitDeny(deps, body, ack));
  app.view<ViewSubmitAction>(submission(VIEW_IDS.requestMessage), ({ ack, body }) => submitRequestMessage(deps, body, ack));
  app.view<ViewSubmitAction>(submission(VIEW_IDS.info), ({ ack }) => ack());
  app.action(ACTION_IDS.approve, ({ ack, body }) => handleApprove(deps, body, ack));
  app.action(ACTION_IDS.deny, ({ ack, body }) => handleDenyClick(deps, body, ack));
  app.action(ACTION_IDS.refresh, ({ ack, body }) => handleRefresh(deps, body, ack));
  app.action(ACTION_IDS.watch, ({ ack, body }) => handleWatch(deps, body, ack));
  app.action(ACTION_IDS.addMessage, ({ ack, body }) => handleAddMessageClick(deps, body, ack));
  app.action(ACTION_IDS.requestsNextPage, ({ ack, body }) => handleRequestsNextPage(deps, body, ack));
  app.action(ACTION_IDS.auditNextPage, ({ ack, body }) => handleAuditNextPage(deps, body, ack));
  // A link button opens its URL in the browser; Slack still sends the click, which needs only the ack.
  app.action(ACTION_IDS.openLink, ({ ack }) => ack());
  app.action(PROPOSAL_LAUNCH_ACTION, ({ ack, body }) => handleProposalLaunch(deps, body, ack));
  registerTriage(app, deps);
}

/** The triage card's buttons and forms (PRODUCT.md 4.4). */
function registerTriage(app: App, deps: FlowDeps): void {
  const submission = (callbackId: string) => ({ callback_id: callbackId, type: "view_submission" as const });
  app.view<ViewSubmitAction>(submission(VIEW_IDS.triageRevoke), ({ ack, body }) => submitTriageRevoke(deps, body, ack));
  app.view<ViewSubmitAction>(submission(VIEW_IDS.triageReviewAction), ({ ack, body }) => submitTriageReviewAction(deps, body, ack));
  app.view<ViewSubmitAction>(submission(VIEW_IDS.triageExtend), ({ ack, body }) => submitTriageExtend(deps, body, ack));
  app.view<ViewSubmitAction>(submission(VIEW_IDS.triageReviewers), ({ ack, body }) => submitTriageReviewers(deps, body, ack));
  app.view<ViewSubmitAction>(submission(VIEW_IDS.triageComment), ({ ack, body }) => submitTriageComment(deps, body, ack));
  app.action(ACTION_IDS.triageRevoke, ({ ack, body }) => handleTriageRevokeClick(deps, body, ack));
  for (const actionId of [ACTION_IDS.triageRestore, ACTION_IDS.triageFlagRemediation, ACTION_IDS.triageFlagRestoration]) {
    app.action(actionId, ({ ack, body }) => handleTriageItemAction(deps, body, ack));
  }
  app.action(ACTION_IDS.triageDetails, ({ ack, body }) => handleTriageDetails(deps, body, ack));
  app.action(ACTION_IDS.triagePrevious, ({ ack, body }) => handleTriagePage(deps, body, ack));
  app.action(ACTION_IDS.triageNext, ({ ack, body }) => handleTriagePage(deps, body, ack));
  app.action(ACTION_IDS.triageClose, ({ ack, body }) => handleTriageReviewActionClick(deps, body, ack, "CLOSE_REVIEW"));
  app.action(ACTION_IDS.triageRestoreAll, ({ ack, body }) => handleTriageReviewActionClick(deps, body, ack, "RESTORE_ALL_ACCESS"));
  app.action(ACTION_IDS.triageExtend, ({ ack, body }) => handleTriageExtendClick(deps, body, ack));
  app.action(ACTION_IDS.triageReviewers, ({ ack, body }) => handleTriageReviewersClick(deps, body, ack));
  app.action(ACTION_IDS.triageComment, ({ ack, body }) => handleTriageCommentClick(deps, body, ack));
  app.action(ACTION_IDS.triageSummarize, ({ ack, body }) => handleTriageSummarize(deps, body, ack));
}

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { config, core, chatState } = options;
  const logger = options.logger.child({ component: "slack" });
  const clock = options.clock ?? systemClock;
  const web = createSlackWebClient({ botToken: config.botToken, apiUrl: config.apiUrl, logger });
  const poster = createPoster({ web, logger, responseOrigins: [new URL(config.apiUrl).origin] });
  const deps: FlowDeps = {
    core,
    web,
    poster,
    people: createSlackPeople({ web, logger, clock, ...(options.emailCacheTtlMs !== undefined && { ttlMs: options.emailCacheTtlMs }) }),
    sink: createErrorSink({ logger, poster, web }),
    logger,
    claim: (key) => chatState.claimInbound(`slack:${key}`, INBOUND_TTL_MS),
  };
  const identity: SlackBotIdentity = {};
  let tokenState: { ok: true } | { ok: false; detail: string } = { ok: false, detail: "not started" };

  const { receiver, http, socket } = createReceiver(options, logger);
  const app = new App({
    receiver,
    // Bolt would call auth.test on the first event to learn these; start() already did, so it never has to.
    authorize: async () => ({ botToken: config.botToken, ...(identity.botUserId !== undefined && { botUserId: identity.botUserId }), ...(identity.botId !== undefined && { botId: identity.botId }) }),
    logger: boltLogger(logger.child({ component: "slack-bolt" })),
    clientOptions: { slackApiUrl: config.apiUrl },
    // The app subscribes to no message events, so there is nothing of its own to ignore.
    ignoreSelf: false,
    convoStore: false,
    extendedErrorHandler: true,
  });
  app.error(async ({ error, body }: { error: Error; body?: unknown }) => {
    const type = typeof (body as { type?: unknown } | undefined)?.type === "string" ? (body as { type: string }).type : "command";
    logger.error({ err: loggableError(error), type }, "unhandled error in a Slack listener");
  });
  register(app, deps);

  /** Asks Slack who the bot is; remembers the answer, or why there is none (Slack's error code). */
  async function checkToken(): Promise<string | undefined> {
    try {
      const result = await web.auth.test();
      Object.assign(identity, {
        ...(result.team_id !== undefined && { teamId: result.team_id }),
        ...(result.team !== undefined && { team: result.team }),
        ...(result.user_id !== undefined && { botUserId: result.user_id }),
        ...(result.bot_id !== undefined && { botId: result.bot_id }),
      });
      tokenState = { ok: true };
      logger.info({ team: identity.team, teamId: identity.teamId, botUserId: identity.botUserId, mode: config.mode }, `Slack: connected to workspace ${identity.team ?? identity.teamId ?? "?"}`);
      return undefined;
    } catch (err) {
      const described = describeSlackError(err);
      tokenState = { ok: false, detail: `auth.test failed: ${described.slackError ?? "Slack did not answer"}` };
      logger.warn(described, "Slack auth.test failed; commands are still served, and /readyz asks again");
      return slackErrorCode(err);
    }
  }

  return {
    platform: "slack",
    notifier: createSlackNotifier({ web, logger, core }),
    permalink: (location) => slackPermalink(location),
    proposalNotifier: createSlackProposalNotifier(web),
    identity,
    mount(server) {
      if (http === undefined) {
        logger.info("Slack runs in Socket Mode: no HTTP route is mounted");
        return;
      }
      server.route("POST", SLACK_EVENTS_PATH, http.handle);
    },
    async start() {
      const code = await checkToken();
      if (code !== undefined && BAD_TOKEN.has(code)) {
        throw new Error(`Slack refused SLACK_BOT_TOKEN (${code}): check the token of the app's bot user (OAuth & Permissions > Bot User OAuth Token)`);
      }
      await app.start();
    },
    async stop() {
      await app.stop();
      // Listeners still working after their ack use the core and the database: they finish before those close.
      if (http !== undefined && !(await http.drain())) logger.warn("Slack work after the ack still running at shutdown; stopping without it");
      // Socket Mode likewise: Slack never re-sends an acked envelope, so its work must not be cut off.
      if (socket !== undefined && !(await socket.drain())) logger.warn("Slack Socket Mode work after the ack still running at shutdown; stopping without it");
    },
    async readiness() {
      if (!tokenState.ok) await checkToken();
      // In Socket Mode Slack reaches this replica only over its WebSocket (the client reconnects by itself).
      if (tokenState.ok && socket !== undefined && socket.state !== "connected") return { status: "failing", detail: `socket mode: ${socket.problem ?? `no connection to Slack (${socket.state})`}` };
      return tokenState.ok ? { status: "ok", detail: `${config.mode} mode, workspace ${identity.team ?? identity.teamId ?? "unknown"}` } : { status: "failing", detail: tokenState.detail };
    },
  };
}
