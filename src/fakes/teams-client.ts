/**
 * Plays Microsoft Teams toward the bot over HTTP: builds activities the
 * way Teams sends them (shapes from shared/schemas/payloads/teams), with
 * `serviceUrl` pointing at the fake Bot Connector, and posts them to
 * `/api/messages`. Speaks JSON only, never botbuilder's classes.
 */
import { randomUUID } from "node:crypto";

export interface TeamsUser {
  /** The Teams id (`29:...`). */
  id: string;
  aadObjectId: string;
  name: string;
  email: string;
}

export interface Conversation {
  id: string;
  conversationType: "channel" | "personal" | "groupChat";
  teamId?: string;
}

export const TENANT_ID = "tenant-demo";
export const BOT = { id: "28:oig-bot", name: "oig-chatops" };

export const CHANNEL: Conversation = { id: "19:incident@thread.tacv2", conversationType: "channel", teamId: "19:team-general@thread.tacv2" };
export const GROUP_CHAT: Conversation = { id: "19:groupchat-ir@thread.v2", conversationType: "groupChat" };
export const personalChat = (user: TeamsUser): Conversation => ({ id: `a:personal-${user.id}`, conversationType: "personal" });

/** A bare personal-chat message activity, for tests that post raw JSON. */
export function plainMessage(serviceUrl: string, from: TeamsUser, text: string): OutgoingActivity {
  return {
    type: "message",
    id: `f:plain-${++sequence}`,
    channelId: "msteams",
    serviceUrl,
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: { ...BOT },
    conversation: { id: `a:personal-${from.id}`, conversationType: "personal", isGroup: false, tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
    text,
  };
}

export function teamsUser(name: string, email: string): TeamsUser {
  return { id: `29:${name}`, aadObjectId: `aad-${name}`, name, email };
}

/** An activity as this client sends it. */
export interface OutgoingActivity {
  id: string;
  type?: string;
  name?: string;
  channelId: string;
  serviceUrl: string;
  from: { id: string; name: string; aadObjectId: string };
  recipient: { id: string; name: string };
  conversation: { id: string; conversationType: string; isGroup: boolean; tenantId: string };
  channelData: Record<string, unknown>;
  [key: string]: unknown;
}

export interface SentInvoke {
  status: number;
  /** The parsed JSON answer (the invoke response), or the raw text. */
  body: unknown;
  /** The activity as sent (its id is the invoke's id). */
  activity: OutgoingActivity;
}

export interface TeamsClientOptions {
  botUrl: string;
  serviceUrl: string;
  /** A Bot Framework token for the Authorization header (authenticated mode). */
  token?: () => Promise<string>;
  tenantId?: string;
}

let sequence = 0;

export class TeamsClient {
  constructor(private readonly options: TeamsClientOptions) {}

  private base(from: TeamsUser, conversation: Conversation, threadRootId?: string): OutgoingActivity {
    const tenantId = this.options.tenantId ?? TENANT_ID;
    return {
      id: `f:${++sequence}-${randomUUID()}`,
      channelId: "msteams",
      serviceUrl: this.options.serviceUrl,
      timestamp: new Date().toISOString(),
      from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
      recipient: { ...BOT },
      conversation: {
        id: threadRootId ? `${conversation.id};messageid=${threadRootId}` : conversation.id,
        conversationType: conversation.conversationType,
        isGroup: conversation.conversationType !== "personal",
        tenantId,
      },
      channelData: {
        tenant: { id: tenantId },
        ...(conversation.teamId && { team: { id: conversation.teamId }, channel: { id: conversation.id } }),
      },
    };
  }

  /** Posts any JSON (or raw text) to the bot, as the Bot Connector would. */
  async send(body: unknown, options: { raw?: boolean; headers?: Record<string, string> } = {}): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
    if (this.options.token && headers.authorization === undefined) headers.authorization = `Bearer ${await this.options.token()}`;
    const response = await fetch(`${this.options.botUrl}/api/messages`, {
      method: "POST",
      headers,
      body: options.raw ? (body as string) : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    return { status: response.status, body: parsed };
  }

  /**
   * A message to the bot. `@Name` words for `mentions` become Teams mention
   * tags; the bot is mentioned first unless `mentionBot` is false.
   */
  async message(from: TeamsUser, text: string, options: { conversation?: Conversation; mentions?: TeamsUser[]; mentionBot?: boolean; threadRootId?: string } = {}): Promise<SentInvoke> {
    const conversation = options.conversation ?? CHANNEL;
    const base = this.base(from, conversation);
    const entities: Record<string, unknown>[] = [];
    // Teams sends message text as light HTML: what people type is entity-encoded, mentions are tags.
    let body = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    for (const user of options.mentions ?? []) {
      body = body.split(`@${user.name}`).join(`<at>${user.name}</at>`);
      entities.push({ type: "mention", text: `<at>${user.name}</at>`, mentioned: { id: user.id, name: user.name } });
    }
    if (options.mentionBot !== false) {
      body = `<at>${BOT.name}</at> ${body}`;
      entities.unshift({ type: "mention", text: `<at>${BOT.name}</at>`, mentioned: { ...BOT } });
    }
    // A new channel post is its own reply chain's root.
    const root = conversation.conversationType === "channel" ? (options.threadRootId ?? base.id) : undefined;
    const activity: OutgoingActivity = { ...base, type: "message", text: body, textFormat: "plain", entities, ...(root && { conversation: { ...base.conversation, id: `${conversation.id};messageid=${root}` } }) };
    return { ...(await this.send(activity)), activity };
  }

  private async invoke(from: TeamsUser, name: string, value: unknown, options: { conversation?: Conversation; replyToId?: string; threadRootId?: string } = {}): Promise<SentInvoke> {
    const activity: OutgoingActivity = { ...this.base(from, options.conversation ?? CHANNEL, options.threadRootId), type: "invoke", name, value, ...(options.replyToId && { replyToId: options.replyToId }) };
    return { ...(await this.send(activity)), activity };
  }

  fetchTask(from: TeamsUser, options: { commandId?: string; messagePayload?: unknown; conversation?: Conversation } = {}): Promise<SentInvoke> {
    const value = {
      commandId: options.commandId ?? "startSecurityAccessReview",
      commandContext: options.messagePayload ? "message" : "compose",
      ...(options.messagePayload !== undefined && { messagePayload: options.messagePayload }),
      context: { theme: "default" },
    };
    return this.invoke(from, "composeExtension/fetchTask", value, options);
  }

  submitAction(from: TeamsUser, data: Record<string, unknown>, options: { commandId?: string; conversation?: Conversation; threadRootId?: string } = {}): Promise<SentInvoke> {
    const value = { commandId: options.commandId ?? "startSecurityAccessReview", commandContext: "compose", context: { theme: "default" }, data };
    return this.invoke(from, "composeExtension/submitAction", value, options);
  }

  query(from: TeamsUser, text: string, options: { commandId?: string; conversation?: Conversation } = {}): Promise<SentInvoke> {
    const value = { commandId: options.commandId ?? "findRequest", parameters: [{ name: "query", value: text }], queryOptions: { skip: 0, count: 25 } };
    return this.invoke(from, "composeExtension/query", value, options);
  }

  /** A click on an `Action.Execute` button of the card in message `replyToId` (inputs merged into `data`, as Teams does). */
  cardAction(from: TeamsUser, action: { verb: string; data?: Record<string, unknown> }, options: { replyToId?: string; conversation?: Conversation; threadRootId?: string; trigger?: "manual" | "automatic" } = {}): Promise<SentInvoke> {
    const value = { action: { type: "Action.Execute", id: randomUUID(), verb: action.verb, data: { ...action.data, verb: action.verb } }, trigger: options.trigger ?? "manual" };
    return this.invoke(from, "adaptiveCard/action", value, options);
  }
}
