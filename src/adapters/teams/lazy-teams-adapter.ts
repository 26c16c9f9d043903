/**
 * The Teams adapter without botbuilder until Teams is used. botbuilder and
 * its connector are the bot's largest dependency (about 27 MB of RSS once
 * loaded, and a quarter of a second of start-up), and a bot that only
 * serves Slack never needs them. In local mode (no `MicrosoftAppId`, the
 * default) they load on the first activity at `POST /api/messages`, or the
 * first Teams post the core asks for (a launch made from Teams before a
 * restart); with Bot Framework credentials they load at start-up, so a
 * deployed Teams bot answers its first activity at full speed.
 * Everything else (the route, readiness, permalinks) works without them.
 */
import type { RouteHost } from "../../governance/chat-adapter.js";
import type { Notifier } from "../../governance/notifier.js";
import type { ProposalNotifier } from "../../governance/proposals/proposal-notifier.js";
import { teamsPermalink } from "./permalink.js";
import type { TeamsAdapter, TeamsAdapterOptions } from "./teams-adapter.js";
import { TEAMS_MESSAGES_PATH } from "./messages-path.js";

type Handler = Parameters<RouteHost["route"]>[2];

interface Loaded {
  adapter: TeamsAdapter;
  /** The real adapter's `POST /api/messages` handler. */
  messages: Handler;
}

export interface LazyTeamsAdapter extends TeamsAdapter {
  /** True once botbuilder and the real adapter are loaded (tests, the memory benchmark). */
  loaded(): boolean;
}

export function createLazyTeamsAdapter(options: TeamsAdapterOptions): LazyTeamsAdapter {
  const { config } = options;
  const localMode = config.mode === "local";
  let loading: Promise<Loaded> | undefined;
  let loaded = false;
  let stopping = false;

  const load = (): Promise<Loaded> => {
    loading ??= import("./teams-adapter.js").then(({ createTeamsAdapter }) => {
      const adapter = createTeamsAdapter(options);
      let messages: Handler | undefined;
      adapter.mount({
        route(method, path, handler) {
          if (method === "POST" && path === TEAMS_MESSAGES_PATH) messages = handler;
        },
      });
      if (messages === undefined) throw new Error(`the Teams adapter mounted no POST ${TEAMS_MESSAGES_PATH}`);
      loaded = true;
      return { adapter, messages };
    });
    // A failed load is tried again at the next use rather than remembered.
    loading.catch(() => {
      loading = undefined;
    });
    return loading;
  };

  const notifier: Notifier = {
    async notify(conversation, event) {
      await (await load()).adapter.notifier.notify(conversation, event);
    },
  };
  const proposalNotifier: ProposalNotifier = {
    async post(channel, proposal) {
      return (await load()).adapter.proposalNotifier.post(channel, proposal);
    },
    async update(channel, messageId, proposal) {
      await (await load()).adapter.proposalNotifier.update(channel, messageId, proposal);
    },
  };

  const logger = options.logger.child({ component: "teams" });
  if (config.mode === "local") {
    logger.warn("Teams runs in local mode (MicrosoftAppId is not set): no Bot Framework authentication, activities accepted from this machine only (Bot Framework Emulator); botbuilder loads at the first activity");
  } else {
    logger.info({ appId: config.appId, appType: config.appType }, "Teams: Bot Framework authentication on");
  }

  return {
    platform: "teams",
    loaded: () => loaded,
    mount(http) {
      http.route("POST", TEAMS_MESSAGES_PATH, async (req, res) => {
        if (stopping && !loaded) {
          res.writeHead(503, { "content-type": "application/json; charset=utf-8", "retry-after": "5" });
          res.end(JSON.stringify({ error: "unavailable", message: "The bot is shutting down." }));
          return;
        }
        const { messages } = await load();
        await messages(req, res);
      });
    },
    notifier,
    proposalNotifier,
    permalink: (location) => teamsPermalink(location),
    async start() {
      // With credentials, Teams is in use: load now (and fail now, not at the first activity).
      if (!localMode) await (await load()).adapter.start();
    },
    async readiness() {
      if (loaded) return (await load()).adapter.readiness();
      return { status: "ok", detail: localMode ? "local mode: unauthenticated, loopback only (botbuilder loads at the first activity)" : `Bot Framework app ${config.appId}` };
    },
    async stop() {
      stopping = true;
      // A load that failed has nothing to drain.
      const current = await loading?.catch(() => undefined);
      await current?.adapter.stop();
    },
  };
}
