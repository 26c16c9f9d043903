// Stopping the Slack adapter in Socket Mode (what SIGTERM runs): the
// connection closes, and work a listener still does after its ack (an
// approval reaching the core) finishes before `stop()` resolves, so the
// database is not closed under it. An acked envelope is never re-sent by
// Slack: work dropped here would be lost.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackAdapter, type SlackAdapter } from "../../../src/adapters/slack/index.js";
import type { Reply } from "../../../src/governance/replies.js";
import { BOT_TOKEN, SLACK_USERS, startFakeSlackApi, type FakeSlackApi } from "../../../src/fakes/slack-web-api.js";
import { startFakeSocketMode, type FakeSocketMode } from "../../support/fake-socket-mode.js";
import { deferred } from "./support/deferred.js";
import { FakeCore, sampleLaunch } from "./support/fake-core.js";
import { eventually } from "./support/slack-bench.js";
import { blockActionPayload } from "../../../src/fakes/slack-requests.js";

const APP_TOKEN = "xapp-1-test-app-level-token";

describe("Socket Mode shutdown", () => {
  const core = new FakeCore();
  let sockets: FakeSocketMode;
  let slack: FakeSlackApi;
  let adapter: SlackAdapter;

  beforeAll(async () => {
    sockets = await startFakeSocketMode();
    slack = await startFakeSlackApi({ socketMode: { appToken: APP_TOKEN, socketUrl: () => sockets.nextUrl() } });
    adapter = createSlackAdapter({ config: { mode: "socket", appToken: APP_TOKEN, botToken: BOT_TOKEN, apiUrl: slack.url }, core, chatState: core, logger: pino({ level: "silent" }) });
    await adapter.start();
    await sockets.waitForOpen(1);
  });
  afterAll(async () => {
    await sockets?.close();
    await slack?.close();
  });

  it("waits for an acked approval still at the core, then closes the connection", async () => {
    const decision = deferred<Reply>();
    core.overrides.decideLaunch = () => decision.promise;
    const launch = sampleLaunch();
    const approve = sockets.envelope("interactive", blockActionPayload({ user: SLACK_USERS.bob, actionId: "sar_approve", value: launch.id, messageTs: "1700000000.000200" }));
    sockets.deliver(1, approve);
    await sockets.waitForAck(approve.envelope_id, 1);
    await eventually("the approval reached the core", () => core.callsTo("decideLaunch").length === 1);

    let stopped = false;
    const stopping = adapter.stop().then(() => (stopped = true));
    await eventually("the connection is closed", () => sockets.connections[0]?.open === false);
    expect(stopped).toBe(false);

    decision.resolve({ type: "decision-recorded", launch: sampleLaunch({ state: "APPROVED" }), decision: "approve", outcome: "approved" });
    await stopping;
    // The reply to Bob was posted before stop() resolved: the work after the ack was not cut off.
    expect(slack.callsTo("chat.postEphemeral").filter((c) => c.args.user === SLACK_USERS.bob.id)).toHaveLength(1);
    // Stopped for good: no reconnect.
    expect(slack.callsTo("apps.connections.open")).toHaveLength(1);
  });
});
