/**
 * The shared chat flows' driver for Slack: people type `/sar`, fill the
 * modal and click buttons over signed HTTP, and read what the fake Slack
 * Web API received (the card and its updates, thread replies, private notes,
 * modal outcomes), flattened to text as Slack would show it.
 */
import type { ChatDriver, ChatDriverFactory, LaunchHandle, Seen } from "../../contract/chat-driver.js";
import type { DemoUserKey } from "../../../support/core-harness.js";
import { SLACK_USERS, type SlackApiCall } from "../../../../src/fakes/slack-web-api.js";
import { createE2eBench, type E2eBench } from "./e2e-bench.js";
import { eventually } from "./slack-bench.js";

interface PostedLaunch {
  ts: string;
  launchId: string;
}

interface BlockLike {
  type?: string;
  text?: { text?: string } | string;
  fields?: { text?: string }[];
  elements?: BlockLike[];
  action_id?: string;
  value?: string;
}

/** Text as a person reads it: entities decoded, dates shown by their fallback. */
function readable(text: string): string {
  return text
    .replace(/<!date\^\d+\^[^|>]*\|([^>]*)>/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function seenOf(blocks: unknown, fallback = ""): Seen {
  const texts: string[] = [];
  const buttons: string[] = [];
  const walk = (block: BlockLike): void => {
    if (block.type === "button" && typeof block.text === "object") buttons.push(block.text.text ?? "");
    else if (typeof block.text === "string") texts.push(block.text);
    else if (typeof block.text?.text === "string") texts.push(block.text.text);
    for (const field of block.fields ?? []) texts.push(field.text ?? "");
    for (const element of block.elements ?? []) walk(element);
  };
  for (const block of Array.isArray(blocks) ? (blocks as BlockLike[]) : []) walk(block);
  return { text: readable(texts.length > 0 ? texts.join("\n") : fallback), buttons };
}

const seenOfCall = (call: SlackApiCall): Seen => seenOf(call.args.blocks, typeof call.args.text === "string" ? call.args.text : "");

function slackUser(key: DemoUserKey): { id: string; name: string } {
  const user = (SLACK_USERS as Record<string, { id: string; name: string } | undefined>)[key];
  if (user === undefined) throw new Error(`no Slack user for the demo user ${key}`);
  return user;
}

export function slackDriver(e: E2eBench): ChatDriver {
  const fake = e.slack.slack;
  const launches = new Map<string, PostedLaunch>();
  const posted = (launch: LaunchHandle): PostedLaunch => {
    const found = launches.get(launch.reference);
    if (!found) throw new Error(`no launch ${launch.reference} was started through this driver`);
    return found;
  };

  /** The first private note or top-level channel post for `userId` after call number `from`. */
  async function answerAfter(from: number, userId: string): Promise<Seen> {
    const isAnswer = (c: SlackApiCall) =>
      fake.calls.indexOf(c) >= from && ((c.method === "chat.postEphemeral" && c.args.user === userId) || (c.method === "chat.postMessage" && c.args.thread_ts === undefined));
    await eventually("an answer to the person", () => fake.calls.some(isAnswer));
    return seenOfCall(fake.calls.find(isAnswer) as SlackApiCall);
  }

  return {
    async startLaunch(asUser, target, reason) {
      const who = slackUser(target);
      const view = await e.openForm(slackUser(asUser), `<@${who.id}|${who.name}> ${reason}`);
      const from = fake.calls.length;
      await e.submit(slackUser(asUser), view, { target: `@${who.name}`, reviewers: "erin.reviewer@example.com", durationDays: "7", reason });
      const card = await fake.waitForCall("chat.postMessage", (c) => fake.calls.indexOf(c) >= from && JSON.stringify(c.args.blocks).includes("sar_approve"));
      const reference = /`(L[0-9A-Z]{6})`/.exec(JSON.stringify(card.args.blocks))?.[1];
      const launchId = (card.args.blocks as BlockLike[]).flatMap((b) => b.elements ?? []).find((el) => el.action_id === "sar_approve")?.value;
      if (reference === undefined || launchId === undefined) throw new Error("the approval card names no launch");
      launches.set(reference, { ts: String(card.response?.ts), launchId });
      return { reference };
    },

    async approve(asUser, launch) {
      const { ts, launchId } = posted(launch);
      const from = fake.calls.length;
      await e.click(slackUser(asUser), "sar_approve", launchId, ts);
      return answerAfter(from, slackUser(asUser).id);
    },

    async deny(asUser, launch, reason) {
      const { ts, launchId } = posted(launch);
      const from = fake.calls.length;
      await e.click(slackUser(asUser), "sar_deny", launchId, ts);
      const opened = await fake.waitForCall("views.open", (c) => fake.calls.indexOf(c) >= from);
      const viewId = (opened.response?.view as { id: string }).id;
      await e.submit(slackUser(asUser), e.view(viewId), { reason });
      // The modal ends on the outcome (or the refusal) once the core answered.
      const outcome = await fake.waitForCall("views.update", (c) => c.args.view_id === viewId && !JSON.stringify(c.args.view).includes("Recording"));
      return seenOf((outcome.args.view as { blocks?: unknown }).blocks);
    },

    async launchCard(launch) {
      const message = fake.messages.get(posted(launch).ts);
      return seenOf(message?.blocks, message?.text);
    },

    async thread(launch) {
      const { ts } = posted(launch);
      return [...fake.messages.values()].filter((m) => m.threadTs === ts).map((m) => seenOf(m.blocks, m.text));
    },

    async status(asUser, id) {
      const from = fake.calls.length;
      await e.command(slackUser(asUser), `status ${id}`);
      return answerAfter(from, slackUser(asUser).id);
    },

    async postMessage(asUser, requestId, text) {
      const from = fake.calls.length;
      await e.command(slackUser(asUser), `message ${requestId} ${text}`);
      return answerAfter(from, slackUser(asUser).id);
    },
  };
}

/** Starts Slack in front of the real core, for `chatFlowSuite`. */
export const slackDriverFactory: ChatDriverFactory = async () => {
  const e = await createE2eBench({ sarActivationDelayMs: 60_000 });
  return { driver: slackDriver(e), h: e.h, core: e.core, close: () => e.close() };
};
