/**
 * Slack ids -> the core's `Actor`, targets and `ConversationKey`. Emails
 * come from `users.info` (`profile.email`, scope `users:read.email`): the
 * actor's only when the core asks for it, a named user's before the core is
 * called; cached briefly so a burst of clicks costs one call.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { Actor, ChatUserRef, ConversationKey } from "../../governance/actor.js";
import type { TargetInput } from "../../governance/identity/types.js";
import { parseTargetText } from "../../governance/identity/parse-target-text.js";
import type { Clock } from "../../governance/ports.js";
import { at } from "./payload.js";
import { describeSlackError, slackErrorCode, type WebClient } from "./slack-web.js";

export interface SlackIds {
  teamId: string;
  userId: string;
  userName?: string;
}

export interface SlackPeople {
  /** The core's actor for a Slack user. */
  actor(ids: SlackIds): Actor;
  /** A Slack user named in a command (a mention) as a target, with the email Slack has for them. */
  mentioned(teamId: string, userId: string, name?: string): Promise<Extract<TargetInput, { kind: "chat-user" }>>;
  /** The target named by typed text, a mention with its email. Null when it names nobody. */
  target(teamId: string, text: string): Promise<TargetInput | null>;
  /** A target the adapter parsed, a chat user with their email added. */
  withEmail(target: TargetInput): Promise<TargetInput>;
}

export function conversationKey(teamId: string, channelId: string, threadTs?: string): ConversationKey {
  return { platform: "slack", tenantId: teamId, conversationId: channelId, ...(threadTs !== undefined && { threadId: threadTs }) };
}

interface Cached {
  at: number;
  email: Promise<string | undefined>;
}

const MAX_CACHED = 5_000;
const NO_SUCH_USER = new Set(["user_not_found", "users_not_found", "user_not_visible"]);

export function createSlackPeople(options: { web: WebClient; logger: Logger; clock: Clock; ttlMs?: number }): SlackPeople {
  const { web, logger, clock } = options;
  const ttlMs = options.ttlMs ?? 60_000;
  const cache = new Map<string, Cached>();

  async function fetchEmail(userId: string): Promise<string | undefined> {
    try {
      const result = await web.users.info({ user: userId });
      const user = result.user;
      if (user?.deleted === true || user?.is_bot === true) return undefined;
      const email = at(user, "profile", "email");
      return typeof email === "string" && email !== "" ? email : undefined;
    } catch (err) {
      // An unknown Slack user has no email: the core then says it cannot map them, which is the truth.
      if (NO_SUCH_USER.has(slackErrorCode(err) ?? "")) return undefined;
      logger.warn({ userId, ...describeSlackError(err) }, "users.info failed; the Slack user's email is unknown (the bot needs users:read and users:read.email)");
      throw err;
    }
  }

  function lookupEmail(teamId: string, userId: string): Promise<string | undefined> {
    const key = `${teamId}:${userId}`;
    const now = clock.now().getTime();
    const hit = cache.get(key);
    if (hit !== undefined && now - hit.at < ttlMs) return hit.email;
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    const email = fetchEmail(userId);
    cache.set(key, { at: now, email });
    // A failure is not remembered: the next action asks again.
    email.catch(() => cache.delete(key));
    return email;
  }

  const chatUser = (teamId: string, userId: string, name?: string): ChatUserRef => ({
    platform: "slack",
    tenantId: teamId,
    userId,
    ...(name !== undefined && { displayName: name }),
  });

  const mentioned: SlackPeople["mentioned"] = async (teamId, userId, name) => {
    const email = await lookupEmail(teamId, userId);
    return { kind: "chat-user", user: chatUser(teamId, userId, name), ...(email !== undefined && { email }) };
  };

  const withEmail = async (target: TargetInput): Promise<TargetInput> =>
    target.kind === "chat-user" && target.user.platform === "slack" ? mentioned(target.user.tenantId, target.user.userId, target.user.displayName) : target;

  return {
    actor: (ids) => ({
      ...chatUser(ids.teamId, ids.userId, ids.userName),
      lookupEmail: () => lookupEmail(ids.teamId, ids.userId),
      correlationId: `slack-${randomUUID()}`,
    }),
    mentioned,
    withEmail,
    async target(teamId, text) {
      const parsed = parseTargetText(text, { platform: "slack", tenantId: teamId });
      return parsed === null ? null : withEmail(parsed);
    },
  };
}
