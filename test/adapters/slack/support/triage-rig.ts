/**
 * Triage end to end on Slack: the whole bot (`startApp`, one or more
 * replicas) against the shared rig's peers (the Okta sandbox over HTTP, the
 * fake Slack Web API), with the sandbox and the bots on one clock the test
 * moves on, so a launched review turns ACTIVE without waiting. Helpers drive
 * Slack the way people do and read the triage card's buttons.
 */
import { expect } from "vitest";
import { startApp, type RunningApp } from "../../../../src/app.js";
import { createLogger } from "../../../../src/log.js";
import { SLACK_USERS, type SlackApiCall } from "../../../../src/fakes/slack-web-api.js";
import { blockActionPayload, interactionBody, postSigned, type SlackUserRef } from "../../../../src/fakes/slack-requests.js";
import { SlackDriver, startBot, startPeers, type BotInstance, type Peers } from "../../../../src/fakes/whole-bot.js";
import { decodeTriageValue, type TriageButtonValue } from "../../../../src/adapters/slack/render/render-triage.js";
import { freePort, startRecordingProxy, type RecordingProxy } from "../../../reliability/support/app-bench.js";

/** How long a new review stays PENDING in the sandbox. */
export const ACTIVATION_MS = 60_000;

export interface Button {
  actionId: string;
  value: string;
  decoded: TriageButtonValue | null;
}

/** The buttons of a message's blocks, in order, with their triage values decoded. */
export const buttonsOf = (blocks: unknown): Button[] =>
  ((blocks ?? []) as { type?: string; elements?: { type?: string; action_id?: string; value?: string }[] }[])
    .filter((b) => b.type === "actions")
    .flatMap((b) => b.elements ?? [])
    .filter((el) => el.type === "button" && el.action_id !== undefined && el.value !== undefined)
    .map((el) => ({ actionId: el.action_id!, value: el.value!, decoded: decodeTriageValue(el.value) }));

export const isTriageCard = (c: SlackApiCall): boolean => buttonsOf(c.args.blocks).some((b) => b.actionId.startsWith("sar_triage_"));

export interface Launched {
  marker: string;
  /** The approval card's ts: the launch thread. */
  threadTs: string;
  sarId: string;
  launchReference: string;
  /** The triage card's ts in the thread. */
  cardTs: string;
}

export interface TriageRig {
  peers: Peers;
  /** The recording pass-through between the bots and the sandbox, when asked for (`recordOkta`). */
  proxy?: RecordingProxy;
  bots: BotInstance<RunningApp>[];
  /** Drives the first bot. */
  slack: SlackDriver;
  /** Drives bot `index`. */
  driver(index: number): SlackDriver;
  /** Polls `condition` (bounded); the failure names `what` and shows the last Slack calls and log lines. */
  until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs?: number): Promise<void>;
  /** Moves the shared clock on. */
  advance(ms: number): void;
  /** alice launches a review of dan, bob approves, the review turns ACTIVE and a watch round posts the card in the launch thread. */
  launchToCard(marker: string): Promise<Launched>;
  /** A click on the card `cardTs` as Slack sends it (in the card's thread), to bot `bot` (default the first). */
  click(user: SlackUserRef, actionId: string, value: string, cardTs: string, o?: { retryNum?: number; actionTs?: string; bot?: number }): Promise<Response>;
  /** Clicks Revoke and returns the confirmation modal it opened. */
  openRevoke(user: SlackUserRef, value: string, cardTs: string): Promise<Record<string, unknown>>;
  /** The card's blocks as they now stand in the fake Slack. */
  cardBlocks(ts: string): unknown;
  revokeButtons(ts: string): Button[];
  ephemeralsTo(user: SlackUserRef): SlackApiCall[];
  /** Requests the sandbox answered for one operation. */
  governanceCalls(operationId: string): number;
  /** Requests the sandbox answered for any security access review operation. */
  allReviewCalls(): number;
  close(): Promise<void>;
}

/** Starts the peers and `replicas` bots on them (`env` added to each bot's environment, e.g. one DATABASE_URL). */
export async function startTriageRig(options: { replicas?: number; env?: Record<string, string>; recordOkta?: boolean } = {}): Promise<TriageRig> {
  let offsetMs = 0;
  const clock = { now: () => new Date(Date.now() + offsetMs) };
  // Recording: the sandbox believes it lives at the proxy's URL, so token audiences match.
  const proxy = options.recordOkta === true ? await startRecordingProxy() : undefined;
  const port = proxy === undefined ? undefined : await freePort();
  const peers = await startPeers({
    sandbox: { sarActivationDelayMs: ACTIVATION_MS, clock, ...(proxy !== undefined && { port, host: "127.0.0.1", publicUrl: proxy.url }) },
  }).catch(async (err: unknown) => {
    await proxy?.close();
    throw err;
  });
  proxy?.setTarget(`http://127.0.0.1:${String(port)}`);
  const bots: BotInstance<RunningApp>[] = [];
  try {
    const env = peers.env({ ...options.env, ...(proxy !== undefined && { OKTA_ORG_URL: proxy.url }) });
    for (let i = 0; i < (options.replicas ?? 1); i += 1) bots.push(await startBot({ startApp, createLogger }, env, { clock, logLevel: "warn" }));
  } catch (err) {
    for (const bot of bots) await bot.close().catch(() => undefined);
    await peers.close();
    await proxy?.close();
    throw err;
  }
  const fake = peers.slack;
  const slack = new SlackDriver(fake, () => bots[0]!.app.url);
  const threadOf = new Map<string, string>();

  const debug = (): string =>
    [
      ...fake.calls.slice(-12).map((c) => `${c.method} ${JSON.stringify(c.args.thread_ts ?? "")} ${JSON.stringify(c.args.text ?? (c.args.view as { callback_id?: string } | undefined)?.callback_id ?? "").slice(0, 300)}`),
      ...bots.flatMap((b) => b.logs.lines.slice(-10)),
    ].join("\n");

  async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await condition()) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}\n${debug()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const click: TriageRig["click"] = (user, actionId, value, cardTs, o = {}) => {
    const threadTs = threadOf.get(cardTs);
    const payload = blockActionPayload({ user, actionId, value, messageTs: cardTs, ...(threadTs !== undefined && { threadTs }), ...(o.actionTs !== undefined && { actionTs: o.actionTs }) });
    return postSigned(bots[o.bot ?? 0]!.app.url, interactionBody(payload), o.retryNum === undefined ? {} : { retryNum: o.retryNum });
  };

  const cardBlocks = (ts: string): unknown => fake.messages.get(ts)?.blocks;

  return {
    peers,
    ...(proxy !== undefined && { proxy }),
    bots,
    slack,
    driver: (index) => new SlackDriver(fake, () => bots[index]!.app.url),
    until,
    advance: (ms) => {
      offsetMs += ms;
    },
    async launchToCard(marker) {
      const { alice, bob } = SLACK_USERS;
      const view = await slack.openForm(alice, `<@U0TARGET|dan.target> ${marker}`);
      const form = { target: "@dan.target", reviewers: "erin.reviewer@example.com", durationDays: "7", reason: `triage ${marker}`, incidentRef: marker };
      expect((await slack.submit(alice, view, form)).status).toBe(200);
      const { ts, launchId } = await slack.card(marker);
      await slack.click(bob, "sar_approve", launchId, ts);
      await until(`the thread of ${marker} says created`, () => slack.thread(ts).some((t) => t.includes("created for")));
      const launch = await bots[0]!.app.store.getLaunch(launchId as never);
      const sarId = String(launch?.sarId);
      offsetMs += ACTIVATION_MS + 1_000;
      let card: SlackApiCall | undefined;
      await until(`the triage card of ${marker}`, async () => {
        card = fake.callsTo("chat.postMessage").find((c) => c.args.thread_ts === ts && isTriageCard(c) && JSON.stringify(c.args.blocks).includes(sarId));
        if (card === undefined) await bots[0]!.app.core.watches.pollOnce();
        return card !== undefined;
      });
      const cardTs = String(card!.response?.ts);
      threadOf.set(cardTs, ts);
      return { marker, threadTs: ts, sarId, launchReference: String(launch?.reference), cardTs };
    },
    click,
    async openRevoke(user, value, cardTs) {
      const before = fake.callsTo("views.open").length;
      await click(user, "sar_triage_revoke", value, cardTs);
      await until("the Revoke confirmation opens", () => fake.callsTo("views.open").length > before);
      return slack.view((fake.callsTo("views.open")[before]!.response?.view as { id: string }).id);
    },
    cardBlocks,
    revokeButtons: (ts) => buttonsOf(cardBlocks(ts)).filter((b) => b.actionId === "sar_triage_revoke"),
    ephemeralsTo: (user) => fake.callsTo("chat.postEphemeral").filter((c) => c.args.user === user.id),
    governanceCalls: (operationId) => peers.sandbox.calls.list({ operationId }).length,
    allReviewCalls: () => peers.sandbox.calls.list().filter((c) => c.operationId?.includes("SecurityAccessReview") === true).length,
    async close() {
      for (const bot of bots) await bot.close().catch(() => undefined);
      await peers.close();
      await proxy?.close();
    },
  };
}
