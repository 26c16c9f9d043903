/**
 * The shared chat flows' driver for Teams: people act through the wire
 * protocol (the message extension opened on a message that mentions the
 * target, card buttons, @mention commands) and read what the fake Bot
 * Connector received: the posted card, its updates, its thread.
 */
import type { ChatDriver, ChatDriverFactory, LaunchHandle, Seen } from "../../contract/chat-driver.js";
import type { DemoUserKey } from "../../../support/core-harness.js";
import type { WireActivity } from "../../../../src/fakes/bot-connector.js";
import { allText, buttonsOf, cardOf, CARD_TYPE, inputsOf, taskOf } from "./card-reading.js";
import { startTeamsWithCore, type TeamsCoreHarness } from "./teams-core-harness.js";
import { CHANNEL, type SentInvoke } from "../../../../src/fakes/teams-client.js";

interface PostedLaunch {
  cardId: string;
  launchId: string;
}

function seenOfActivity(activity: WireActivity | undefined): Seen {
  const card = cardOf(activity);
  return { text: allText(card), buttons: buttonsOf(card).map((b) => b.title) };
}

/** What the clicker of a card button saw: the card Teams swapped in, or the message it showed them. */
function seenOfInvoke(sent: SentInvoke): Seen {
  const body = sent.body as { type?: string; value?: unknown } | undefined;
  if (body?.type === CARD_TYPE) return { text: allText(body.value), buttons: buttonsOf(body.value).map((b) => b.title) };
  if (typeof body?.value === "string") return { text: body.value, buttons: [] };
  if (typeof body?.value === "object" && body.value !== null) return { text: JSON.stringify(body.value), buttons: [] };
  throw new Error(`unexpected card action answer (${sent.status}): ${JSON.stringify(sent.body)}`);
}

export function teamsDriver(env: TeamsCoreHarness): ChatDriver {
  const { teams } = env;
  const launches = new Map<string, PostedLaunch>();

  const posted = (reference: string): PostedLaunch => {
    const found = launches.get(reference);
    if (!found) throw new Error(`no launch ${reference} was started through this driver`);
    return found;
  };
  const threadId = (launch: LaunchHandle) => `${CHANNEL.id};messageid=${posted(launch.reference).cardId}`;

  async function answerTo(sent: SentInvoke): Promise<Seen> {
    const reply = await teams.connector.waitFor("the bot's answer", () => teams.connector.posted.find((p) => p.replyToId === sent.activity.id));
    return seenOfActivity(reply.activity);
  }

  async function click(asUser: DemoUserKey, launch: LaunchHandle, verb: string, data: Record<string, unknown> = {}): Promise<Seen> {
    const { cardId, launchId } = posted(launch.reference);
    const sent = await teams.client.cardAction(env.user(asUser), { verb, data: { launchId, ...data } }, { replyToId: cardId, threadRootId: cardId });
    return seenOfInvoke(sent);
  }

  return {
    async startLaunch(asUser, target, reason) {
      const user = env.user(target);
      const before = teams.connector.posted.length;
      // "Start security access review" from the `...` menu of a message that mentions the target.
      const fetched = await teams.client.fetchTask(env.user(asUser), {
        messagePayload: {
          id: `${Date.now()}`,
          body: { contentType: "html", content: `<p>Heads up about <at id="0">${user.name}</at></p>` },
          mentions: [{ id: 0, mentionText: user.name, mentioned: { user: { id: user.aadObjectId, displayName: user.name } } }],
        },
      });
      const { card } = taskOf(fetched.body);
      if (!card) throw new Error(`no launch form for ${asUser}: ${JSON.stringify(fetched.body)}`);
      const submitButton = buttonsOf(card).find((b) => b.title === "Submit");
      const submitted = await teams.client.submitAction(env.user(asUser), { ...inputsOf(card), ...submitButton?.data, reason, durationDays: String(inputsOf(card).durationDays) });
      // Success closes the form with a note saying where the card went (never the form again).
      if (submitted.status !== 200 || !/card is in the conversation/.test(taskOf(submitted.body).message ?? "")) {
        throw new Error(`the launch was not submitted: ${JSON.stringify(submitted.body)}`);
      }
      const post = await teams.connector.waitFor("the approval card", () =>
        teams.connector.posted.slice(before).find((p) => p.activity.attachments?.some((a) => a.contentType === CARD_TYPE) && /approval needed/i.test(allText(cardOf(p.activity)))),
      );
      const shown = cardOf(post.activity);
      const reference = /Reference: (L[0-9A-Z]{6})/.exec(allText(shown))?.[1];
      const launchId = buttonsOf(shown).find((b) => b.title === "Approve")?.data.launchId;
      if (reference === undefined || typeof launchId !== "string") throw new Error(`the approval card names no launch: ${allText(shown)}`);
      launches.set(reference, { cardId: post.id, launchId });
      return { reference };
    },

    approve: (asUser, launch) => click(asUser, launch, "launch.approve"),
    deny: (asUser, launch, reason) => click(asUser, launch, "launch.deny", { denyReason: reason }),

    async launchCard(launch) {
      const { cardId } = posted(launch.reference);
      const latest = teams.connector.updated.filter((u) => u.activityId === cardId).at(-1)?.activity ?? teams.connector.posted.find((p) => p.id === cardId)?.activity;
      return seenOfActivity(latest);
    },

    async thread(launch) {
      const id = threadId(launch);
      return teams.connector.posted.filter((p) => p.conversationId === id).map((p) => seenOfActivity(p.activity));
    },

    async status(asUser, id) {
      return answerTo(await teams.client.message(env.user(asUser), `status ${id}`));
    },

    async postMessage(asUser, requestId, text) {
      return answerTo(await teams.client.message(env.user(asUser), `message ${requestId} ${text}`));
    },
  };
}

/** Starts Teams in front of the real core, for `chatFlowSuite`. */
export const teamsDriverFactory: ChatDriverFactory = async () => {
  const env = await startTeamsWithCore({ sarActivationDelayMs: 60_000 });
  return { driver: teamsDriver(env), h: env.h, core: env.core, close: () => env.close() };
};
