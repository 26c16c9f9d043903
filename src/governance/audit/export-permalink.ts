/**
 * Links to the chat message an audit record belongs to, built from the ids
 * the bot stored at the time (no chat API call at export time):
 * - Slack: the archive permalink format `chat.getPermalink` answers with,
 *   `https://<workspace>/archives/<channel>/p<ts without the dot>`, plus
 *   `thread_ts` and `cid` for a reply in a thread. The workspace host is
 *   `slack.com` unless the caller knows the workspace URL (`auth.test`).
 * - Teams: the documented message deep link
 *   `https://teams.microsoft.com/l/message/<conversation>/<message>`.
 * The ids themselves are exported beside the link and stay authoritative.
 */
import type { ChatPlatform } from "../actor.js";

/** Where a record's chat message lives. */
export interface ChatLocation {
  platform: ChatPlatform;
  tenantId: string;
  conversationId: string;
  threadId: string | null;
  messageId: string | null;
}

export type PermalinkBuilder = (location: ChatLocation) => string | null;

const SLACK_TS = /^\d{1,12}\.\d{1,8}$/;

/** Slack's archive link for a message (`slackBase`: the workspace URL, default https://slack.com/). */
export function slackPermalink(location: ChatLocation, slackBase = "https://slack.com/"): string | null {
  const ts = location.messageId ?? location.threadId;
  if (ts === null || !SLACK_TS.test(ts) || !/^[A-Z0-9]{1,30}$/.test(location.conversationId)) return null;
  const url = new URL(`archives/${location.conversationId}/p${ts.replace(".", "")}`, slackBase.endsWith("/") ? slackBase : `${slackBase}/`);
  const thread = location.threadId;
  if (thread !== null && thread !== ts && SLACK_TS.test(thread)) {
    url.searchParams.set("thread_ts", thread);
    url.searchParams.set("cid", location.conversationId);
  }
  return url.href;
}

/** The Teams deep link to a message (its reply chain's root as `parentMessageId` when it is a reply). */
export function teamsPermalink(location: ChatLocation): string | null {
  const message = location.messageId ?? location.threadId;
  if (message === null || location.conversationId === "") return null;
  // A channel thread's conversation id carries `;messageid=<root>`; the link wants the channel id alone.
  const [conversation = "", suffix] = location.conversationId.split(";messageid=");
  const root = location.threadId ?? suffix ?? null;
  const url = new URL(`https://teams.microsoft.com/l/message/${encodeURIComponent(conversation)}/${encodeURIComponent(message)}`);
  url.searchParams.set("tenantId", location.tenantId);
  if (root !== null && root !== message) url.searchParams.set("parentMessageId", root);
  return url.href;
}

/** The default builder: Slack and Teams as above; other platforms (the CLI) have no links. */
export function defaultPermalink(options: { slackBase?: string } = {}): PermalinkBuilder {
  return (location) => {
    if (location.platform === "slack") return slackPermalink(location, options.slackBase);
    if (location.platform === "teams") return teamsPermalink(location);
    return null;
  };
}
