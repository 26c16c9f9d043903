/**
 * Showing a new launch in the conversation: the approval card (or the
 * "launching" card when no approval is needed) is posted once, or put in
 * place of the form it came from; its message id goes to the core
 * (`attachLaunchMessage`) so decisions can update it. When the flow had no
 * thread, the core sends later events to the thread under that message,
 * so a reference is stored there too.
 */
import type { ConversationKey } from "../../../governance/actor.js";
import type { LaunchView } from "../../../governance/replies.js";
import type { Poster } from "../conversation/poster.js";
import { referenceJson, underMessage, type StoredReference } from "../conversation/thread-reference.js";
import { launchCard, launchText, MAX_REFRESH_USERS } from "../render/launch-card.js";
import type { BotDeps } from "./bot-deps.js";
import { INBOUND_TTL_MS } from "./bot-deps.js";
import type { TurnInfo } from "./turn-info.js";

export interface ShowLaunchInput {
  launch: LaunchView;
  key: ConversationKey;
  ref: StoredReference;
  info: TurnInfo;
  /** The message to replace with the card (the inline form); absent: post a new message. */
  replaceMessageId?: string;
}

async function sharedCard(launch: LaunchView, info: TurnInfo, deps: BotDeps) {
  const userIds = launch.state === "PENDING_APPROVAL" ? await deps.directory.rosterIds(info.connector, info.roster, MAX_REFRESH_USERS) : [];
  return { card: launchCard(launch, { view: { kind: "shared", refreshUserIds: userIds } }), text: launchText(launch) };
}

async function place(poster: Poster, input: ShowLaunchInput, rendered: Awaited<ReturnType<typeof sharedCard>>): Promise<string> {
  if (input.replaceMessageId) {
    await poster.update(input.ref, input.replaceMessageId, rendered);
    return input.replaceMessageId;
  }
  return poster.post(input.ref, rendered, input.ref.threadRootId ? "thread" : "conversation");
}

/** Posts (or places) the launch card once per launch; false when another delivery already did. */
export async function showLaunch(input: ShowLaunchInput, deps: BotDeps): Promise<boolean> {
  const { launch, key } = input;
  if (launch.approvalMessageId !== null) return false;
  // Teams redelivers invokes; the core returns the same launch, and only the first delivery posts.
  if (!(await deps.chatState.claimInbound(`teams.launch-card:${launch.id}`, INBOUND_TTL_MS))) return false;
  const messageId = await place(deps.poster, input, await sharedCard(launch, input.info, deps));
  if (messageId === "") return true;
  if (key.threadId === undefined) {
    const thread = underMessage(key, input.ref, messageId);
    await deps.chatState.putConversationReference(thread.key, referenceJson(thread.ref));
  }
  await deps.core.attachLaunchMessage(launch.id, messageId);
  return true;
}
