/**
 * The Teams adapter on a real HTTP server (the bot's own `createHttpServer`),
 * a fake Bot Connector, and a client playing Teams. `close()` stops all.
 */
import { pino, type Logger } from "pino";
import { createHttpServer } from "../../../../src/adapters/http/server.js";
import { createTeamsAdapter, type TeamsAdapter, type TeamsAdapterOptions } from "../../../../src/adapters/teams/index.js";
import { createLazyTeamsAdapter } from "../../../../src/adapters/teams/lazy-teams-adapter.js";
import type { ChatState } from "../../../../src/governance/chat-state.js";
import type { GovernanceCore } from "../../../../src/governance/core.js";
import { startFakeBotConnector, type FakeBotConnector } from "../../../../src/fakes/bot-connector.js";
import { TeamsClient, type TeamsClientOptions } from "../../../../src/fakes/teams-client.js";

export interface TeamsHarness {
  url: string;
  connector: FakeBotConnector;
  client: TeamsClient;
  adapter: TeamsAdapter;
  close(): Promise<void>;
}

export interface TeamsHarnessOptions extends Partial<Omit<TeamsAdapterOptions, "core">> {
  core: GovernanceCore;
  /** Defaults to the core when it is a fake that keeps chat state too. */
  chatState?: ChatState;
  /** Host the bot listens on (default loopback). */
  host?: string;
  clientOptions?: Partial<TeamsClientOptions>;
  /** The adapter as the bot composes it: botbuilder loaded at first use (src/adapters/teams/lazy-teams-adapter.ts). */
  lazy?: boolean;
}

/** A fake core keeps the chat state too; a real core comes with its own. */
function chatStateOf(options: { core: GovernanceCore; chatState?: ChatState }): ChatState {
  if (options.chatState !== undefined) return options.chatState;
  if ("claimInbound" in options.core) return options.core as GovernanceCore & ChatState;
  throw new Error("pass chatState along with a real core");
}

export const silentLogger = (): Logger => pino({ level: "silent" });

/** A logger whose JSON lines are kept, to check what reaches the log. */
export function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

export async function startTeamsHarness(options: TeamsHarnessOptions): Promise<TeamsHarness> {
  const logger = options.logger ?? silentLogger();
  const connector = await startFakeBotConnector();
  const http = createHttpServer({ logger });
  const adapter = (options.lazy === true ? createLazyTeamsAdapter : createTeamsAdapter)({
    config: options.config ?? { mode: "local" },
    core: options.core,
    chatState: chatStateOf(options),
    logger,
    ...(options.botFrameworkAuthentication && { botFrameworkAuthentication: options.botFrameworkAuthentication }),
    ...(options.timings && { timings: options.timings }),
  });
  adapter.mount(http);
  const url = await http.listen(0, options.host ?? "127.0.0.1");
  const client = new TeamsClient({ botUrl: url, serviceUrl: connector.serviceUrl, ...options.clientOptions });
  return {
    url,
    connector,
    client,
    adapter,
    async close() {
      await adapter.stop();
      await http.close();
      await connector.close();
    },
  };
}
