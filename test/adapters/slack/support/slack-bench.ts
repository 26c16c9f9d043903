/**
 * The Slack adapter running for real: Bolt behind our HTTP server on
 * 127.0.0.1, the fake Slack Web API as its SLACK_API_URL, a core (fake or
 * real), and every log line captured (to check that no secret leaks).
 */
import { Writable } from "node:stream";
import { pino } from "pino";
import { createHttpServer } from "../../../../src/adapters/http/server.js";
import { createSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from "../../../../src/adapters/slack/index.js";
import type { ChatState } from "../../../../src/governance/chat-state.js";
import type { GovernanceCore } from "../../../../src/governance/core.js";
import type { Clock } from "../../../../src/governance/ports.js";
import { BOT_TOKEN, startFakeSlackApi, type FakeSlackApi, type FakeSlackApiOptions } from "../../../../src/fakes/slack-web-api.js";
import { SIGNING_SECRET } from "../../../../src/fakes/slack-requests.js";

export interface SlackBench {
  /** Base URL of the bot's HTTP server. */
  url: string;
  slack: FakeSlackApi;
  adapter: SlackAdapter;
  /** Every log line written so far (JSON). */
  logs: string[];
  close(): Promise<void>;
}

export interface SlackBenchOptions {
  core: GovernanceCore;
  /** Defaults to the core when it is a fake that keeps chat state too. */
  chatState?: ChatState;
  clock?: Clock;
  slack?: FakeSlackApiOptions;
  postAck?: SlackAdapterOptions["postAck"];
}

/** A fake core keeps the chat state too; a real core comes with its own. */
function chatStateOf(options: { core: GovernanceCore; chatState?: ChatState }): ChatState {
  if (options.chatState !== undefined) return options.chatState;
  if ("claimInbound" in options.core) return options.core as GovernanceCore & ChatState;
  throw new Error("pass chatState along with a real core");
}

/** Polls `condition` until true; fails with `what` after `timeoutMs`. */
export async function eventually(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function startSlackBench(options: SlackBenchOptions): Promise<SlackBench> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString("utf8"));
      done();
    },
  });
  const logger = pino({ level: "debug" }, sink);
  const slack = await startFakeSlackApi(options.slack);
  const http = createHttpServer({ logger });
  const adapter = createSlackAdapter({
    config: { mode: "http", signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, apiUrl: slack.url },
    core: options.core,
    chatState: chatStateOf(options),
    logger,
    ...(options.clock !== undefined && { clock: options.clock }),
    ...(options.postAck !== undefined && { postAck: options.postAck }),
  });
  adapter.mount(http);
  const url = await http.listen(0, "127.0.0.1");
  await adapter.start();
  return {
    url,
    slack,
    adapter,
    logs,
    async close() {
      await adapter.stop();
      await http.close();
      await slack.close();
    },
  };
}
