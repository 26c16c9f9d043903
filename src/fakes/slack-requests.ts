/**
 * Slack request bodies as Slack sends them (shapes of the bolt-python and
 * java-slack-sdk samples in ../shared/schemas/payloads/slack), signed with
 * the signing secret, and posted to the running adapter.
 */
import { createHmac } from "node:crypto";
import { FAKE_TEAM } from "./slack-web-api.js";

export const SIGNING_SECRET = "test-signing-secret-0123456789abcdef";

export interface SlackUserRef {
  id: string;
  name: string;
}

export interface PostOptions {
  secret?: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  retryNum?: number;
  /** Replaces the computed signature. */
  signature?: string;
  contentType?: string;
}

export function sign(body: string, secret: string, timestamp: number): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

/** Posts a raw body to `/slack/events`, signed unless told otherwise. */
export async function postSigned(baseUrl: string, body: string, options: PostOptions = {}): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(`${baseUrl}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": options.contentType ?? "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": options.signature ?? sign(body, options.secret ?? SIGNING_SECRET, timestamp),
      ...(options.retryNum !== undefined && { "x-slack-retry-num": String(options.retryNum), "x-slack-retry-reason": "http_timeout" }),
    },
    body,
  });
}

let triggers = 0;
export const nextTriggerId = () => `${Date.now()}.${++triggers}.trigger`;

export interface SlashOptions {
  user: SlackUserRef;
  text: string;
  channel?: string;
  triggerId?: string;
  responseUrl?: string;
}

/** The form body of `/sar <text>`. */
export function slashCommandBody(options: SlashOptions): string {
  return new URLSearchParams({
    token: "verification_token",
    team_id: FAKE_TEAM.id,
    team_domain: "demo",
    channel_id: options.channel ?? "C0INCIDENT",
    channel_name: "incident-4711",
    user_id: options.user.id,
    user_name: options.user.name,
    command: "/sar",
    text: options.text,
    api_app_id: "A0OIGCHATOPS",
    is_enterprise_install: "false",
    response_url: options.responseUrl ?? "https://hooks.slack.com/commands/T0DEMO/1/x",
    trigger_id: options.triggerId ?? nextTriggerId(),
  }).toString();
}

export const interactionBody = (payload: unknown): string => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

const team = { id: FAKE_TEAM.id, domain: "demo" };
const userOf = (user: SlackUserRef) => ({ id: user.id, username: user.name, name: user.name, team_id: FAKE_TEAM.id });

export interface BlockActionOptions {
  user: SlackUserRef;
  actionId: string;
  value: string;
  channel?: string;
  messageTs: string;
  threadTs?: string;
  actionTs?: string;
  responseUrl?: string;
  isEphemeral?: boolean;
}

let actions = 0;

export function blockActionPayload(options: BlockActionOptions): Record<string, unknown> {
  const channel = options.channel ?? "C0INCIDENT";
  return {
    type: "block_actions",
    user: userOf(options.user),
    api_app_id: "A0OIGCHATOPS",
    token: "verification_token",
    container: {
      type: "message",
      message_ts: options.messageTs,
      channel_id: channel,
      is_ephemeral: options.isEphemeral ?? false,
      ...(options.threadTs !== undefined && { thread_ts: options.threadTs }),
    },
    trigger_id: nextTriggerId(),
    team,
    channel: { id: channel, name: "incident-4711" },
    message: { type: "message", ts: options.messageTs, text: "card", ...(options.threadTs !== undefined && { thread_ts: options.threadTs }) },
    response_url: options.responseUrl ?? "https://hooks.slack.com/actions/T0DEMO/1/x",
    actions: [
      {
        action_id: options.actionId,
        block_id: "b",
        text: { type: "plain_text", text: "Button", emoji: true },
        value: options.value,
        type: "button",
        action_ts: options.actionTs ?? `${Math.floor(Date.now() / 1000)}.${String(++actions).padStart(6, "0")}`,
      },
    ],
  };
}

/** A `view_submission` of `view` (as the fake Slack API stored it) with `values` typed into its inputs. */
export function viewSubmissionPayload(user: SlackUserRef, view: Record<string, unknown>, values: Record<string, string>): Record<string, unknown> {
  const state: Record<string, Record<string, { type: string; value: string }>> = {};
  for (const block of (view.blocks as { type?: string; block_id?: string; element?: { type?: string; action_id?: string } }[]) ?? []) {
    if (block.type !== "input" || block.block_id === undefined || block.element?.action_id === undefined) continue;
    const value = values[block.block_id];
    if (value !== undefined) state[block.block_id] = { [block.element.action_id]: { type: block.element.type ?? "plain_text_input", value } };
  }
  return {
    type: "view_submission",
    team,
    user: userOf(user),
    api_app_id: "A0OIGCHATOPS",
    token: "verification_token",
    trigger_id: nextTriggerId(),
    view: { ...view, type: "modal", state: { values: state }, root_view_id: view.id, app_id: "A0OIGCHATOPS", bot_id: "B0BOT" },
    response_urls: [],
  };
}

export interface ShortcutOptions {
  user: SlackUserRef;
  text: string;
  channel?: string;
  messageTs?: string;
  threadTs?: string;
}

export function messageShortcutPayload(options: ShortcutOptions): Record<string, unknown> {
  const ts = options.messageTs ?? "1583636382.000300";
  const channel = options.channel ?? "C0INCIDENT";
  return {
    type: "message_action",
    token: "verification_token",
    action_ts: `${Math.floor(Date.now() / 1000)}.000001`,
    team,
    user: { id: options.user.id, name: options.user.name },
    channel: { id: channel, name: "incident-4711" },
    callback_id: "sar_launch_from_message",
    trigger_id: nextTriggerId(),
    message_ts: ts,
    message: { type: "message", text: options.text, user: "U0REPORTER", ts, team: FAKE_TEAM.id, ...(options.threadTs !== undefined && { thread_ts: options.threadTs }) },
    response_url: "https://hooks.slack.com/app/T0DEMO/1/x",
  };
}
