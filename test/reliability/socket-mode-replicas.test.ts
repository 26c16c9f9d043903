// Two replicas of the whole app in Socket Mode on one PostgreSQL database,
// each holding one connection to the fake Socket Mode endpoint. Slack
// delivers each envelope to one connection and re-sends it on another when
// the ack does not reach it; here a `/sar` command, a launch-form submission
// and an Approve click are each delivered twice (re-sent on the other
// connection after a lost ack, and the same envelope on both connections at
// once): each is handled exactly once (one modal opened, one launch and card,
// one approval, one SAR at the sandbox) and acked on every connection it
// reached. A `disconnect` of one connection loses nothing. Then a mix: each
// launch's command, submission and approval each delivered once, re-sent on
// the other connection, or on both at once. Default 6 launches; CHAOS=1: 30.
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { BOT_TOKEN, SLACK_USERS, type FakeSlackApi } from "../../src/fakes/slack-web-api.js";
import { startFakeSocketMode, type Envelope, type FakeSocketMode } from "../support/fake-socket-mode.js";
import { createTestDatabase, describeWithPostgres, probePostgres, type TestDatabase } from "../support/databases.js";
import { blockActionPayload, nextTriggerId, slashCommandBody, viewSubmissionPayload, type SlackUserRef } from "../../src/fakes/slack-requests.js";
import { CHAOS, launchForm, oktaEnv, sarsNamed, SlackDriver, startBot, startFakeSlackApi, startOktaSandbox, until, type AppInstance } from "./support/app-bench.js";

const APP_TOKEN = "xapp-1-A0OIGCHATOPS-0000-socket-mode-app-token";
const { alice, bob, carol } = SLACK_USERS;
const MIXED_LAUNCHES = CHAOS ? 30 : 6;
const PARALLEL = 3;

/** How Slack gets one envelope to the app: on one connection, re-sent on the other after a lost ack, or on both at once. */
type Delivery = "once" | "resent" | "both";
const DELIVERIES: readonly Delivery[] = ["once", "resent", "both"];

const probe = await probePostgres();

/** Lets handling still under way on either replica finish before counting effects (the final test counts again). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1_000));

describeWithPostgres(probe, "Socket Mode with two replicas on one PostgreSQL", () => {
  let database: TestDatabase;
  let sandbox: RunningSandbox;
  let sockets: FakeSocketMode;
  let slack: FakeSlackApi;
  let a: AppInstance;
  let b: AppInstance;
  let sql: pg.Client;
  let driver: SlackDriver;
  /** Each replica's current connection id at the fake. */
  const on = { a: 0, b: 0 };
  /** Every trigger id a command envelope carried, and every marker launched, for the final count. */
  const triggers: string[] = [];
  const markers: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    sandbox = await startOktaSandbox();
    sockets = await startFakeSocketMode();
    slack = await startFakeSlackApi({ socketMode: { appToken: APP_TOKEN, socketUrl: () => sockets.nextUrl() } });
    // No SLACK_SIGNING_SECRET and nothing reachable from Slack: Socket Mode needs no public URL.
    const env = { ...oktaEnv(sandbox), SLACK_APP_TOKEN: APP_TOKEN, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: slack.url, DATABASE_URL: database.url };
    a = await startBot(env, "warn");
    on.a = (await sockets.waitForOpen(1))[0]?.id ?? 0;
    b = await startBot(env, "warn");
    on.b = (await sockets.waitForOpen(2)).find((c) => c.id !== on.a)?.id ?? 0;
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    driver = new SlackDriver(slack, () => a.app.url);
  }, 90_000);

  afterAll(async () => {
    await sql?.end();
    await a?.close();
    await b?.close();
    await sockets?.close();
    await slack?.close();
    await sandbox?.close();
    await database?.drop();
  });

  function command(user: SlackUserRef, text: string): Envelope {
    const triggerId = nextTriggerId();
    triggers.push(triggerId);
    return sockets.envelope("slash_commands", Object.fromEntries(new URLSearchParams(slashCommandBody({ user, text, triggerId }))));
  }

  const modalsOpenedFor = (triggerId: unknown) => slack.callsTo("views.open").filter((c) => c.args.trigger_id === triggerId).length;
  const acked = (envelope: Envelope) => sockets.acksOf(envelope.envelope_id).map((ack) => ack.connection).sort();
  const both = () => [on.a, on.b].sort();

  /** `/sar` for `marker`, delivered normally on `via`: the form once its fields replaced "Loading…". */
  async function openForm(marker: string, via: number): Promise<Record<string, unknown>> {
    const envelope = command(alice, `<@U0TARGET|dan.target> ${marker}`);
    sockets.deliver(via, envelope);
    const opened = await slack.waitForCall("views.open", (c) => c.args.trigger_id === envelope.payload.trigger_id, 30_000);
    const id = (opened.response?.view as { id?: string } | undefined)?.id;
    const updated = await slack.waitForCall("views.update", (c) => c.args.view_id === id && JSON.stringify(c.args.view).includes("input"), 30_000);
    return driver.view(updated.args.view_id);
  }

  /** Delivers `envelope` as `how` says, `first` being the connection Slack picks first; resolves once acked on each connection it reached. */
  async function send(envelope: Envelope, how: Delivery, first: number, second: number): Promise<void> {
    if (how === "resent") {
      const outcome = await sockets.deliverUntilAcked(envelope, [first, second], { lostAcksOn: [first] });
      expect(outcome.ackedOn).toBe(second);
    } else {
      sockets.deliver(first, envelope);
      if (how === "both") sockets.deliver(second, envelope);
    }
    await sockets.waitForAck(envelope.envelope_id, first);
    if (how !== "once") await sockets.waitForAck(envelope.envelope_id, second);
  }

  const launchesNamed = async (marker: string) => Number((await sql.query<{ n: string }>("select count(*)::text as n from launches where sar_name like $1", [`%${marker}%`])).rows[0]?.n);
  const cardsFor = (marker: string) => slack.callsTo("chat.postMessage").filter((c) => JSON.stringify(c.args.blocks ?? "").includes("sar_approve") && JSON.stringify(c.args.blocks).includes(marker)).length;
  const repliesTo = (user: SlackUserRef) => slack.callsTo("chat.postEphemeral").filter((c) => c.args.user === user.id).length;
  const sarsCreated = () => sandbox.calls.list({ operationId: "createSecurityAccessReview" }).filter((c) => c.status < 300).length;

  it("starts with no public URL, one connection per replica, each reported ready in /readyz", async () => {
    expect(on.a).toBeGreaterThan(0);
    expect(on.b).toBeGreaterThan(0);
    expect(on.a).not.toBe(on.b);
    const opens = slack.callsTo("apps.connections.open");
    expect(opens).toHaveLength(2);
    expect(opens.every((c) => c.token === APP_TOKEN)).toBe(true);
    for (const replica of [a, b]) {
      const res = await fetch(`${replica.app.url}/readyz`);
      const body = (await res.json()) as { status: string; checks: Record<string, { status: string; detail?: string }> };
      expect(res.status).toBe(200);
      expect(body.checks.slack?.status).toBe("ok");
      expect(body.checks.slack?.detail).toMatch(/^socket mode/);
      // Slack never calls a replica in this mode: there is no route to call.
      expect((await fetch(`${replica.app.url}/slack/events`, { method: "POST", body: "x" })).status).toBe(404);
    }
  });

  it("a /sar re-sent on the other connection after a lost ack opens one modal", async () => {
    const envelope = command(alice, "<@U0TARGET|dan.target> INC-SOCK-CMD-RETRY");
    const outcome = await sockets.deliverUntilAcked(envelope, [on.a, on.b], { lostAcksOn: [on.a] });
    expect(outcome).toEqual({ tried: [on.a, on.b], ackedOn: on.b });
    expect(sockets.connections.find((c) => c.id === on.b)?.delivered.at(-1)).toMatchObject({ envelope_id: envelope.envelope_id, retry_attempt: 1, retry_reason: "timeout" });
    await slack.waitForCall("views.open", (c) => c.args.trigger_id === envelope.payload.trigger_id, 30_000);
    await settle();
    expect(modalsOpenedFor(envelope.payload.trigger_id)).toBe(1);
    expect(acked(envelope)).toEqual(both());
  });

  it("the same /sar on both connections at once opens one modal, acked on both", async () => {
    const envelope = command(alice, "<@U0TARGET|dan.target> INC-SOCK-CMD-BOTH");
    sockets.deliver(on.a, envelope);
    sockets.deliver(on.b, envelope);
    await sockets.waitForAck(envelope.envelope_id, on.a);
    await sockets.waitForAck(envelope.envelope_id, on.b);
    await slack.waitForCall("views.open", (c) => c.args.trigger_id === envelope.payload.trigger_id, 30_000);
    await settle();
    expect(modalsOpenedFor(envelope.payload.trigger_id)).toBe(1);
    expect(acked(envelope)).toEqual(both());
  });

  it("a submission re-sent on the other connection and an Approve on both connections: one launch, one card, one approval, one SAR", async () => {
    const marker = "INC-SOCK-L1";
    markers.push(marker);
    const view = await openForm(marker, on.a);
    const submission = sockets.envelope("interactive", viewSubmissionPayload(alice, view, launchForm(marker)));
    expect(await sockets.deliverUntilAcked(submission, [on.b, on.a], { lostAcksOn: [on.b] })).toEqual({ tried: [on.b, on.a], ackedOn: on.a });
    // Both replicas answered the submission in the ack itself ("Submitting…").
    expect(sockets.acksOf(submission.envelope_id).map((ack) => ack.payload?.response_action)).toEqual(["update", "update"]);
    const { ts, launchId } = await driver.card(marker);
    await settle();
    expect(cardsFor(marker)).toBe(1);
    expect(await launchesNamed(marker)).toBe(1);

    const bobReplies = repliesTo(bob);
    const approve = sockets.envelope("interactive", blockActionPayload({ user: bob, actionId: "sar_approve", value: launchId, messageTs: ts }));
    sockets.deliver(on.a, approve);
    sockets.deliver(on.b, approve);
    await until(`the thread of ${marker} names its SAR`, () => driver.thread(ts).some((t) => t.includes("created for")), 60_000);
    await settle();
    expect(acked(approve)).toEqual(both());
    expect(repliesTo(bob) - bobReplies).toBe(1);
    const decisions = await sql.query("select decision from launch_decisions where launch_id = $1", [launchId]);
    expect(decisions.rows).toEqual([{ decision: "approve" }]);
    expect(sarsNamed(sandbox, marker)).toBe(1);
  }, 120_000);

  it("a submission on both connections and an Approve re-sent on the other connection: one launch, one card, one approval, one SAR", async () => {
    const marker = "INC-SOCK-L2";
    markers.push(marker);
    const view = await openForm(marker, on.b);
    const submission = sockets.envelope("interactive", viewSubmissionPayload(alice, view, launchForm(marker)));
    sockets.deliver(on.a, submission);
    sockets.deliver(on.b, submission);
    await sockets.waitForAck(submission.envelope_id, on.a);
    await sockets.waitForAck(submission.envelope_id, on.b);
    const { ts, launchId } = await driver.card(marker);
    await settle();
    expect(cardsFor(marker)).toBe(1);
    expect(await launchesNamed(marker)).toBe(1);

    const carolReplies = repliesTo(carol);
    const approve = sockets.envelope("interactive", blockActionPayload({ user: carol, actionId: "sar_approve", value: launchId, messageTs: ts }));
    expect(await sockets.deliverUntilAcked(approve, [on.b, on.a], { lostAcksOn: [on.b] })).toEqual({ tried: [on.b, on.a], ackedOn: on.a });
    await until(`the thread of ${marker} names its SAR`, () => driver.thread(ts).some((t) => t.includes("created for")), 60_000);
    await settle();
    expect(acked(approve)).toEqual(both());
    expect(repliesTo(carol) - carolReplies).toBe(1);
    const decisions = await sql.query("select decision from launch_decisions where launch_id = $1", [launchId]);
    expect(decisions.rows).toEqual([{ decision: "approve" }]);
    expect(sarsNamed(sandbox, marker)).toBe(1);
  }, 120_000);

  it("a disconnect of one connection loses nothing: Slack re-sends elsewhere, the replica reconnects with a fresh URL", async () => {
    const opensBefore = slack.callsTo("apps.connections.open").length;
    // An envelope lands on A just as Slack asks A to reconnect.
    const caught = command(alice, "<@U0TARGET|dan.target> INC-SOCK-DISCONNECT");
    sockets.deliver(on.a, caught);
    await sockets.disconnect(on.a, "refresh_requested");
    // Slack re-sends what A did not ack on the connection still open.
    const ackedBeforeClose = acked(caught).includes(on.a);
    if (!ackedBeforeClose) sockets.deliver(on.b, sockets.retryOf(caught));
    console.log(`socket mode, disconnect: the envelope caught by the disconnect was ${ackedBeforeClose ? "acked by A before its connection closed" : "not acked by A, and re-sent to B"}`);
    // While A is away, B alone takes new envelopes.
    const meanwhile = command(bob, "<@U0TARGET|dan.target> INC-SOCK-MEANWHILE");
    sockets.deliver(on.b, meanwhile);
    await slack.waitForCall("views.open", (c) => c.args.trigger_id === caught.payload.trigger_id, 30_000);
    await slack.waitForCall("views.open", (c) => c.args.trigger_id === meanwhile.payload.trigger_id, 30_000);

    // A asks for a new URL and connects again.
    const reconnected = await sockets.waitForOpen(2, 30_000);
    const fresh = reconnected.find((c) => c.id !== on.b);
    expect(fresh?.id).toBeGreaterThan(Math.max(on.a, on.b));
    on.a = fresh?.id ?? 0;
    expect(slack.callsTo("apps.connections.open")).toHaveLength(opensBefore + 1);
    const after = command(carol, "<@U0TARGET|dan.target> INC-SOCK-AFTER");
    sockets.deliver(on.a, after);
    await sockets.waitForAck(after.envelope_id, on.a);
    await slack.waitForCall("views.open", (c) => c.args.trigger_id === after.payload.trigger_id, 30_000);
    await settle();
    for (const envelope of [caught, meanwhile, after]) expect(modalsOpenedFor(envelope.payload.trigger_id)).toBe(1);
  }, 60_000);

  it(`${MIXED_LAUNCHES} launches, each step delivered once, re-sent on the other connection or on both: each handled once`, async () => {
    const bobReplies = repliesTo(bob);
    const mixed = Array.from({ length: MIXED_LAUNCHES }, (_, i) => `INC-SOCK-MIX-${String(i).padStart(3, "0")}`);
    const envelopes: Envelope[] = [];

    async function launch(marker: string, i: number): Promise<void> {
      const [first, second] = i % 2 === 0 ? [on.a, on.b] : [on.b, on.a];
      const how = (step: number) => DELIVERIES[(i + step) % DELIVERIES.length] ?? "once";
      const typed = command(alice, `<@U0TARGET|dan.target> ${marker}`);
      envelopes.push(typed);
      await send(typed, how(0), first, second);
      const opened = await slack.waitForCall("views.open", (c) => c.args.trigger_id === typed.payload.trigger_id, 30_000);
      const viewId = (opened.response?.view as { id?: string } | undefined)?.id;
      const form = await slack.waitForCall("views.update", (c) => c.args.view_id === viewId && JSON.stringify(c.args.view).includes("input"), 30_000);
      const submission = sockets.envelope("interactive", viewSubmissionPayload(alice, driver.view(form.args.view_id), launchForm(marker)));
      envelopes.push(submission);
      await send(submission, how(1), second, first);
      const { ts, launchId } = await driver.card(marker);
      const approve = sockets.envelope("interactive", blockActionPayload({ user: bob, actionId: "sar_approve", value: launchId, messageTs: ts }));
      envelopes.push(approve);
      await send(approve, how(2), first, second);
      await until(`the thread of ${marker} names its SAR`, () => driver.thread(ts).some((t) => t.includes("created for")), 60_000);
    }

    for (let i = 0; i < MIXED_LAUNCHES; i += PARALLEL) {
      await Promise.all(mixed.slice(i, i + PARALLEL).map((m, j) => launch(m, i + j)));
    }
    markers.push(...mixed);
    await settle();
    expect(Object.fromEntries(mixed.map((m) => [m, [cardsFor(m), sarsNamed(sandbox, m)]]))).toEqual(Object.fromEntries(mixed.map((m) => [m, [1, 1]])));
    expect(repliesTo(bob) - bobReplies).toBe(MIXED_LAUNCHES);
    const reached = envelopes.reduce((n, e) => n + sockets.connections.filter((c) => c.delivered.some((d) => d.envelope_id === e.envelope_id)).length, 0);
    const acks = envelopes.reduce((n, e) => n + new Set(sockets.acksOf(e.envelope_id).map((a) => a.connection)).size, 0);
    expect(acks).toBe(reached);
    console.log(`socket mode, two replicas: ${MIXED_LAUNCHES} launches, ${envelopes.length} envelopes delivered ${reached} times, ${acks} acks, ${sarsCreated()} SARs in all`);
  }, 600_000);

  it("nothing was handled twice after the fact", async () => {
    await settle();
    expect(triggers.map(modalsOpenedFor)).toEqual(triggers.map(() => 1));
    for (const marker of markers) {
      expect(cardsFor(marker)).toBe(1);
      expect(await launchesNamed(marker)).toBe(1);
      expect(sarsNamed(sandbox, marker)).toBe(1);
    }
    expect(sarsCreated()).toBe(markers.length);
    // Every envelope delivered was acked on the connection it reached, except on the one closed under it.
    const unacked = sockets.connections.flatMap((c) => c.delivered.filter((e) => !sockets.acksOf(e.envelope_id).some((ack) => ack.connection === c.id)).map((e) => `${e.type} on ${c.id}`));
    expect(unacked.length).toBeLessThanOrEqual(1);
  });
});
