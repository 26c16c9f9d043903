// Triage end to end on Slack (PRODUCT.md 4.4): the whole bot as it runs
// (`startApp` with its store, the Okta sandbox over HTTP, the fake Slack Web
// API, signed requests through Bolt). A launch is approved, its review turns
// ACTIVE, the card appears in the launch thread, and people act on it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../../../src/app.js";
import { createLogger } from "../../../src/log.js";
import { SLACK_USERS, type SlackApiCall } from "../../../src/fakes/slack-web-api.js";
import { blockActionPayload, interactionBody, postSigned, type SlackUserRef } from "../../../src/fakes/slack-requests.js";
import { SlackDriver, startBot, startPeers, type BotInstance, type Peers } from "../../../src/fakes/whole-bot.js";
import { decodeTriageValue, encodeTriageValue, type TriageButtonValue } from "../../../src/adapters/slack/render/render-triage.js";
import { DEMO_USERS } from "../../support/core-harness.js";

const { alice, bob, dan, erin } = SLACK_USERS;
const ACTIVATION_MS = 60_000;
const PRIORITY: Record<string, number> = { HIGH: 3, MEDIUM: 2, LOW: 1 };

/** The app and the sandbox share this clock: the test moves it on to make a review ACTIVE. */
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };

interface Button {
  actionId: string;
  value: string;
  decoded: TriageButtonValue | null;
}

const buttonsOf = (blocks: unknown): Button[] =>
  ((blocks ?? []) as { type?: string; elements?: { type?: string; action_id?: string; value?: string }[] }[])
    .filter((b) => b.type === "actions")
    .flatMap((b) => b.elements ?? [])
    .filter((el) => el.type === "button" && el.action_id !== undefined && el.value !== undefined)
    .map((el) => ({ actionId: el.action_id!, value: el.value!, decoded: decodeTriageValue(el.value) }));

const isTriageCard = (c: SlackApiCall): boolean => buttonsOf(c.args.blocks).some((b) => b.actionId.startsWith("sar_triage_"));

let debug: () => string = () => "";
async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}\n${debug()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Launched {
  marker: string;
  /** The approval card's ts: the launch thread. */
  threadTs: string;
  sarId: string;
  launchReference: string;
  /** The triage card's ts in the thread. */
  cardTs: string;
}

describe("Slack triage end to end", () => {
  let peers: Peers;
  let bot: BotInstance<RunningApp>;
  let slack: SlackDriver;

  beforeAll(async () => {
    peers = await startPeers({ sandbox: { sarActivationDelayMs: ACTIVATION_MS, clock } });
    bot = await startBot({ startApp, createLogger }, peers.env(), { clock, logLevel: "warn" });
    slack = new SlackDriver(peers.slack, () => bot.app.url);
    debug = () =>
      [
        ...peers.slack.calls.slice(-12).map((c) => `${c.method} ${JSON.stringify(c.args.thread_ts ?? "")} ${JSON.stringify(c.args.text ?? (c.args.view as { callback_id?: string } | undefined)?.callback_id ?? "").slice(0, 300)}`),
        ...bot.logs.lines.slice(-10),
      ].join("\n");
  }, 120_000);

  afterAll(async () => {
    await bot?.close();
    await peers?.close();
  });

  const fake = () => peers.slack;
  const governanceCalls = (operationId: string) => peers.sandbox.calls.list({ operationId }).length;
  const allGovernanceCalls = () => peers.sandbox.calls.list().filter((c) => c.operationId?.includes("SecurityAccessReview") === true).length;
  const cardBlocks = (ts: string) => fake().messages.get(ts)?.blocks;

  /** Launch on dan (alice), bob approves, the review turns ACTIVE, the watch posts the card in the launch thread. */
  async function launchToCard(marker: string, reviewers = "erin.reviewer@example.com", app: () => BotInstance<RunningApp> = () => bot): Promise<Launched> {
    const view = await slack.openForm(alice, `<@U0TARGET|dan.target> ${marker}`);
    expect((await slack.submit(alice, view, { target: "@dan.target", reviewers, durationDays: "7", reason: `triage ${marker}`, incidentRef: marker })).status).toBe(200);
    const { ts, launchId } = await slack.card(marker);
    await slack.click(bob, "sar_approve", launchId, ts);
    await until(`the thread of ${marker} says created`, () => slack.thread(ts).some((t) => t.includes("created for")));
    const launch = await app().app.store.getLaunch(launchId as never);
    const sarId = String(launch?.sarId);
    offsetMs += ACTIVATION_MS + 1_000;
    let card: SlackApiCall | undefined;
    await until(`the triage card of ${marker}`, async () => {
      card = fake().callsTo("chat.postMessage").find((c) => c.args.thread_ts === ts && isTriageCard(c) && JSON.stringify(c.args.blocks).includes(sarId));
      if (card === undefined) await app().app.core.watches.pollOnce();
      return card !== undefined;
    });
    const cardTs = String(card!.response?.ts);
    threadOf.set(cardTs, ts);
    return { marker, threadTs: ts, sarId, launchReference: String(launch?.reference), cardTs };
  }

  /** The thread each card is in (Slack sends it with a click on a threaded message). */
  const threadOf = new Map<string, string>();

  /** Clicks a button on the card `cardTs`, as Slack sends it (with the card's thread); `retryNum` marks a redelivery. */
  const click = (user: SlackUserRef, actionId: string, value: string, cardTs: string, o: { retryNum?: number; actionTs?: string; url?: string } = {}) => {
    const threadTs = threadOf.get(cardTs);
    const payload = blockActionPayload({ user, actionId, value, messageTs: cardTs, ...(threadTs !== undefined && { threadTs }), ...(o.actionTs !== undefined && { actionTs: o.actionTs }) });
    return postSigned(o.url ?? bot.app.url, interactionBody(payload), o.retryNum === undefined ? {} : { retryNum: o.retryNum });
  };

  const revokeButtons = (ts: string) => buttonsOf(cardBlocks(ts)).filter((b) => b.actionId === "sar_triage_revoke");

  /** Clicks Revoke and returns the confirmation modal the click opened. */
  async function openRevoke(user: SlackUserRef, value: string, cardTs: string): Promise<Record<string, unknown>> {
    const opensBefore = fake().callsTo("views.open").length;
    await click(user, "sar_triage_revoke", value, cardTs);
    const opened = await fake().waitForCall("views.open", (c) => fake().callsTo("views.open").indexOf(c) >= opensBefore && c.args.trigger_id !== undefined);
    return slack.view((opened.response?.view as { id: string }).id);
  }

  const ephemeralsTo = (user: SlackUserRef) => fake().callsTo("chat.postEphemeral").filter((c) => c.args.user === user.id);

  let first: Launched;

  it("posts the card in the launch thread once the review is ACTIVE, items highest priority first", async () => {
    first = await launchToCard("INC-TRIAGE-1");
    const sar = peers.sandbox.org.getSar(first.sarId)!;
    const items = peers.sandbox.org.triageItems(sar);
    const shown = revokeButtons(first.cardTs)
      .concat(buttonsOf(cardBlocks(first.cardTs)).filter((b) => b.actionId === "sar_triage_flag"))
      .map((b) => b.decoded?.accessId);
    expect(shown.length).toBeGreaterThan(0);
    // Every item's first button, in block order: priorities never go up.
    const order = [...new Set(buttonsOf(cardBlocks(first.cardTs)).map((b) => b.decoded?.accessId).filter((id): id is string => id !== undefined))];
    const priorities = order.map((id) => PRIORITY[items.find((i) => i.id === id)?.severity ?? ""] ?? 0);
    expect(priorities.length).toBe(Math.min(items.length, 10));
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    expect(priorities[0]).toBe(3);
    // The card was posted once.
    expect(fake().callsTo("chat.postMessage").filter((c) => c.args.thread_ts === first.threadTs && isTriageCard(c))).toHaveLength(1);
  }, 180_000);

  it("tells someone without the role and the person under review privately that they may not, with no Okta action", async () => {
    const revoke = revokeButtons(first.cardTs)[0]!;
    const before = allGovernanceCalls();
    for (const who of [alice, dan]) {
      const notes = ephemeralsTo(who).length;
      await click(who, "sar_triage_revoke", revoke.value, first.cardTs);
      await until(`${who.name} is told privately`, () => ephemeralsTo(who).length > notes);
      const note = String(ephemeralsTo(who).at(-1)?.args.text);
      expect(note).toMatch(who === dan ? /about you/ : /not allowed|approver/i);
    }
    expect(governanceCalls("executeSecurityAccessReviewAccessesAction")).toBe(0);
    expect(allGovernanceCalls()).toBe(before);
  }, 120_000);

  it("revokes once for a reviewer's confirmed Revoke delivered twice, comments naming her, and updates the card and thread", async () => {
    const revoke = revokeButtons(first.cardTs)[0]!;
    const accessId = revoke.decoded!.accessId!;
    const updatesBefore = fake().messages.get(first.cardTs)?.updates ?? 0;
    const modal = await openRevoke(erin, revoke.value, first.cardTs);
    const answers = await Promise.all([slack.submit(erin, modal, { note: "token theft" }), slack.submit(erin, modal, { note: "token theft" }, 1)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    await until("the thread names erin's revoke", () => slack.thread(first.threadTs).some((t) => t.includes("Erin Reviewer") && /revoked/i.test(t)));
    await until("the card is updated in place", () => (fake().messages.get(first.cardTs)?.updates ?? 0) > updatesBefore);
    const posts = peers.sandbox.calls.list({ operationId: "executeSecurityAccessReviewAccessesAction" });
    expect(posts).toHaveLength(1);
    expect(posts[0]!.path).toContain(accessId);
    const comments = peers.sandbox.org.getSar(first.sarId)!.comments.filter((c) => JSON.stringify(c).includes("erin.reviewer@example.com"));
    expect(comments).toHaveLength(1);
    expect(JSON.stringify(comments[0])).toContain("token theft");
    const item = peers.sandbox.org.triageItems(peers.sandbox.org.getSar(first.sarId)!).find((i) => i.id === accessId)!;
    expect(["IN_PROGRESS", "REMEDIATED"]).toContain(item.remediationStatus);
    expect(slack.thread(first.threadTs).filter((t) => t.includes("Erin Reviewer") && /revoked/i.test(t))).toHaveLength(1);
  }, 120_000);

  it("refuses a forged item id, an action the item does not support and another launch's review, changing nothing", async () => {
    const other = await launchToCard("INC-TRIAGE-2");
    const actionsBefore = governanceCalls("executeSecurityAccessReviewAccessesAction");
    const updatesBefore = fake().messages.get(first.cardTs)?.updates ?? 0;
    const sar = peers.sandbox.org.getSar(first.sarId)!;
    const manualOnly = peers.sandbox.org.triageItems(sar).find((i) => !i.supportedActions.includes("REVOKE_ACCESS"));
    expect(manualOnly).toBeDefined();
    const otherItem = revokeButtons(other.cardTs)[0]!.decoded!;

    const tries: [string, TriageButtonValue][] = [
      ["forged item", { sarId: first.sarId, accessId: "0oaforgeditem0000000", action: "REVOKE_ACCESS", itemName: "Forged" }],
      ["unsupported", { sarId: first.sarId, accessId: manualOnly!.id, action: "REVOKE_ACCESS", itemName: manualOnly!.name }],
      ["other launch", { sarId: other.sarId, accessId: otherItem.accessId!, action: "REVOKE_ACCESS", itemName: otherItem.itemName! }],
    ];
    const expected: Record<string, RegExp> = { "forged item": /no such access item/, unsupported: /does not offer Revoke/, "other launch": /not the review on this card/ };
    for (const [what, value] of tries) {
      const notes = ephemeralsTo(bob).length;
      // Refused at the click, or by the core once the confirmation is submitted.
      const opens = fake().callsTo("views.open").length;
      await click(bob, "sar_triage_revoke", encodeTriageValue(value), first.cardTs);
      await until(`bob's ${what} click is answered`, () => fake().callsTo("views.open").length > opens || ephemeralsTo(bob).length > notes);
      const opened = fake().callsTo("views.open")[opens];
      if (opened !== undefined) await slack.submit(bob, slack.view((opened.response?.view as { id: string }).id), { note: what });
      await until(`bob is told about the ${what}`, () => ephemeralsTo(bob).length > notes);
      expect(String(ephemeralsTo(bob).at(-1)?.args.text), what).toMatch(expected[what]!);
    }
    expect(governanceCalls("executeSecurityAccessReviewAccessesAction")).toBe(actionsBefore);
    expect(fake().messages.get(first.cardTs)?.updates ?? 0).toBe(updatesBefore);
    expect(peers.sandbox.org.triageItems(peers.sandbox.org.getSar(other.sarId)!).every((i) => i.remediationStatus === "NONE")).toBe(true);
    expect(DEMO_USERS.dan.id).toBe(sar.principalId);
  }, 240_000);

  it("closes the review once: the thread says closed with the summary and the card has no buttons", async () => {
    const close = buttonsOf(cardBlocks(first.cardTs)).find((b) => b.actionId === "sar_triage_close")!;
    expect(close).toBeDefined();
    const opensBefore = fake().callsTo("views.open").length;
    await click(bob, "sar_triage_close", close.value, first.cardTs);
    const opened = await fake().waitForCall("views.open", (c) => fake().callsTo("views.open").indexOf(c) >= opensBefore);
    const modal = slack.view((opened.response?.view as { id: string }).id);
    await Promise.all([slack.submit(bob, modal, {}), slack.submit(bob, modal, {}, 1)]);
    await until("the thread says closed", () => slack.thread(first.threadTs).some((t) => /closed/i.test(t)));
    await until("the card has no buttons", () => buttonsOf(cardBlocks(first.cardTs)).length === 0);
    const closes = peers.sandbox.calls.list({ operationId: "executeSecurityAccessReviewAction" });
    expect(closes).toHaveLength(1);
    expect(peers.sandbox.org.getSar(first.sarId)?.status).toBe("CLOSED");
    const summaries = () => slack.thread(first.threadTs).filter((t) => /closed/i.test(t) && /revoked/i.test(t));
    expect(summaries()).toHaveLength(1);
    expect(summaries()[0]).toMatch(/1 revoked/i);
    // A later watch round (every watch due) neither posts the summary again nor brings the buttons back.
    offsetMs += ACTIVATION_MS + 1_000;
    await bot.app.core.watches.pollOnce();
    expect(summaries()).toHaveLength(1);
    expect(buttonsOf(cardBlocks(first.cardTs))).toEqual([]);
    expect(peers.sandbox.calls.list({ operationId: "executeSecurityAccessReviewAction" })).toHaveLength(1);
  }, 120_000);

  it("posts the shared card on /sar review <launch ref> and updates it after an action", async () => {
    const launched = await launchToCard("INC-TRIAGE-3");
    const postsBefore = fake().callsTo("chat.postMessage").length;
    await slack.command(bob, `review ${launched.launchReference}`);
    let shared: SlackApiCall | undefined;
    await until("the shared card is posted", () => {
      shared = fake().callsTo("chat.postMessage").slice(postsBefore).find((c) => isTriageCard(c) && JSON.stringify(c.args.blocks).includes(launched.sarId));
      return shared !== undefined;
    });
    const ts = String(shared!.response?.ts);
    const revoke = revokeButtons(ts)[0]!;
    const modal = await openRevoke(bob, revoke.value, ts);
    await slack.submit(bob, modal, {});
    await until("both cards are updated", () => (fake().messages.get(ts)?.updates ?? 0) >= 1 && (fake().messages.get(launched.cardTs)?.updates ?? 0) >= 1);
    expect(governanceCalls("executeSecurityAccessReviewAccessesAction")).toBe(2);
  }, 180_000);
});
