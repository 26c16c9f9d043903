/**
 * The Microsoft Teams front end: botbuilder's `CloudAdapter` and a
 * `TeamsActivityHandler` behind `POST /api/messages` on the bot's shared
 * HTTP server, and a `Notifier` that posts a flow's later events into its
 * reply chain. Every botbuilder import stays under `src/adapters/teams/`.
 * Implements the core's `ChatAdapter` contract.
 */
import { CloudAdapter, type TurnContext } from "botbuilder";
import type { BotFrameworkAuthentication } from "botframework-connector";
import { teamsPermalink } from "./permalink.js";
import type { ChatAdapter, ChatAdapterDeps } from "../../governance/chat-adapter.js";
import { PostAckWork } from "../http/post-ack-work.js";
import { botFrameworkAuthenticationFor, GuardedBotFrameworkAuthentication } from "./auth/bot-authentication.js";
import { DEFAULT_TIMINGS, type TeamsAdapterConfig, type TeamsTimings } from "./config.js";
import { createPoster } from "./conversation/poster.js";
import { createTeamsErrorSink } from "./error-sink.js";
import { createTeamsNotifier } from "./conversation/teams-notifier.js";
import { BackgroundWork } from "./bot/deadline.js";
import { MemberDirectory } from "./bot/member-directory.js";
import { OigTeamsBot } from "./bot/oig-teams-bot.js";
import { createMessagesEndpoint } from "./http/messages-endpoint.js";
import { createTeamsProposalNotifier } from "./proposal-actions.js";
import { TEAMS_MESSAGES_PATH } from "./messages-path.js";

export { TEAMS_MESSAGES_PATH };

export interface TeamsAdapterOptions extends ChatAdapterDeps {
  config: TeamsAdapterConfig;
  /** Replaces the authentication built from `config` (a private cloud, or tests with their own key server). */
  botFrameworkAuthentication?: BotFrameworkAuthentication;
  timings?: Partial<TeamsTimings>;
}

/**
 * `mount` registers `POST /api/messages`; `start` has nothing to connect
 * (Teams calls in); `stop` refuses new activities (503), then waits for
 * turns in flight and for answers still being posted after their turn ended.
 */
export interface TeamsAdapter extends ChatAdapter {
  readonly platform: "teams";
}

export function createTeamsAdapter(options: TeamsAdapterOptions): TeamsAdapter {
  const { config, core, chatState } = options;
  const logger = options.logger.child({ component: "teams" });
  const timings = { ...DEFAULT_TIMINGS, ...options.timings };
  const localMode = config.mode === "local";
  const appId = config.mode === "local" ? "" : config.appId;
  const authentication = new GuardedBotFrameworkAuthentication(options.botFrameworkAuthentication ?? botFrameworkAuthenticationFor(config));
  const adapter = new CloudAdapter(authentication);
  const poster = createPoster({ adapter, appId });
  const sink = createTeamsErrorSink(logger);
  const background = new BackgroundWork(sink);
  const directory = new MemberDirectory({ ttlMs: timings.memberCacheTtlMs, logger });
  const bot = new OigTeamsBot({ core, chatState, logger, sink, directory, poster, background, timings, localMode });

  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // The handlers catch their own failures; this is botbuilder's pipeline failing around them.
    sink(error, { handling: "turn", activityId: context.activity.id, type: context.activity.type });
  };

  const notifier = createTeamsNotifier({ chatState, core, poster, logger });
  let stopping = false;
  // Turns in flight; only tracked (not bounded): a turn's answer is the HTTP response.
  const turns = new PostAckWork();

  return {
    platform: "teams",
    mount(http) {
      const endpoint = createMessagesEndpoint({ adapter, authentication, run: (context) => bot.run(context), localMode, logger });
      http.route("POST", TEAMS_MESSAGES_PATH, async (req, res) => {
        if (stopping) {
          res.writeHead(503, { "content-type": "application/json; charset=utf-8", "retry-after": "5" });
          res.end(JSON.stringify({ error: "unavailable", message: "The bot is shutting down." }));
          return;
        }
        await turns.track(Promise.resolve(endpoint(req, res)));
      });
    },
    notifier,
    proposalNotifier: createTeamsProposalNotifier({ chatState, poster }),
    permalink: (location) => teamsPermalink(location),
    async start() {
      // Nothing to connect: Teams calls the bot at POST /api/messages.
    },
    async readiness() {
      return { status: "ok", detail: localMode ? "local mode: unauthenticated, loopback only" : `Bot Framework app ${appId}` };
    },
    async stop() {
      stopping = true;
      await turns.drain();
      await background.drain();
    },
  };
}
