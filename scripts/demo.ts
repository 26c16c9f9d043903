/**
 * `npm run demo`: a scripted incident played through the real Slack and
 * Teams adapters over HTTP, against the built-in Okta sandbox. The app
 * runs in-process with Slack pointed at a local fake Slack Web API and
 * Teams in local mode with a local fake Bot Connector; nothing leaves the
 * machine. Prints a transcript; exits 0 when every step happened.
 */
import { startApp, type RunningApp } from "../src/app.js";
import { createLogger } from "../src/log.js";
import type { RunningSandbox } from "../src/sandbox/index.js";
import { DEMO_REQUESTS, DEMO_USERS } from "../src/sandbox/org/index.js";
import { summary, Transcript } from "../src/demo/transcript.js";
import { SLACK_USERS, type FakeSlackApi, type SlackApiCall } from "../src/fakes/slack-web-api.js";
import type { FakeBotConnector } from "../src/fakes/bot-connector.js";
import { blockActionPayload, interactionBody, nextTriggerId, postSigned, slashCommandBody, viewSubmissionPayload } from "../src/fakes/slack-requests.js";
import { plainMessage, teamsUser } from "../src/fakes/teams-client.js";
import { discardLogs, startBot, startPeers, type Peers } from "../src/fakes/whole-bot.js";

const ACTIVATION_DELAY_MS = 1_500;
const STEP_TIMEOUT_MS = 20_000;
const CHANNEL = "#incident-4711";

class DemoError extends Error {}

async function expectAck(step: string, res: Response): Promise<Response> {
  if (res.status !== 200) throw new DemoError(`${step}: the bot answered HTTP ${res.status}: ${await res.text()}`);
  return res;
}

async function waitForCall(slack: FakeSlackApi, step: string, method: string, predicate: (c: SlackApiCall) => boolean): Promise<SlackApiCall> {
  try {
    return await slack.waitForCall(method, predicate, STEP_TIMEOUT_MS);
  } catch (err) {
    throw new DemoError(`${step}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function play(t: Transcript, sandbox: RunningSandbox, slack: FakeSlackApi, connector: FakeBotConnector, app: RunningApp): Promise<string> {
  const { alice, bob } = SLACK_USERS;
  t.say("demo", "setup", `bot at ${app.url}, Okta sandbox at ${sandbox.url}, Slack workspace "Demo Incident Response", Teams (local mode)`);

  // 1. alice starts a launch from the incident channel.
  const triggerId = nextTriggerId();
  t.say("slack", `alice in ${CHANNEL}`, "/sar @dan.target suspicious OAuth grant INC-4711");
  await expectAck("the /sar command", await postSigned(app.url, slashCommandBody({ user: alice, text: "<@U0TARGET|dan.target> suspicious OAuth grant INC-4711", triggerId })));
  const opened = await waitForCall(slack, "the launch form", "views.open", (c) => c.args.trigger_id === triggerId);
  const viewId = String((opened.response?.view as { id?: unknown } | undefined)?.id);
  await waitForCall(slack, "the filled-in launch form", "views.update", (c) => c.args.view_id === viewId);
  const view = slack.views.get(viewId);
  if (view === undefined) throw new DemoError("the launch form: Slack has no such view");
  const shown = (view.blocks as { block_id?: string; element?: { initial_value?: string } }[]).filter((b) => b.block_id && b.element?.initial_value);
  t.say("slack", "bot -> alice (modal)", `launch form: ${shown.map((b) => `${b.block_id}=${b.element?.initial_value}`).join(", ")}`);

  // 2. alice picks the reviewers and submits.
  const values = { target: "@dan.target", reviewers: `${DEMO_USERS.erin.login}, ${DEMO_USERS.frank.login}`, durationDays: "7", reason: "suspicious OAuth grant", incidentRef: "INC-4711" };
  t.say("slack", "alice (modal)", `submits: reviewers ${values.reviewers}, ${values.durationDays} days, reason "${values.reason}", incident ${values.incidentRef}`);
  await expectAck("the launch form submission", await postSigned(app.url, interactionBody(viewSubmissionPayload(alice, view, values))));
  const card = await waitForCall(slack, "the approval card", "chat.postMessage", (c) => JSON.stringify(c.args.blocks ?? "").includes("sar_approve"));
  const cardTs = String(card.response?.ts);
  const launchId = String(
    (card.args.blocks as { elements?: { action_id?: string; value?: string }[] }[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id === "sar_approve")?.value,
  );
  t.say("slack", `bot -> ${CHANNEL}`, `approval card: ${summary(card.args.blocks)}`);

  // 3. bob approves.
  t.say("slack", `bob in ${CHANNEL}`, "clicks Approve on the card");
  await expectAck("bob's approval", await postSigned(app.url, interactionBody(blockActionPayload({ user: bob, actionId: "sar_approve", value: launchId, messageTs: cardTs }))));
  const launched = await waitForCall(slack, "the SAR launch", "chat.postMessage", (c) => c.args.thread_ts === cardTs && String(c.args.text).includes("created for"));
  t.say("slack", `bot -> ${CHANNEL} (thread)`, String(launched.args.text));
  const sar = sandbox.org.listSars().find((s) => s.principalId === DEMO_USERS.dan.id && s.name.includes("INC-4711"));
  if (sar === undefined) throw new DemoError("the SAR launch: the Okta sandbox has no review of dan for INC-4711");
  t.say("okta", "sandbox", `security access review ${sar.id} "${sar.name}" created`);

  // 4. The review turns ACTIVE; the bot's watch poll reports it in the thread.
  await new Promise((r) => setTimeout(r, ACTIVATION_DELAY_MS + 100));
  await app.core.watches.pollOnce();
  const active = await waitForCall(slack, "the SAR turning ACTIVE", "chat.postMessage", (c) => c.args.thread_ts === cardTs && String(c.args.text).includes("ACTIVE"));
  t.say("slack", `bot -> ${CHANNEL} (thread)`, String(active.args.text));

  // 5. In Teams, alice leaves a message on dan's pending access request.
  const aliceTeams = teamsUser("alice", DEMO_USERS.alice.email);
  connector.addMember({ id: aliceTeams.id, aadObjectId: aliceTeams.aadObjectId, name: aliceTeams.name, email: aliceTeams.email });
  const text = `message ${DEMO_REQUESTS.danPending.id} Holding this while INC-4711 is investigated`;
  t.say("teams", "alice (chat with the bot)", text);
  const before = connector.posted.length;
  const res = await fetch(`${app.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(plainMessage(connector.serviceUrl, aliceTeams, text)) });
  if (res.status >= 300) throw new DemoError(`the Teams message: the bot answered HTTP ${res.status}`);
  const reply = await connector.waitFor("the bot's Teams answer", () => connector.posted[before], STEP_TIMEOUT_MS).catch((err: unknown) => {
    throw new DemoError(err instanceof Error ? err.message : String(err));
  });
  const replyText = summary(reply.activity) || "(empty reply)";
  t.say("teams", "bot -> alice", replyText);
  if (!/posted|sent|added|message/i.test(replyText) || /not allowed|error|could not/i.test(replyText)) throw new DemoError(`the Teams message: the bot did not confirm it: ${replyText}`);

  t.say("demo", "done", `SAR ${sar.id} is ACTIVE; request ${DEMO_REQUESTS.danPending.id} has alice's message`);
  return sar.id;
}

async function main(): Promise<number> {
  const t = new Transcript((line) => console.log(line));
  const closers: (() => Promise<void>)[] = [];
  try {
    const peers: Peers = await startPeers({
      teams: true,
      oktaAuth: "api-token",
      logLevel: "error",
      sandbox: { sarActivationDelayMs: ACTIVATION_DELAY_MS, logger: createLogger({ level: "error", destination: discardLogs() }) },
    });
    closers.push(() => peers.close());
    const { sandbox, slack, connector } = peers;
    if (connector === undefined) throw new DemoError("setup: the fake Bot Connector did not start");
    const bot = await startBot({ startApp, createLogger }, peers.env(), { logLevel: "error", logs: "discard" });
    closers.push(() => bot.close());
    await play(t, sandbox, slack, connector, bot.app);
    return 0;
  } catch (err) {
    console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  }
}

process.exitCode = await main();
