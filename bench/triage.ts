/**
 * Triage figures (PRODUCT.md 4.4), on one bot (`startApp`, PGlite, the
 * sandbox at latency 0, reviews activated at once):
 *
 * 1. `triage-okta-calls`: sandbox calls about a review to render its card,
 *    cold (cache emptied), warm (within the TTL), Details cold and warm,
 *    and an item action (whose reply re-reads the card: cold again), then
 *    the next card. Counted in the sandbox's call log by the review's path,
 *    so the watch poller's lists and identity look-ups are apart.
 * 2. `triage-revoke-to-okta`: the Revoke confirmation submitted over signed
 *    HTTP (the real Slack adapter) to the sandbox answering the item action
 *    POST, against the launch's command-to-Okta measured on the same bot in
 *    the same run; the same revoke through the core alone shows the
 *    adapter's share.
 * 3. `triage-card-limits`: every page of a 500-item review, shared and a
 *    person's view, rendered for Slack (Block Kit limits of the fake Slack
 *    API) and Teams (card bytes), walking the pages as the cards' More
 *    buttons do.
 */
import type { RunningApp } from "../src/app.js";
import { ACTION_IDS } from "../src/adapters/slack/surface.js";
import { decodeTriageValue, encodeTriageValue, renderTriageCard } from "../src/adapters/slack/render/render-triage.js";
import { triageCard } from "../src/adapters/teams/render/triage-card.js";
import { ADAPTIVE_CARD_CONTENT_TYPE } from "../src/adapters/teams/render/card-kit.js";
import type { Reply } from "../src/governance/replies.js";
import type { TriageView } from "../src/governance/triage/types.js";
import { blockActionPayload, interactionBody, postSigned } from "../src/fakes/slack-requests.js";
import { messageLimitProblems, SLACK_USERS } from "../src/fakes/slack-web-api.js";
import { SlackDriver } from "../src/fakes/whole-bot.js";
import { DEMO_USERS } from "../src/sandbox/org/index.js";
import type { CallRecord } from "../src/sandbox/call-log.js";
import type { RunningSandbox } from "../src/sandbox/index.js";
import { measureOverhead, overheadSummary } from "./command-to-okta.js";
import { startBenchApp } from "./lib/launch-driver.js";
import { startPeers } from "./lib/peers.js";
import type { BenchContext, FigureResult } from "./lib/report.js";
import { round, spread, summarize } from "./lib/stats.js";
import { bobActor, createReview, revocableItems, seedWideUser } from "./lib/triage-org.js";

const ITEM_ACTION = "executeSecurityAccessReviewAccessesAction";
/** What a card reads: the review, its principal, one page of items. */
const CARD_READS = new Set(["getSecurityAccessReview", "getSecurityAccessReviewPrincipalDetails", "listSecurityAccessReviewAccesses"]);
const WIDE_ITEMS = 500;
const SLACK_MAX_BLOCKS = 50;
const TEAMS_MAX_BYTES = 28 * 1024;

const now = (): number => performance.timeOrigin + performance.now();

function expectType<T extends Reply["type"]>(reply: Reply, type: T, what: string): Extract<Reply, { type: T }> {
  if (reply.type !== type) throw new Error(`${what}: expected ${type}, got ${JSON.stringify(reply).slice(0, 300)}`);
  return reply as Extract<Reply, { type: T }>;
}

// ---- 1. Okta calls per card --------------------------------------------------

interface Counted {
  /** Calls whose path names the review. */
  review: number;
  byOperation: Record<string, number>;
  /** Other calls in the same time (identity, token, the watch poller's lists). */
  other: number;
  /** The review's calls in order, by operation. */
  order: string[];
}

/** Runs `work` and counts the sandbox calls it caused about `sarId`. */
async function counted<T>(sandbox: RunningSandbox, sarId: string, work: () => Promise<T>): Promise<{ result: T; counted: Counted }> {
  const before = sandbox.calls.list().length;
  const result = await work();
  const calls = sandbox.calls.list().slice(before);
  const mine = calls.filter((call) => call.path.includes(`/${sarId}`));
  const byOperation: Record<string, number> = {};
  for (const call of mine) byOperation[call.operationId ?? `${call.method} ${call.path}`] = (byOperation[call.operationId ?? `${call.method} ${call.path}`] ?? 0) + 1;
  return { result, counted: { review: mine.length, byOperation, other: calls.length - mine.length, order: mine.map((call) => call.operationId ?? `${call.method} ${call.path}`) } };
}

/** An item action's calls before its POST (the fresh checks) and the card reads after it (its reply's card). */
function aroundPost(c: Counted): { beforePost: number; cardReadsAfter: number } {
  const at = c.order.indexOf(ITEM_ACTION);
  if (at < 0) return { beforePost: c.review, cardReadsAfter: 0 };
  return { beforePost: at, cardReadsAfter: c.order.slice(at + 1).filter((op) => CARD_READS.has(op)).length };
}

async function measureCalls(ctx: BenchContext, app: RunningApp, sandbox: RunningSandbox): Promise<FigureResult> {
  const sar = createReview(sandbox, DEMO_USERS.dan.id, "SAR bench card calls");
  const sarId = sar.id;
  const open = () => app.core.openTriage(bobActor(), { ref: sarId, viewer: "shared" });
  // Token and identity first, so the rounds count the card alone.
  expectType(await open(), "triage-card", "first card");
  const cold: Counted[] = [];
  const warm: Counted[] = [];
  const detailsCold: Counted[] = [];
  const detailsWarm: Counted[] = [];
  const action: Counted[] = [];
  const afterAction: Counted[] = [];
  const rounds = ctx.quick ? 2 : 4;
  for (let i = 0; i < rounds; i++) {
    app.core.triage.invalidate(sarId);
    const first = await counted(sandbox, sarId, open);
    const card = expectType(first.result, "triage-card", "cold card").triage;
    cold.push(first.counted);
    for (let j = 0; j < 3; j++) warm.push((await counted(sandbox, sarId, open)).counted);
    const withDetails = card.items.find((item) => item.hasDetails);
    if (withDetails !== undefined) {
      const details = () => app.core.triageDetails(bobActor(), { sarId, accessId: withDetails.id });
      const d = await counted(sandbox, sarId, details);
      expectType(d.result, "triage-details", "details");
      detailsCold.push(d.counted);
      detailsWarm.push((await counted(sandbox, sarId, details)).counted);
    }
    // An item action: a revoke while one is left, else a flag; its reply re-reads the card.
    const item = card.items.find((it) => it.supportedActions.length > 0);
    if (item === undefined) throw new Error("no item of the card offers an action");
    const kind = item.supportedActions.includes("REVOKE_ACCESS") ? "REVOKE_ACCESS" : item.supportedActions[0]!;
    const done = await counted(sandbox, sarId, () => app.core.triageItemAction(bobActor(), { sarId, accessId: item.id, action: kind, idempotencyKey: `bench-calls-${sarId}-${i}` }));
    expectType(done.result, "triage-action-done", `item action ${kind}`);
    action.push(done.counted);
    afterAction.push((await counted(sandbox, sarId, open)).counted);
  }
  const totals = (list: Counted[]) => spread(list.map((c) => c.review));
  const around = action.map(aroundPost);
  const met = cold.every((c) => c.review <= 3) && warm.every((c) => c.review === 0) && around.every((a) => a.cardReadsAfter > 0 && a.cardReadsAfter <= 3);
  ctx.log(`  card calls: cold ${cold.map((c) => c.review).join(",")}, warm ${warm.map((c) => c.review).join(",")}; details cold ${detailsCold.map((c) => c.review).join(",")}, warm ${detailsWarm.map((c) => c.review).join(",")}`);
  ctx.log(`  cold ${JSON.stringify(cold[0]?.byOperation ?? {})}; item action ${JSON.stringify(action[0]?.byOperation ?? {})}; card after it ${afterAction.map((c) => c.review).join(",")}`);
  return {
    name: "triage-okta-calls",
    unit: "calls",
    cold: totals(cold),
    coldByOperation: cold[0]?.byOperation ?? {},
    warm: totals(warm),
    detailsCold: totals(detailsCold),
    detailsColdByOperation: detailsCold[0]?.byOperation ?? {},
    detailsWarm: totals(detailsWarm),
    itemAction: totals(action),
    itemActionByOperation: action[0]?.byOperation ?? {},
    itemActionOrder: action[0]?.order ?? [],
    itemActionChecksBeforePost: spread(around.map((a) => a.beforePost)),
    itemActionCardReadsAfterPost: spread(around.map((a) => a.cardReadsAfter)),
    cardAfterAction: totals(afterAction),
    otherCallsSeen: [...cold, ...warm, ...detailsCold, ...detailsWarm, ...action, ...afterAction].reduce((a, c) => a + c.other, 0),
    target: { cold: "≤ 3", warm: 0, afterAction: "cache dropped: the action's reply re-reads the card (≤ 3), the next card reuses that read (0)" },
    met,
    headline: {
      measured: `cold ${totals(cold).median} (${totals(cold).min}–${totals(cold).max}), warm ${totals(warm).median} (max ${totals(warm).max}); Details cold ${totals(detailsCold).median} / warm ${totals(detailsWarm).median}; an item action ${totals(action).median} calls (${spread(around.map((a) => a.beforePost)).median} fresh checks before its POST, ${spread(around.map((a) => a.cardReadsAfter)).median} card reads after it: cold again), the next card ${totals(afterAction).median}`,
      target: "cold ≤ 3, warm 0, after an action cold again (≤ 3)",
    },
    notes: [
      `core.openTriage (shared card) for bob on an ACTIVE review of dan made in the sandbox (no launch, no watch), ${rounds} rounds: cache emptied (core.triage.invalidate), one card, three more, Details of an item twice, one item action, one card`,
      "counted: sandbox calls whose path names the review; identity look-ups, token and the watch poller's lists in the same time are otherCallsSeen",
      "an item action first checks the review and the item fresh (getSecurityAccessReview, the item's page of 200: itemActionChecksBeforePost), then POSTs and comments; it drops the review's cached reads and its reply carries the actor's card, read again (itemActionCardReadsAfterPost: cold again); the card right after reuses that read",
    ],
  };
}

// ---- 2. Revoke click to the Okta POST ----------------------------------------

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

interface Revoked {
  /** From the submit (or the core call) to the sandbox answering the item action POST. */
  ms: number;
  /** The review's calls before the POST (the action's fresh checks). */
  checks: number;
}

/** The answered item action POST of `accessId` after call `from` of the log, with the review's calls before it. */
function actionPost(sandbox: RunningSandbox, from: number, sarId: string, accessId: string): { post: CallRecord; checks: number } | undefined {
  const calls = sandbox.calls.list().slice(from);
  const at = calls.findIndex((call) => call.operationId === ITEM_ACTION && call.status < 300 && call.path.includes(`/${accessId}/`));
  if (at < 0) return undefined;
  return { post: calls[at]!, checks: calls.slice(0, at).filter((call) => call.path.includes(`/${sarId}`)).length };
}

interface RevokeRig {
  app: RunningApp;
  sandbox: RunningSandbox;
  driver: SlackDriver;
  sarId: string;
  cardTs: string;
}

/** Posts the review's shared card in the channel as `/sar review` does; the clicks name its ts. */
async function postCard(app: RunningApp, sandbox: RunningSandbox, driver: SlackDriver, sarId: string): Promise<RevokeRig> {
  const res = await driver.command(SLACK_USERS.bob, `review ${sarId}`);
  if (res.status !== 200) throw new Error(`/sar review answered ${res.status}`);
  const card = await driver.slack.waitForCall("chat.postMessage", (c) => JSON.stringify(c.args.blocks ?? "").includes(ACTION_IDS.triageRevoke) && JSON.stringify(c.args.blocks).includes(sarId), 30_000);
  return { app, sandbox, driver, sarId, cardTs: String(card.response?.ts) };
}

/** Bob clicks Revoke on the card, the confirmation opens, he submits it: from the submit to the sandbox answering the POST. */
async function revokeOverHttp(rig: RevokeRig, item: { id: string; name: string }): Promise<Revoked> {
  const { driver, sandbox } = rig;
  const payload = blockActionPayload({
    user: SLACK_USERS.bob,
    actionId: ACTION_IDS.triageRevoke,
    value: encodeTriageValue({ sarId: rig.sarId, accessId: item.id, action: "REVOKE_ACCESS", itemName: item.name }),
    messageTs: rig.cardTs,
  });
  const triggerId = String(payload.trigger_id);
  const clicked = await postSigned(rig.app.url, interactionBody(payload));
  if (clicked.status !== 200) throw new Error(`Revoke click answered ${clicked.status}`);
  const opened = await driver.slack.waitForCall("views.open", (c) => c.args.trigger_id === triggerId, 30_000);
  const viewId = (opened.response?.view as { id?: string } | undefined)?.id;
  if (viewId === undefined) throw new Error("the Revoke confirmation did not open");
  const view = driver.view(viewId);
  const from = sandbox.calls.list().length;
  const submittedAt = now();
  const submitted = await driver.submit(SLACK_USERS.bob, view, {});
  if (submitted.status !== 200) throw new Error(`Revoke confirmation answered ${submitted.status}`);
  const seen = await waitFor(`the revoke POST of ${item.id}`, () => actionPost(sandbox, from, rig.sarId, item.id));
  // The flow's end (the confirmation says done), so the next click does not overlap it.
  await driver.slack.waitForCall("views.update", (c) => c.args.view_id === viewId && JSON.stringify(c.args.view).includes("✅"), 30_000);
  return { ms: Date.parse(seen.post.time) - submittedAt, checks: seen.checks };
}

let coreKeys = 0;

/** An item action through the core alone; for a revoke, from the call to the sandbox answering the POST. */
async function throughCore(rig: RevokeRig, item: { id: string }, action: "REVOKE_ACCESS" | "RESTORE_ACCESS"): Promise<Revoked> {
  const from = rig.sandbox.calls.list().length;
  const started = now();
  const reply = await rig.app.core.triageItemAction(bobActor(), { sarId: rig.sarId, accessId: item.id, action, idempotencyKey: `bench-core-${item.id}-${++coreKeys}` });
  expectType(reply, "triage-action-done", `${action} through the core`);
  const seen = actionPost(rig.sandbox, from, rig.sarId, item.id);
  if (seen === undefined) throw new Error(`no ${action} POST seen for ${item.id}`);
  return { ms: Date.parse(seen.post.time) - started, checks: seen.checks };
}

async function measureRevoke(ctx: BenchContext, app: RunningApp, sandbox: RunningSandbox, driver: SlackDriver, wideSarId: string): Promise<FigureResult> {
  const count = ctx.quick ? 15 : 30;
  // A review as a demo user has one (a handful of items); revoke and restore take turns on them (remediation is immediate).
  const typical = createReview(sandbox, DEMO_USERS.dan.id, "SAR bench revoke");
  const rig = await postCard(app, sandbox, driver, typical.id);
  const items = revocableItems(sandbox.org, typical.id);
  if (items.length === 0) throw new Error("the demo review has no revocable item");
  const http: Revoked[] = [];
  const core: Revoked[] = [];
  const cycle = async (i: number): Promise<void> => {
    const item = items[i % items.length]!;
    http.push(await revokeOverHttp(rig, item));
    await throughCore(rig, item, "RESTORE_ACCESS");
    core.push(await throughCore(rig, item, "REVOKE_ACCESS"));
    await throughCore(rig, item, "RESTORE_ACCESS");
  };
  // Warm-up of every path: token, identity, JIT.
  for (let i = 0; i < 3; i++) await cycle(i);
  await measureOverhead(app, sandbox, 3, "triage-warm");
  http.length = 0;
  core.length = 0;
  for (let i = 0; i < count; i++) await cycle(i);
  const launch = overheadSummary(await measureOverhead(app, sandbox, count, "triage-c2o")).overhead;

  // The worst case: the last items of the 500-item review (the action's fresh check pages through the items to find it).
  const wideRig = await postCard(app, sandbox, driver, wideSarId);
  const wideItems = revocableItems(sandbox.org, wideSarId).reverse();
  const wide: Revoked[] = [];
  for (let i = 0; i < (ctx.quick ? 5 : 10); i++) wide.push(await revokeOverHttp(wideRig, wideItems[i]!));

  const revoke = summarize(http.map((r) => r.ms));
  const revokeCore = summarize(core.map((r) => r.ms));
  const revokeWide = summarize(wide.map((r) => r.ms));
  const ratio = { p50: round(revoke.p50 / launch.p50), p99: round(revoke.p99 / launch.p99) };
  ctx.log(`  revoke submit -> Okta POST p50 ${revoke.p50} / p99 ${revoke.p99} ms (core alone ${revokeCore.p50} / ${revokeCore.p99}); launch command -> Okta ${launch.p50} / ${launch.p99} ms; ratio p50 ${ratio.p50}, p99 ${ratio.p99}`);
  ctx.log(`  500-item review, last items: p50 ${revokeWide.p50} / p99 ${revokeWide.p99} ms, ${spread(wide.map((r) => r.checks)).median} calls before the POST (typical review ${spread(http.map((r) => r.checks)).median})`);
  return {
    name: "triage-revoke-to-okta",
    unit: "ms",
    revoke,
    revokeThroughCore: revokeCore,
    launchCommandToOkta: launch,
    ratio,
    callsBeforePost: spread(http.map((r) => r.checks)),
    wideReview: { items: WIDE_ITEMS, revoke: revokeWide, callsBeforePost: spread(wide.map((r) => r.checks)) },
    target: { note: "report only: against the launch's command-to-Okta on the same bot in the same run (sandbox latency 0)" },
    met: null,
    headline: {
      measured: `p50 ${revoke.p50} / p99 ${revoke.p99} ms over ${revoke.n} revokes (core alone ${revokeCore.p50} / ${revokeCore.p99} ms); launch command-to-Okta ${launch.p50} / ${launch.p99} ms; ratio p50 ${ratio.p50}, p99 ${ratio.p99}; last items of a ${WIDE_ITEMS}-item review ${revokeWide.p50} / ${revokeWide.p99} ms`,
      target: "report only (ratio to the launch's)",
    },
    notes: [
      "revoke: bob clicks Revoke on the shared card /sar review posted (signed block_actions), the confirmation opens (views.open in the fake Slack); measured from his signed view_submission to the sandbox's call-log time of the answered item action POST; one at a time, the next after the confirmation said done",
      "on an ACTIVE review of dan made in the sandbox (remediation immediate): its revocable items in turn, each restored through the core after it (not measured)",
      "revokeThroughCore: core.triageItemAction for the same person and item, to the same POST (the Slack adapter's share is the difference)",
      "launchCommandToOkta: measureOverhead of the command-to-okta figure (core.submitLaunch, approval off, to the SAR POST) on the same bot, right after",
      "callsBeforePost: the action's fresh checks (the review, then item pages of 200 until the item); wideReview: the last revocable items of the 500-item review, over HTTP",
    ],
  };
}

// ---- 3. Card pages within platform limits -------------------------------------

interface PageCheck {
  blocks: number;
  slackBytes: number;
  teamsBytes: number;
  items: string[];
  /** Whether each card's More button leads to the next page (true on the last page). */
  slackMore: boolean;
  teamsMore: boolean;
  /** Length of the next page's cursor (0 on the last page). */
  cursorLength: number;
  problems: string[];
}

/** A Teams ids list as long as a refresh can name (60 users). */
const TEAMS_VIEWERS = Array.from({ length: 60 }, (_, i) => `29:1${String(i).padStart(2, "0")}${"x".repeat(72)}`);

function teamsBytes(view: TriageView): number {
  const card = triageCard(view, { refreshUserIds: TEAMS_VIEWERS, notice: { text: "x".repeat(600), tone: "Good" } });
  const activity = { type: "message", text: "", attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }] };
  return Buffer.byteLength(JSON.stringify(activity), "utf8");
}

function checkPage(view: TriageView, label: string): PageCheck {
  const slack = renderTriageCard(view);
  const problems = messageLimitProblems({ text: slack.text, blocks: slack.blocks }).map((p) => `${label} Slack: ${p}`);
  if (slack.blocks.length > SLACK_MAX_BLOCKS) problems.push(`${label} Slack: ${slack.blocks.length} blocks`);
  const teams = teamsBytes(view);
  if (teams > TEAMS_MAX_BYTES) problems.push(`${label} Teams: ${teams} bytes`);
  const next = view.page.nextCursor;
  let slackMore = true;
  let teamsMore = true;
  if (next !== undefined) {
    // The next page is reached only through the cards' own More buttons.
    const more = slack.blocks
      .flatMap((b) => ("elements" in b ? (b.elements as { action_id?: string; value?: string }[]) : []))
      .find((el) => el.action_id === ACTION_IDS.triageNext);
    slackMore = decodeTriageValue(more?.value)?.cursor === next;
    teamsMore = JSON.stringify(triageCard(view)).includes(JSON.stringify(next));
    if (!slackMore) problems.push(`${label} Slack: no More button to the next page (its cursor has ${next.length} characters)`);
    if (!teamsMore) problems.push(`${label} Teams: no More button to the next page (its cursor has ${next.length} characters)`);
  }
  return {
    blocks: slack.blocks.length,
    slackBytes: Buffer.byteLength(JSON.stringify(slack), "utf8"),
    teamsBytes: teams,
    items: view.items.map((i) => i.id),
    slackMore,
    teamsMore,
    cursorLength: next?.length ?? 0,
    problems,
  };
}

async function walkPages(app: RunningApp, sarId: string, viewer: "shared" | "self"): Promise<PageCheck[]> {
  const pages: PageCheck[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < 100; n++) {
    const reply = await app.core.openTriage(bobActor(), { ref: sarId, viewer, ...(cursor !== undefined && { cursor }) });
    const view = expectType(reply, "triage-card", `page ${n + 1} (${viewer})`).triage;
    pages.push(checkPage(view, `${viewer} page ${n + 1}`));
    cursor = view.page.nextCursor;
    if (cursor === undefined) break;
  }
  return pages;
}

async function measureLimits(ctx: BenchContext, app: RunningApp, sarId: string): Promise<FigureResult> {
  const shared = await walkPages(app, sarId, "shared");
  const own = await walkPages(app, sarId, "self");
  const all = [...shared, ...own];
  const problems = all.flatMap((p) => p.problems);
  // Items a person reaches from the first page by the card's More buttons, per platform.
  const reached = (pages: PageCheck[], more: (p: PageCheck) => boolean): number => {
    const stop = pages.findIndex((p) => !more(p));
    return new Set(pages.slice(0, stop < 0 ? pages.length : stop + 1).flatMap((p) => p.items)).size;
  };
  const itemsReached = {
    slackShared: reached(shared, (p) => p.slackMore),
    slackOwn: reached(own, (p) => p.slackMore),
    teamsShared: reached(shared, (p) => p.teamsMore),
    teamsOwn: reached(own, (p) => p.teamsMore),
  };
  const unreached = Object.entries(itemsReached).filter(([, n]) => n !== WIDE_ITEMS);
  if (unreached.length > 0) problems.push(`items reached by More from the first page: ${unreached.map(([k, n]) => `${k} ${n}`).join(", ")} of ${WIDE_ITEMS}`);
  const maxCursor = Math.max(...all.map((p) => p.cursorLength));
  const maxBlocks = Math.max(...all.map((p) => p.blocks));
  const maxSlackBytes = Math.max(...all.map((p) => p.slackBytes));
  const maxTeamsBytes = Math.max(...all.map((p) => p.teamsBytes));
  ctx.log(`  ${WIDE_ITEMS} items: ${shared.length} pages shared, ${own.length} own; max ${maxBlocks} blocks, Slack ${maxSlackBytes} B, Teams ${maxTeamsBytes} B; reached ${JSON.stringify(itemsReached)}; ${problems.length} problems`);
  for (const problem of problems.slice(0, 10)) ctx.log(`    ${problem}`);
  return {
    name: "triage-card-limits",
    unit: "pages",
    items: WIDE_ITEMS,
    pages: { shared: shared.length, own: own.length },
    itemsReached,
    maxCursorLength: maxCursor,
    maxBlocks,
    maxSlackBytes,
    maxTeamsBytes,
    problems: problems.length,
    problemSamples: problems.slice(0, 20),
    target: { slackBlocks: SLACK_MAX_BLOCKS, teamsBytes: TEAMS_MAX_BYTES, problems: 0, itemsReached: WIDE_ITEMS },
    met: problems.length === 0,
    headline: {
      measured: `${WIDE_ITEMS} items: ${shared.length} pages (shared) / ${own.length} (bob's own); items reached by More: Slack ${itemsReached.slackShared} / ${itemsReached.slackOwn}, Teams ${itemsReached.teamsShared} / ${itemsReached.teamsOwn}; max ${maxBlocks} blocks, Slack ${maxSlackBytes} B, Teams ${maxTeamsBytes} B; ${problems.length} problems`,
      target: `≤ ${SLACK_MAX_BLOCKS} blocks and Slack's text/button limits, Teams ≤ ${TEAMS_MAX_BYTES} B, every item reachable, 0 problems`,
    },
    notes: [
      `a user with ${WIDE_ITEMS} directly assigned apps (100-character labels with markup and emoji, 4 anomalies of 250 characters, 6 labels, every seventh without Revoke), review made in the sandbox; core.openTriage page after page for bob, the shared card and his own`,
      "Slack: renderTriageCard checked by messageLimitProblems of the fake Slack API (blocks, section text, button values); Teams: triageCard with 60 refresh users and a 600-character notice, as a message activity, in UTF-8 bytes (schema validity is tested elsewhere)",
      "each page's More button (Slack value, Teams data) must carry the next page's cursor (it holds the Okta cursors of every page so far, maxCursorLength on the last page but one); itemsReached counts the items of the pages reached that way from the first",
    ],
  };
}

// ---- the figure --------------------------------------------------------------

export async function triage(ctx: BenchContext): Promise<FigureResult[]> {
  const peers = await startPeers({ noApproval: true, sandbox: { sarActivationDelayMs: 0, remediationDelayMs: 0 } });
  try {
    const app = await startBenchApp(peers);
    try {
      const results: FigureResult[] = [];
      results.push(await measureCalls(ctx, app, peers.sandbox));
      const wideUser = seedWideUser(peers.sandbox.org, WIDE_ITEMS);
      const wide = createReview(peers.sandbox, wideUser, "SAR bench wide access");
      results.push(await measureLimits(ctx, app, wide.id));
      const driver = new SlackDriver(peers.slack, () => app.url);
      results.push(await measureRevoke(ctx, app, peers.sandbox, driver, wide.id));
      return results;
    } finally {
      await app.close();
    }
  } finally {
    await peers.close();
  }
}
