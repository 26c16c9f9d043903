/**
 * `npm run demo`: a scripted incident played through the real Slack and
 * Teams adapters over HTTP, against the built-in Okta sandbox. The app
 * runs in-process with Slack pointed at a local fake Slack Web API and
 * Teams in local mode with a local fake Bot Connector; nothing leaves the
 * machine. The story: alice launches a security access review of dan, bob
 * approves, the review turns ACTIVE and its triage card appears in the
 * launch thread; erin (a reviewer) revokes the top item with a note, Slack
 * delivering her confirmation twice; bob closes the review and the thread
 * gets the closing summary; alice posts a request message from Teams.
 * Prints a transcript; exits 0 when every step happened.
 */
import { startApp, type RunningApp } from "../src/app.js";
import { createLogger } from "../src/log.js";
import type { RunningSandbox } from "../src/sandbox/index.js";
import { DEMO_REQUESTS, DEMO_USERS } from "../src/sandbox/org/index.js";
import { plainText, slackCardLines, summary, Transcript } from "../src/demo/transcript.js";
import { SLACK_USERS, type FakeSlackApi, type SlackApiCall } from "../src/fakes/slack-web-api.js";
import type { FakeBotConnector } from "../src/fakes/bot-connector.js";
import { blockActionPayload, interactionBody, nextTriggerId, postSigned, slashCommandBody, viewSubmissionPayload } from "../src/fakes/slack-requests.js";
import { plainMessage, teamsUser } from "../src/fakes/teams-client.js";
import type { SlackUserRef } from "../src/fakes/slack-requests.js";
import { ACTION_IDS } from "../src/adapters/slack/surface.js";
import { decodeTriageValue } from "../src/adapters/slack/render/render-triage.js";
import { TRIAGE_BLOCKS } from "../src/adapters/slack/views/triage-modals.js";
import { discardLogs, startBot, startPeers, type Peers } from "../src/fakes/whole-bot.js";

const ACTIVATION_DELAY_MS = 1_500;
/** How long one step may take before the demo gives up: generous, for a loaded machine. */
const STEP_TIMEOUT_MS = 60_000;
/** Pause between two looks while waiting for the watch (a bounded poll, not a fixed wait). */
const POLL_PAUSE_MS = 250;
const REVOKE_NOTE = "OAuth grant used from an unknown IP during INC-4711";
const CLOSE_NOTE = "Contained; follow-up in INC-4711";
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

/** Runs the bot's watch poll until `found` returns something, or fails the step after STEP_TIMEOUT_MS. */
async function pollUntil<T>(app: RunningApp, step: string, found: () => T | undefined): Promise<T> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const hit = found();
    if (hit !== undefined) return hit;
    if (Date.now() > deadline) throw new DemoError(`${step}: not seen within ${STEP_TIMEOUT_MS / 1000} s`);
    await app.core.watches.pollOnce();
    const after = found();
    if (after !== undefined) return after;
    await new Promise((r) => setTimeout(r, POLL_PAUSE_MS));
  }
}

/** Waits until `found` returns something (the sandbox's state), or fails the step after STEP_TIMEOUT_MS. */
async function until<T>(step: string, found: () => T | undefined): Promise<T> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const hit = found();
    if (hit !== undefined) return hit;
    if (Date.now() > deadline) throw new DemoError(`${step}: not seen within ${STEP_TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, POLL_PAUSE_MS));
  }
}

interface Button {
  action_id?: string;
  value?: string;
  text?: { text?: string };
}

function buttonsOf(blocks: unknown): Button[] {
  return (Array.isArray(blocks) ? (blocks as { type?: string; elements?: Button[] }[]) : []).filter((b) => b.type === "actions").flatMap((b) => b.elements ?? []);
}

function hasButton(blocks: unknown, actionId: string): boolean {
  return buttonsOf(blocks).some((b) => b.action_id === actionId);
}

/** The priority of each access item on the card, in the order shown. */
function itemPriorities(blocks: unknown): string[] {
  return (Array.isArray(blocks) ? (blocks as { type?: string; text?: { text?: string } }[]) : [])
    .map((b) => (b.type === "section" ? /· priority \*([A-Z]+)\*/.exec(b.text?.text ?? "")?.[1] : undefined))
    .filter((p): p is string => p !== undefined);
}

interface TriageSteps {
  sarId: string;
  /** The approval card: its thread is the launch thread. */
  cardTs: string;
  /** The triage card in that thread. */
  triageTs: string;
  blocks: unknown;
}

/** Opens a triage form by clicking `button` and returns the form as the fake Slack holds it. */
async function openTriageForm(slack: FakeSlackApi, app: RunningApp, step: string, who: SlackUserRef, button: Button, s: TriageSteps): Promise<Record<string, unknown>> {
  const payload = blockActionPayload({ user: who, actionId: String(button.action_id), value: String(button.value), messageTs: s.triageTs, threadTs: s.cardTs });
  await expectAck(step, await postSigned(app.url, interactionBody(payload)));
  const opened = await waitForCall(slack, step, "views.open", (c) => c.args.trigger_id === payload.trigger_id);
  const view = slack.views.get(String((opened.response?.view as { id?: unknown } | undefined)?.id));
  if (view === undefined) throw new DemoError(`${step}: Slack has no such view`);
  return view;
}

/** erin, a reviewer of the review, revokes the top item with a note; Slack delivers her submit twice. */
async function triageRevoke(t: Transcript, sandbox: RunningSandbox, slack: FakeSlackApi, app: RunningApp, s: TriageSteps): Promise<void> {
  const { erin } = SLACK_USERS;
  const revoke = buttonsOf(s.blocks).find((b) => b.action_id === ACTION_IDS.triageRevoke);
  if (revoke === undefined) throw new DemoError("the triage card: no item offers Revoke");
  const itemName = decodeTriageValue(revoke.value)?.itemName ?? "the top item";
  t.say("slack", `erin (reviewer) in ${CHANNEL}`, `clicks Revoke on "${itemName}"`);
  const form = await openTriageForm(slack, app, "the Revoke confirmation", erin, revoke, s);
  t.say("slack", "bot -> erin (modal)", slackCardLines(form.blocks).join(" "));
  t.say("slack", "erin (modal)", `confirms with the note "${REVOKE_NOTE}"`);
  const body = interactionBody(viewSubmissionPayload(erin, form, { [TRIAGE_BLOCKS.note]: REVOKE_NOTE }));
  await expectAck("the Revoke confirmation", await postSigned(app.url, body));
  t.say("slack", "slack", "delivers erin's confirmation a second time (a retry)");
  await expectAck("the Revoke confirmation's retry", await postSigned(app.url, body, { retryNum: 1 }));

  const done = await waitForCall(slack, "the revoke in the thread", "chat.postMessage", (c) => c.args.thread_ts === s.cardTs && String(c.args.text).startsWith("Revoked"));
  t.say("slack", `bot -> ${CHANNEL} (thread)`, plainText(String(done.args.text)));
  const updated = await waitForCall(slack, "the triage card after the revoke", "chat.update", (c) => c.args.ts === s.triageTs && JSON.stringify(c.args.blocks).includes("remediation"));
  const itemLine = slackCardLines(updated.args.blocks).find((l) => l.includes(itemName) && l.includes("remediation"));
  t.say("slack", "bot (card updated in place)", itemLine ?? "the card shows the item's remediation");

  const revokes = await until("the revoke in Okta", () => {
    const found = sandbox.org.actions(s.sarId).filter((a) => a.action === "REVOKE_ACCESS");
    return found.length > 0 ? found : undefined;
  });
  const comment = sandbox.org.getSar(s.sarId)?.comments.find((c) => c.comment.includes(DEMO_USERS.erin.login) && c.comment.startsWith("Revoked"));
  if (comment === undefined) throw new DemoError("the revoke in Okta: no SAR comment names erin");
  const posts = sandbox.calls.count({ operationId: "executeSecurityAccessReviewAccessesAction" });
  t.say("okta", "sandbox", `${revokes.length} REVOKE_ACCESS on "${revokes.map((a) => a.targetName).join(", ")}" (${posts} item action call); SAR comment: "${comment.comment}"`);
}

/** bob, an approver, closes the review; the thread gets the closing summary and the card loses its buttons. */
async function triageClose(t: Transcript, sandbox: RunningSandbox, slack: FakeSlackApi, app: RunningApp, s: TriageSteps): Promise<void> {
  const { bob } = SLACK_USERS;
  const close = buttonsOf(s.blocks).find((b) => b.action_id === ACTION_IDS.triageClose);
  if (close === undefined) throw new DemoError("the triage card: no Close review button");
  t.say("slack", `bob in ${CHANNEL}`, "clicks Close review on the triage card");
  const form = await openTriageForm(slack, app, "the Close review confirmation", bob, close, s);
  t.say("slack", "bot -> bob (modal)", slackCardLines(form.blocks).join(" "));
  t.say("slack", "bob (modal)", `confirms with the note "${CLOSE_NOTE}"`);
  await expectAck("the Close review confirmation", await postSigned(app.url, interactionBody(viewSubmissionPayload(bob, form, { [TRIAGE_BLOCKS.note]: CLOSE_NOTE }))));

  const done = await waitForCall(slack, "the close in the thread", "chat.postMessage", (c) => c.args.thread_ts === s.cardTs && String(c.args.text).startsWith("Closed the review"));
  t.say("slack", `bot -> ${CHANNEL} (thread)`, plainText(String(done.args.text)));
  const closing = await waitForCall(slack, "the closing summary", "chat.postMessage", (c) => c.args.thread_ts === s.cardTs && String(c.args.text).includes("is closed"));
  t.say("slack", `bot -> ${CHANNEL} (thread)`, "closing summary:");
  t.show(slackCardLines(closing.args.blocks));
  const closed = await waitForCall(slack, "the closed card", "chat.update", (c) => c.args.ts === s.triageTs && JSON.stringify(c.args.blocks).includes("(closed)"));
  if (buttonsOf(closed.args.blocks).length > 0) throw new DemoError("the closed card: it still has buttons");
  t.say("slack", "bot (card updated in place)", "the closed card, read-only:");
  t.show(slackCardLines(closed.args.blocks));

  const sar = await until("the close in Okta", () => {
    const found = sandbox.org.getSar(s.sarId);
    return found?.status === "CLOSED" ? found : undefined;
  });
  const closes = sandbox.org.events(s.sarId).filter((e) => e.message === "closed the review");
  const comment = sar.comments.find((c) => c.comment.startsWith("Closed the review") && c.comment.includes(DEMO_USERS.bob.login));
  if (comment === undefined) throw new DemoError("the close in Okta: no SAR comment names bob");
  const posts = sandbox.calls.count({ operationId: "executeSecurityAccessReviewAction" });
  t.say("okta", "sandbox", `review ${sar.id} ${sar.status}: ${closes.length} CLOSE_REVIEW (${posts} review action call); SAR comment: "${comment.comment}"`);
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

  // 4. The review turns ACTIVE; the bot's watch poll reports it in the thread and posts the triage card there.
  const inThread = (c: SlackApiCall) => c.args.thread_ts === cardTs;
  // Okta turns it ACTIVE after a moment; the watch is polled once it has.
  await until("the SAR turning ACTIVE in Okta", () => (sandbox.org.getSar(sar.id)?.status === "ACTIVE" ? true : undefined));
  const active = await pollUntil(app, "the SAR turning ACTIVE", () => slack.callsTo("chat.postMessage").find((c) => inThread(c) && String(c.args.text).includes("ACTIVE")));
  t.say("slack", `bot -> ${CHANNEL} (thread)`, String(active.args.text));
  const triage = await pollUntil(app, "the triage card", () => slack.callsTo("chat.postMessage").find((c) => inThread(c) && hasButton(c.args.blocks, ACTION_IDS.triageRevoke)));
  const triageTs = String(triage.response?.ts);
  t.say("slack", `bot -> ${CHANNEL} (thread)`, "triage card:");
  t.show(slackCardLines(triage.args.blocks));
  const priorities = itemPriorities(triage.args.blocks);
  const order = ["HIGH", "MEDIUM", "LOW"];
  if (priorities.length === 0) throw new DemoError("the triage card: it shows no access items");
  if (priorities.some((p, i) => i > 0 && order.indexOf(p) < order.indexOf(priorities[i - 1] ?? "HIGH"))) {
    throw new DemoError(`the triage card: items are not highest priority first (${priorities.join(", ")})`);
  }

  await triageRevoke(t, sandbox, slack, app, { sarId: sar.id, cardTs, triageTs, blocks: triage.args.blocks });
  await triageClose(t, sandbox, slack, app, { sarId: sar.id, cardTs, triageTs, blocks: triage.args.blocks });

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

  t.say("demo", "done", `SAR ${sar.id}: one item revoked by erin, closed by bob; request ${DEMO_REQUESTS.danPending.id} has alice's message`);
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
