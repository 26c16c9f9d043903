/**
 * Who acts and where, read from an inbound activity at the edge: the
 * core's `Actor` (AAD object id, else the Teams id; tenant from the
 * conversation or channel data; email looked up on demand through the
 * conversation members API) and chat users named by @mentions.
 */
import { randomUUID } from "node:crypto";
import type { TurnContext } from "botbuilder";
import type { ConnectorClient } from "botframework-connector";
import type { Actor, ChatUserRef } from "../../../governance/actor.js";
import type { TargetInput } from "../../../governance/identity/types.js";
import type { Mention } from "../parse/message-text.js";
import { splitConversationId } from "../conversation/thread-reference.js";
import type { MemberDirectory, RosterScope } from "./member-directory.js";

export interface TurnInfo {
  tenantId: string;
  actor: Actor;
  roster: RosterScope;
  /** The turn's Bot Connector client; still usable after the turn (the context is not). */
  connector: ConnectorClient;
}

/** The tenant used when Teams gives none (the Bot Framework Emulator, in local mode only). */
export const LOCAL_TENANT = "local";

const ID = /^[A-Za-z0-9:._@|;=-]{1,200}$/;

function str(value: unknown, max = 200): string | undefined {
  return typeof value === "string" && value.length > 0 && value.length <= max ? value : undefined;
}

/** The activity's Teams tenant, if it names one. */
export function tenantOf(activity: TurnContext["activity"], localMode: boolean): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const tenant = str(activity.conversation?.tenantId) ?? str(channelData?.tenant?.id);
  if (tenant !== undefined) return ID.test(tenant) ? tenant : undefined;
  return localMode ? LOCAL_TENANT : undefined;
}

/** Where a conversation's members are listed: the team for channels, else the conversation. */
export function rosterOf(activity: TurnContext["activity"], tenantId: string): RosterScope {
  const channelData = activity.channelData as { team?: { id?: unknown } } | undefined;
  const team = str(channelData?.team?.id);
  return { tenantId, rosterId: team ?? splitConversationId(activity.conversation?.id ?? "").base };
}

/** The connector client botbuilder created for this turn. */
export function connectorOf(context: TurnContext): ConnectorClient {
  const client = context.turnState.get<ConnectorClient | undefined>(context.adapter.ConnectorClientKey);
  if (client === undefined) throw new Error("the turn has no Bot Connector client");
  return client;
}

/** The acting user, or a sentence saying why the activity cannot be acted on. */
export function turnInfoOf(context: TurnContext, deps: { directory: MemberDirectory; localMode: boolean }): TurnInfo | { refusal: string } {
  const { activity } = context;
  const tenantId = tenantOf(activity, deps.localMode);
  if (tenantId === undefined) return { refusal: "This bot works inside a Microsoft Teams tenant; this activity names none." };
  const fromId = str(activity.from?.id);
  if (fromId === undefined || !ID.test(fromId)) return { refusal: "This activity does not say who sent it." };
  const aad = str(activity.from?.aadObjectId, 100);
  const connector = connectorOf(context);
  const roster = rosterOf(activity, tenantId);
  const name = str(activity.from?.name);
  const actor: Actor = {
    platform: "teams",
    tenantId,
    userId: aad !== undefined && ID.test(aad) ? aad : fromId,
    ...(name !== undefined && { displayName: name }),
    correlationId: str(activity.id, 120) ?? randomUUID(),
    lookupEmail: () => deps.directory.email(connector, roster, fromId),
  };
  return { tenantId, actor, roster, connector };
}

/**
 * The Teams user an @mention names, keyed like actors are (AAD object id
 * when the roster gives it), with the email the roster has for them, read
 * here so the core never calls back into Teams.
 */
export async function mentionTarget(info: TurnInfo, mention: Mention, directory: MemberDirectory): Promise<Extract<TargetInput, { kind: "chat-user" }>> {
  const member = await directory.member(info.connector, info.roster, mention.id);
  // Answered from the member just cached.
  const email = await directory.email(info.connector, info.roster, mention.id);
  const user: ChatUserRef = { platform: "teams", tenantId: info.tenantId, userId: member?.aadObjectId ?? member?.id ?? mention.id, displayName: mention.name };
  return { kind: "chat-user", user, ...(email !== undefined && { email }) };
}
