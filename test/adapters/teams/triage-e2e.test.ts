// Triage end to end on Teams (PRODUCT.md 4.4): the whole bot as it runs
// (`startApp`, its store, pg-boss, the watch) against the Okta sandbox over
// HTTP and the fake Bot Connector. alice launches a review of dan, bob
// approves, and once the review is ACTIVE the watch posts the triage card in
// the launch thread. Then: refusals cost no Okta call, a Revoke confirmed in
// its dialog and delivered twice makes one Okta action and one comment naming
// the reviewer, Close makes one CLOSE_REVIEW and leaves a read-only card,
// hostile button values change nothing, `sar review` posts a card that later
// actions update, and two replicas on one PostgreSQL make one action when
// they get the same click at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../../../src/app.js";
import { createLogger } from "../../../src/log.js";
import type { FakeBotConnector, WireActivity } from "../../../src/fakes/bot-connector.js";
import { BOT, CHANNEL, TENANT_ID, TeamsClient, teamsUser, type TeamsUser } from "../../../src/fakes/teams-client.js";
import { startBot, startPeers, type BotInstance, type Peers } from "../../../src/fakes/whole-bot.js";
import type { RunningSandbox } from "../../../src/sandbox/index.js";
import { DEMO_USERS } from "../../../src/sandbox/org/index.js";
import { createManualClock } from "../../support/core-harness.js";
import { createTestDatabase, describeWithPostgres, probePostgres, type TestDatabase } from "../../support/databases.js";
import { allText, button, buttonsOf, cardOf, CARD_TYPE, inputsOf, invokeCard, invokeMessage, refreshOf, taskOf } from "./support/card-reading.js";

type DemoKey = "alice" | "bob" | "carol" | "dan" | "erin";
const KEYS: DemoKey[] = ["alice", "bob", "carol", "dan", "erin"];
const USERS = Object.fromEntries(KEYS.map((k) => [k, teamsUser(k, DEMO_USERS[k].email)])) as Record<DemoKey, TeamsUser>;

const ACTION_OP = "executeSecurityAccessReviewAccessesAction";
const REVIEW_ACTION_OP = "executeSecurityAccessReviewAction";
/** More than half the watch's interval (60 s): each step makes every watch due again. */
const WATCH_STEP_MS = 31_000;
const PRIORITY_RANK: Record<string, number> = { HIGH: 3, MEDIUM: 2, LOW: 1 };

let sequence = 0;

interface Launched {
  reference: string;
  /** The approval card's message id: the root of the launch thread. */
  cardId: string;
  sarId: string;
  /** The conversation id of the launch thread. */
  thread: string;
}

/** One bot seen through Teams: the activities it gets and what the fake Bot Connector holds. */
class TeamsSide {
  readonly client: TeamsClient;
  constructor(
    readonly connector: FakeBotConnector,
    readonly app: () => RunningApp,
  ) {
    this.client = new TeamsClient({ botUrl: app().url, serviceUrl: connector.serviceUrl });
  }

  /** An invoke from `from` on a card in the launch thread (message `replyToId`), as Teams sends it. */
  invoke(from: TeamsUser, launch: Pick<Launched, "cardId">, name: string, value: unknown, replyToId: string) {
    const activity = {
      type: "invoke",
      name,
      value,
      id: `f:triage-e2e-${++sequence}`,
      channelId: "msteams",
      serviceUrl: this.connector.serviceUrl,
      timestamp: new Date().toISOString(),
      from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
      recipient: { ...BOT },
      conversation: { id: `${CHANNEL.id};messageid=${launch.cardId}`, conversationType: "channel", isGroup: true, tenantId: TENANT_ID },
      channelData: { tenant: { id: TENANT_ID }, team: { id: CHANNEL.teamId }, channel: { id: CHANNEL.id } },
      replyToId,
    };
    return { activity, send: () => this.client.send(activity) };
  }

  click(from: TeamsUser, launch: Pick<Launched, "cardId">, replyToId: string, verb: string, data: Record<string, unknown>, trigger: "manual" | "automatic" = "manual") {
    return this.invoke(from, launch, "adaptiveCard/action", { action: { type: "Action.Execute", id: `a${sequence}`, verb, data: { ...data, verb } }, trigger }, replyToId);
  }

  taskFetch(from: TeamsUser, launch: Pick<Launched, "cardId">, replyToId: string, data: Record<string, unknown>) {
    return this.invoke(from, launch, "task/fetch", { data, context: { theme: "default" } }, replyToId);
  }

  taskSubmit(from: TeamsUser, launch: Pick<Launched, "cardId">, replyToId: string, data: Record<string, unknown>) {
    return this.invoke(from, launch, "task/submit", { data, context: { theme: "default" } }, replyToId);
  }

  /** alice starts a launch on `target` from a message that mentions them, and submits the form. */
  async startLaunch(requester: TeamsUser, target: TeamsUser, reason: string): Promise<{ reference: string; cardId: string; launchId: string }> {
    const before = this.connector.posted.length;
    const fetched = await this.client.fetchTask(requester, {
      messagePayload: {
        id: `${Date.now()}`,
        body: { contentType: "html", content: `<p>Heads up about <at id="0">${target.name}</at></p>` },
        mentions: [{ id: 0, mentionText: target.name, mentioned: { user: { id: target.aadObjectId, displayName: target.name } } }],
      },
    });
    const { card } = taskOf(fetched.body);
    if (!card) throw new Error(`no launch form: ${JSON.stringify(fetched.body)}`);
    const submit = buttonsOf(card).find((b) => b.title === "Submit");
    const submitted = await this.client.submitAction(requester, { ...inputsOf(card), ...submit?.data, reason, durationDays: String(inputsOf(card).durationDays) });
    expect(submitted.status).toBe(200);
    const post = await this.connector.waitFor(
      "the approval card",
      () => this.connector.posted.slice(before).find((p) => p.activity.attachments?.some((a) => a.contentType === CARD_TYPE) && allText(cardOf(p.activity)).includes(reason)),
      30_000,
    );
    const shown = cardOf(post.activity);
    const reference = /Reference: (L[0-9A-Z]{6})/.exec(allText(shown))?.[1];
    const launchId = buttonsOf(shown).find((b) => b.title === "Approve")?.data.launchId;
    if (reference === undefined || typeof launchId !== "string") throw new Error(`the approval card names no launch: ${allText(shown)}`);
    return { reference, cardId: post.id, launchId };
  }

  /** Messages posted in a conversation (thread), in order. */
  postedIn(thread: string) {
    return this.connector.posted.filter((p) => p.conversationId === thread);
  }

  /** The latest version of the message `id` (its last update, else as posted). */
  latest(id: string): WireActivity | undefined {
    return this.connector.updated.filter((u) => u.activityId === id).at(-1)?.activity ?? this.connector.posted.find((p) => p.id === id)?.activity;
  }
}

const isTriageCard = (activity: WireActivity): boolean => {
  if (!activity.attachments?.some((a) => a.contentType === CARD_TYPE)) return false;
  return buttonsOf(cardOf(activity)).some((b) => b.title === "Show my actions") || /Review id: sar/.test(allText(cardOf(activity)));
};

/** Time for the sandbox and the bot: moved by hand, so the review's activation and the watch's rounds come when the test says. */
const clock = createManualClock();

/** Moves the clock past the watch's next check and polls once, until `read` gives a value (bounded). */
async function pollUntil<T>(what: string, app: RunningApp, read: () => T | undefined | false, rounds = 10): Promise<T> {
  for (let i = 0; i < rounds; i++) {
    const value = read();
    if (value !== undefined && value !== false) return value;
    clock.advance(WATCH_STEP_MS);
    await app.core.watches.pollOnce();
  }
  const last = read();
  if (last !== undefined && last !== false) return last;
  throw new Error(`never saw: ${what}`);
}

function sarOf(sandbox: RunningSandbox, reference: string) {
  return sandbox.org.listSars().find((s) => s.name.endsWith(reference));
}

/** Launch with approval, approve, and wait for the SAR: the launch thread's coordinates. */
async function launchAndApprove(side: TeamsSide, sandbox: RunningSandbox, reason: string): Promise<Launched> {
  const { reference, cardId, launchId } = await side.startLaunch(USERS.alice, USERS.dan, reason);
  const approved = await side.client.cardAction(USERS.bob, { verb: "launch.approve", data: { launchId } }, { replyToId: cardId, threadRootId: cardId });
  expect(approved.status).toBe(200);
  const sar = await side.connector.waitFor("the SAR in Okta", () => sarOf(sandbox, reference), 30_000);
  return { reference, cardId, sarId: sar.id, thread: `${CHANNEL.id};messageid=${cardId}` };
}

function okCalls(sandbox: RunningSandbox, operationId: string) {
  return sandbox.calls.list({ operationId }).filter((c) => c.status < 300);
}


function items(sandbox: RunningSandbox, sarId: string) {
  const sar = sandbox.org.getSar(sarId);
  if (sar === undefined) throw new Error(`no SAR ${sarId} in the sandbox`);
  return sandbox.org.triageItems(sar);
}

/** Buttons people press (not the links out to Okta). */
const actionButtons = (card: unknown) => buttonsOf(card).filter((b) => b.type !== "Action.OpenUrl");

/** A person's own version of the card (what Teams fetches for them through the refresh). */
async function personCard(side: TeamsSide, user: TeamsUser, launch: Pick<Launched, "cardId" | "sarId">, cardId: string) {
  const res = await side.click(user, launch, cardId, "triage.refresh", { sarId: launch.sarId }, "automatic").send();
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return invokeCard(res.body);
}

/** The dialog a Revoke (or Close) button opens, and its submit button's data. */
async function dialog(side: TeamsSide, user: TeamsUser, launch: Pick<Launched, "cardId">, cardId: string, buttonData: Record<string, unknown>) {
  const fetched = await side.taskFetch(user, launch, cardId, buttonData).send();
  expect(fetched.status).toBe(200);
  const { card } = taskOf(fetched.body);
  if (card === undefined) throw new Error(`no dialog: ${JSON.stringify(fetched.body)}`);
  const submit = actionButtons(card).find((b) => b.type === "Action.Submit");
  if (submit === undefined) throw new Error("the dialog has no submit button");
  return { card, data: submit.data };
}

describe("Teams triage end to end (whole bot, sandbox over HTTP)", () => {
  let peers: Peers;
  let bot: BotInstance<RunningApp>;
  let side: TeamsSide;
  let sandbox: RunningSandbox;
  let launch: Launched;
  /** The shared triage card's message id in the launch thread. */
  let triageId: string;
  /** The card `review <ref>` posted. */
  let reviewCardId: string;

  beforeAll(async () => {
    peers = await startPeers({ teams: true, oktaAuth: "api-token", sandbox: { clock } });
    sandbox = peers.sandbox;
    const connector = peers.connector;
    if (connector === undefined) throw new Error("no fake Bot Connector");
    for (const user of Object.values(USERS)) connector.addMember({ id: user.id, aadObjectId: user.aadObjectId, name: user.name, email: user.email });
    bot = await startBot({ startApp, createLogger }, peers.env(), { logLevel: "warn", clock });
    side = new TeamsSide(connector, () => bot.app);
  }, 120_000);

  afterAll(async () => {
    await bot?.close();
    await peers?.close();
  });

  it("launch, approve: once the review is ACTIVE the triage card is in the launch thread, highest priority first", async () => {
    launch = await launchAndApprove(side, sandbox, "INC-TRIAGE-1 token theft");
    const card = await pollUntil("the triage card in the launch thread", bot.app, () => side.postedIn(launch.thread).find((p) => isTriageCard(p.activity)));
    triageId = card.id;
    const shown = cardOf(card.activity);
    expect(allText(shown)).toContain(launch.sarId);
    expect(allText(shown)).toContain("dan.target@example.com");
    // The shared card has no action buttons; people get theirs through the refresh.
    expect(buttonsOf(shown).map((b) => b.title)).not.toContain("Revoke");
    expect(refreshOf(shown)?.verb).toBe("triage.refresh");
    const priorities = [...allText(shown).matchAll(/(HIGH|MEDIUM|LOW) priority/g)].map((m) => PRIORITY_RANK[m[1] ?? ""] ?? 0);
    expect(priorities.length).toBeGreaterThan(1);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    // Posted once, however often the watch looks.
    await bot.app.core.watches.pollOnce();
    expect(side.postedIn(launch.thread).filter((p) => isTriageCard(p.activity))).toHaveLength(1);
  });

  it("someone without the role and the principal under review are refused, privately, with no Okta call", async () => {
    const bobCard = await personCard(side, USERS.bob, launch, triageId);
    const revoke = button(bobCard, "Revoke");
    for (const who of [USERS.alice, USERS.dan]) {
      // Neither sees a Revoke of their own: the button is bob's, pressed anyway.
      // (dan may not even read reviews: his refresh is refused and he keeps the shared card.)
      const own = await side.click(who, launch, triageId, "triage.refresh", { sarId: launch.sarId }, "automatic").send();
      if (own.status === 200) expect(actionButtons(invokeCard(own.body)).map((b) => b.title)).not.toContain("Revoke");
      else expect(own.status).toBe(403);
      const { data } = await dialog(side, who, launch, triageId, revoke.data);
      // The bot's own watch may poll Okta at any moment (its schedule runs on wall time), so a refusal
      // is tried up to three times: one that calls Okta would do so every time.
      const seen: string[][] = [];
      for (let attempt = 0; attempt < 3 && seen.at(-1)?.length !== 0; attempt++) {
        const callsBefore = sandbox.calls.count();
        const postedBefore = side.connector.posted.length;
        const updatedBefore = side.connector.updated.length;
        const res = await side.taskSubmit(who, launch, triageId, { ...data, note: "let me" }).send();
        expect(res.status).toBe(200);
        expect(taskOf(res.body).message).toMatch(who === USERS.dan ? /cannot act on it/ : /You need the approver role/);
        seen.push(sandbox.calls.list().slice(callsBefore).map((c) => `${c.method} ${c.path}`));
        expect(side.connector.posted.length).toBe(postedBefore);
        expect(side.connector.updated.length).toBe(updatedBefore);
      }
      expect(seen.at(-1), JSON.stringify(seen)).toEqual([]);
    }
    expect(okCalls(sandbox, ACTION_OP)).toHaveLength(0);
  });

  it("a Revoke by someone with sar.remediate, confirmed with a note and delivered twice, makes one Okta action and one comment naming them", async () => {
    const bobCard = await personCard(side, USERS.bob, launch, triageId);
    const revoke = button(bobCard, "Revoke");
    const accessId = String(revoke.data.accessId);
    const target = items(sandbox, launch.sarId).find((i) => i.id === accessId);
    expect(target?.supportedActions).toContain("REVOKE_ACCESS");
    const { card, data } = await dialog(side, USERS.bob, launch, triageId, revoke.data);
    expect(Object.keys(inputsOf(card))).toContain("note");
    const updatedBefore = side.connector.updated.length;
    const submit = side.taskSubmit(USERS.bob, launch, triageId, { ...data, note: "stolen token INC-TRIAGE-1" });
    const first = await submit.send();
    const second = await submit.send();
    expect(first.status).toBe(200);
    // Under load the answer may come after Teams' deadline: the card is updated when it is done.
    expect(taskOf(first.body).message).toMatch(/revoked|slow to answer/i);
    expect(second.status).toBe(200);
    await side.connector.waitFor("the comment naming bob", () => sandbox.org.getSar(launch.sarId)?.comments.some((c) => c.comment.includes("stolen token")), 30_000);
    await side.connector.waitFor("the shared card updated", () => side.connector.updated.slice(updatedBefore).some((u) => u.activityId === triageId), 30_000);
    expect(taskOf(second.body).message ?? "").not.toMatch(/not allowed|error|failed/i);

    const actions = okCalls(sandbox, ACTION_OP);
    expect(actions).toHaveLength(1);
    expect(sandbox.org.actions(launch.sarId).map((a) => [a.targetId, a.action])).toEqual([[accessId, "REVOKE_ACCESS"]]);
    const comments = sandbox.org.getSar(launch.sarId)?.comments.map((c) => c.comment) ?? [];
    const naming = comments.filter((c) => c.includes("bob.lead@example.com"));
    expect(naming).toHaveLength(1);
    expect(naming[0]).toContain("stolen token INC-TRIAGE-1");
    expect(naming[0]).toContain(target?.name ?? "?");

    // The shared card is updated in place (never posted again), with what was done on top and no buttons of anyone's.
    const updates = side.connector.updated.slice(updatedBefore).filter((u) => u.activityId === triageId);
    expect(updates.length).toBeGreaterThanOrEqual(1);
    const shared = cardOf(side.latest(triageId));
    expect(allText(shared)).toMatch(/Revoked/);
    expect(actionButtons(shared).map((b) => b.title)).not.toContain("Revoke");
    expect(refreshOf(shared)?.userIds).toContain(USERS.bob.id);
    expect(side.postedIn(launch.thread).filter((p) => isTriageCard(p.activity))).toHaveLength(1);

    // bob's own view: Revoke only where Okta lists it, and no longer on the revoked item.
    const after = await personCard(side, USERS.bob, launch, triageId);
    const supported = new Map(items(sandbox, launch.sarId).map((i) => [i.id, i.supportedActions]));
    const revokes = buttonsOf(after).filter((b) => b.title === "Revoke");
    for (const b of revokes) expect(supported.get(String(b.data.accessId))).toContain("REVOKE_ACCESS");
    expect(revokes.map((b) => b.data.accessId)).not.toContain(accessId);
    // Some seeded items cannot be revoked at all: they get no Revoke.
    const unrevocable = [...supported].filter(([, actions]) => !actions.includes("REVOKE_ACCESS")).map(([id]) => id);
    for (const id of unrevocable) expect(revokes.map((b) => b.data.accessId)).not.toContain(id);
  });

  it("hostile button values (a forged item, an action the item does not offer, another launch's review) get a clear message and change nothing", async () => {
    const other = await launchAndApprove(side, sandbox, "INC-TRIAGE-2 other launch");
    await pollUntil("the other review's card", bot.app, () => side.postedIn(other.thread).find((p) => isTriageCard(p.activity)));
    const bobCard = await personCard(side, USERS.bob, launch, triageId);
    const revoke = button(bobCard, "Revoke");
    const { data } = await dialog(side, USERS.bob, launch, triageId, revoke.data);
    const unrevocable = items(sandbox, launch.sarId).find((i) => !i.supportedActions.includes("REVOKE_ACCESS"));
    const notRestorable = items(sandbox, launch.sarId).find((i) => !i.supportedActions.includes("RESTORE_ACCESS"));
    const otherItem = items(sandbox, other.sarId).find((i) => i.supportedActions.includes("REVOKE_ACCESS"));
    if (unrevocable === undefined || notRestorable === undefined || otherItem === undefined) throw new Error("the seeded reviews lack the items this test needs");
    const forgedId = `${String(revoke.data.accessId).slice(0, -4)}Zz9Q`;

    const attempts: [string, () => Promise<string>][] = [
      ["a forged item id", async () => taskOf((await side.taskSubmit(USERS.bob, launch, triageId, { ...data, accessId: forgedId }).send()).body).message ?? "(a form)"],
      ["Revoke on an item without it", async () => taskOf((await side.taskSubmit(USERS.bob, launch, triageId, { ...data, accessId: unrevocable.id, itemName: unrevocable.name }).send()).body).message ?? "(a form)"],
      [
        "Restore on an item that does not offer it",
        async () => invokeMessage((await side.click(USERS.bob, launch, triageId, "triage.item", { sarId: launch.sarId, accessId: notRestorable.id, action: "RESTORE_ACCESS" }).send()).body),
      ],
      ["another launch's review on this card", async () => taskOf((await side.taskSubmit(USERS.bob, launch, triageId, { ...data, sarId: other.sarId, accessId: otherItem.id }).send()).body).message ?? "(a form)"],
      ["an item of another review", async () => taskOf((await side.taskSubmit(USERS.bob, launch, triageId, { ...data, accessId: otherItem.id }).send()).body).message ?? "(a form)"],
    ];
    const messages: Record<string, string> = {};
    for (const [what, attempt] of attempts) {
      const actionsBefore = sandbox.calls.count({ operationId: ACTION_OP });
      const commentsBefore = sandbox.calls.count({ operationId: "addSecurityAccessReviewComment" });
      const postedBefore = side.connector.posted.length;
      const updatedBefore = side.connector.updated.length;
      messages[what] = await attempt();
      expect(sandbox.calls.count({ operationId: ACTION_OP }), what).toBe(actionsBefore);
      expect(sandbox.calls.count({ operationId: "addSecurityAccessReviewComment" }), what).toBe(commentsBefore);
      expect(side.connector.posted.length, what).toBe(postedBefore);
      expect(side.connector.updated.length, what).toBe(updatedBefore);
    }
    expect(sandbox.org.actions(other.sarId)).toEqual([]);
    expect(sandbox.org.actions(launch.sarId)).toHaveLength(1);
  });

  it("`review <launch ref>` posts the shared card, and a later action updates it in place", async () => {
    const asked = await side.client.message(USERS.bob, `review ${launch.reference}`);
    expect(asked.status).toBeLessThan(300);
    const answer = await side.connector.waitFor("the review card", () => side.connector.posted.find((p) => p.replyToId === asked.activity.id || p.conversationId === `${CHANNEL.id};messageid=${asked.activity.id}`), 30_000);
    expect(isTriageCard(answer.activity)).toBe(true);
    reviewCardId = answer.id;
    const root = { cardId: asked.activity.id, sarId: launch.sarId };
    const shown = cardOf(answer.activity);
    expect(allText(shown)).toContain(launch.sarId);
    expect(actionButtons(shown).map((b) => b.title)).not.toContain("Revoke");

    const bobCard = await personCard(side, USERS.bob, root, reviewCardId);
    const revoke = button(bobCard, "Revoke");
    const { data } = await dialog(side, USERS.bob, root, reviewCardId, revoke.data);
    const res = await side.taskSubmit(USERS.bob, root, reviewCardId, data).send();
    expect(taskOf(res.body).message).toMatch(/revoked|slow to answer/i);
    await side.connector.waitFor("the review card updated", () => side.connector.updated.some((u) => u.activityId === reviewCardId), 30_000);
    expect(okCalls(sandbox, ACTION_OP)).toHaveLength(2);
    const updated = side.latest(reviewCardId);
    expect(side.connector.updated.some((u) => u.activityId === reviewCardId)).toBe(true);
    expect(allText(cardOf(updated))).toContain(typeof revoke.data.itemName === "string" ? revoke.data.itemName : "Revoked");
  });

  it("Close review makes one CLOSE_REVIEW; the thread says closed with the summary and the cards have no buttons", async () => {
    const bobCard = await personCard(side, USERS.bob, launch, triageId);
    const close = button(bobCard, "Close review");
    const { data } = await dialog(side, USERS.bob, launch, triageId, close.data);
    const submit = side.taskSubmit(USERS.bob, launch, triageId, { ...data, note: "contained" });
    const first = await submit.send();
    await submit.send();
    // Under load the answer may come after Teams' deadline: the card is updated when it is done.
    expect(taskOf(first.body).message).toMatch(/closed|slow to answer/i);
    await side.connector.waitFor("the comment naming bob", () => sandbox.org.getSar(launch.sarId)?.comments.some((c) => c.comment.includes("bob.lead@example.com") && /clos/i.test(c.comment)), 30_000);
    const closes = okCalls(sandbox, REVIEW_ACTION_OP);
    expect(closes).toHaveLength(1);
    expect(sandbox.org.getSar(launch.sarId)?.status).toBe("CLOSED");
    expect(sandbox.org.getSar(launch.sarId)?.comments.filter((c) => c.comment.includes("bob.lead@example.com") && /clos/i.test(c.comment))).toHaveLength(1);

    const closing = await pollUntil("the closing summary in the launch thread", bot.app, () =>
      side.postedIn(launch.thread).find((p) => p.activity.attachments !== undefined && !isTriageCard(p.activity) && /closed/i.test(allText(cardOf(p.activity))) && /Revoked: \d/.test(allText(cardOf(p.activity)))),
    );
    const said = `${closing.activity.text ?? ""} ${closing.activity.attachments ? allText(cardOf(closing.activity)) : ""}`;
    expect(said).toMatch(/Revoked: 2/);
    expect(said).toMatch(/Left as they were: \d/);
    expect(said).toContain("bob.lead@example.com");
    // Whatever the watch sees later, the closing summary is said once.
    await pollUntil("a quiet round", bot.app, () => false, 2).catch(() => undefined);
    expect(side.postedIn(launch.thread).filter((p) => p.activity.attachments !== undefined && /Revoked: \d/.test(allText(cardOf(p.activity))))).toHaveLength(1);
    for (const id of [triageId, reviewCardId]) {
      const card = cardOf(side.latest(id));
      expect(actionButtons(card), id).toEqual([]);
      expect(refreshOf(card), id).toBeUndefined();
    }
  }, 120_000);
});

const probe = await probePostgres();

describeWithPostgres(probe, "Teams triage on two replicas sharing one PostgreSQL", () => {
  let database: TestDatabase;
  let peers: Peers;
  let a: BotInstance<RunningApp>;
  let b: BotInstance<RunningApp>;
  let onA: TeamsSide;
  let onB: TeamsSide;

  beforeAll(async () => {
    database = await createTestDatabase();
    peers = await startPeers({ teams: true, oktaAuth: "api-token", sandbox: { clock } });
    const connector = peers.connector;
    if (connector === undefined) throw new Error("no fake Bot Connector");
    for (const user of Object.values(USERS)) connector.addMember({ id: user.id, aadObjectId: user.aadObjectId, name: user.name, email: user.email });
    a = await startBot({ startApp, createLogger }, peers.env({ DATABASE_URL: database.url }), { logLevel: "warn", clock });
    b = await startBot({ startApp, createLogger }, peers.env({ DATABASE_URL: database.url }), { logLevel: "warn", clock });
    onA = new TeamsSide(connector, () => a.app);
    onB = new TeamsSide(connector, () => b.app);
  }, 180_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await peers?.close();
    await database?.drop();
  });

  it("the same Revoke reaching both replicas at once makes one Okta action and one comment", async () => {
    const { sandbox } = peers;
    const launch = await launchAndApprove(onA, sandbox, "INC-TRIAGE-REPLICAS");
    // Both replicas' watches look; the launch thread gets one card.
    const card = await pollUntil("the triage card", a.app, () => onA.postedIn(launch.thread).find((p) => isTriageCard(p.activity)));
    await Promise.all([a.app.core.watches.pollOnce(), b.app.core.watches.pollOnce()]);
    expect(onA.postedIn(launch.thread).filter((p) => isTriageCard(p.activity))).toHaveLength(1);

    const bobCard = await personCard(onB, USERS.bob, launch, card.id);
    const revoke = button(bobCard, "Revoke");
    const { data } = await dialog(onA, USERS.bob, launch, card.id, revoke.data);
    const submit = onA.taskSubmit(USERS.bob, launch, card.id, { ...data, note: "both at once" });
    const answers = await Promise.all([onA.client.send(submit.activity), onB.client.send(submit.activity)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    await onA.connector.waitFor("the comment naming bob", () => sandbox.org.getSar(launch.sarId)?.comments.some((c) => c.comment.includes("both at once")), 30_000);
    expect(okCalls(sandbox, ACTION_OP)).toHaveLength(1);
    expect(sandbox.org.actions(launch.sarId)).toHaveLength(1);
    expect(sandbox.org.getSar(launch.sarId)?.comments.filter((c) => c.comment.includes("bob.lead@example.com"))).toHaveLength(1);
  });
});
