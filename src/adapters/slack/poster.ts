/**
 * Delivers rendered replies: to the channel (`chat.postMessage`, returning
 * the message's ts) or to one person (`chat.postEphemeral`, falling back to
 * the interaction's `response_url` where the bot is not in the channel).
 */
import type { Logger } from "pino";
import type { SlackMessage } from "./render/blocks.js";
import type { RenderedReply } from "./render/render-reply.js";
import { describeSlackError, loggableError, slackErrorCode, type WebClient } from "./slack-web.js";

/** Where an interaction happened and how to answer the person privately. */
export interface ReplyPlace {
  channelId: string;
  userId: string;
  threadTs?: string;
  /** From the slash command or action; lets Slack deliver where the bot cannot post. */
  responseUrl?: string;
}

export interface Poster {
  /** Posts for everyone; undefined when the channel refused the bot (the person is told why). */
  toChannel(place: ReplyPlace, message: SlackMessage): Promise<string | undefined>;
  /** Posts for the person only. */
  toPerson(place: ReplyPlace, message: SlackMessage): Promise<void>;
  /** Posts a rendered reply to its audience. */
  deliver(place: ReplyPlace, reply: RenderedReply): Promise<string | undefined>;
  update(channelId: string, ts: string, message: SlackMessage): Promise<void>;
  /** Replaces a private message the person clicked in (through its response_url), else sends a new one. */
  replacePrivate(place: ReplyPlace, message: SlackMessage): Promise<void>;
}

/** Slack's answers meaning "the bot cannot post here", which the person must fix, not us. */
const CANNOT_POST = new Set(["not_in_channel", "channel_not_found", "is_archived", "restricted_action", "cannot_reply_to_message", "ekm_access_denied"]);

const NOT_IN_CHANNEL =
  "⚠️ I cannot post in this conversation. Invite me to the channel (`/invite @oig-chatops`) or use a channel I am in, then try again.";

/** Slack refuses an empty `blocks` array; a text-only message leaves it out. */
function blocksOf(message: SlackMessage): { blocks?: SlackMessage["blocks"] } {
  return message.blocks.length > 0 ? { blocks: message.blocks } : {};
}

export interface PosterOptions {
  web: WebClient;
  logger: Logger;
  /** Origins a response_url may point at besides Slack's hooks (the SLACK_API_URL origin, for proxies and tests). */
  responseOrigins?: readonly string[];
  fetch?: typeof fetch;
}

const SLACK_HOOKS = "https://hooks.slack.com";

export function createPoster(options: PosterOptions): Poster {
  const { web, logger } = options;
  const send = options.fetch ?? fetch;
  const origins = new Set([SLACK_HOOKS, ...(options.responseOrigins ?? [])]);
  // The URL comes from a signed payload; the bot still never posts anywhere but to Slack.
  const allowed = (url: string): boolean => {
    try {
      return origins.has(new URL(url).origin);
    } catch {
      return false;
    }
  };

  async function viaResponseUrl(place: ReplyPlace, message: SlackMessage, replaceOriginal = false): Promise<boolean> {
    if (place.responseUrl === undefined) return false;
    if (!allowed(place.responseUrl)) {
      logger.warn({ channelId: place.channelId }, "a response_url outside Slack was ignored");
      return false;
    }
    try {
      const response = await send(place.responseUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ response_type: "ephemeral", replace_original: replaceOriginal, text: message.text, ...blocksOf(message) }),
      });
      if (!response.ok) logger.warn({ status: response.status, channelId: place.channelId }, "Slack refused a reply sent to the response_url");
      return response.ok;
    } catch (err) {
      logger.warn({ err: loggableError(err), channelId: place.channelId }, "could not reach the response_url");
      return false;
    }
  }

  async function toPerson(place: ReplyPlace, message: SlackMessage): Promise<void> {
    try {
      await web.chat.postEphemeral({
        channel: place.channelId,
        user: place.userId,
        text: message.text,
        ...blocksOf(message),
        ...(place.threadTs !== undefined && { thread_ts: place.threadTs }),
      });
      return;
    } catch (err) {
      if (await viaResponseUrl(place, message)) return;
      logger.warn({ channelId: place.channelId, userId: place.userId, ...describeSlackError(err) }, "could not send a private reply");
      throw err;
    }
  }

  async function toChannel(place: ReplyPlace, message: SlackMessage): Promise<string | undefined> {
    try {
      const result = await web.chat.postMessage({
        channel: place.channelId,
        text: message.text,
        ...blocksOf(message),
        unfurl_links: false,
        unfurl_media: false,
        ...(place.threadTs !== undefined && { thread_ts: place.threadTs }),
      });
      return typeof result.ts === "string" ? result.ts : undefined;
    } catch (err) {
      if (!CANNOT_POST.has(slackErrorCode(err) ?? "")) throw err;
      logger.info({ channelId: place.channelId, ...describeSlackError(err) }, "the bot cannot post in this conversation");
      if (!(await viaResponseUrl(place, { text: NOT_IN_CHANNEL, blocks: [] }))) {
        await toPerson(place, { text: NOT_IN_CHANNEL, blocks: [] }).catch(() => undefined);
      }
      return undefined;
    }
  }

  return {
    toChannel,
    toPerson,
    async deliver(place, reply) {
      if (reply.audience === "channel") return toChannel(place, reply);
      await toPerson(place, reply);
      return undefined;
    },
    async update(channelId, ts, message) {
      await web.chat.update({ channel: channelId, ts, text: message.text, blocks: message.blocks });
    },
    async replacePrivate(place, message) {
      if (!(await viaResponseUrl(place, message, true))) await toPerson(place, message);
    },
  };
}
