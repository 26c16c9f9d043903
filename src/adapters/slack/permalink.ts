/**
 * Slack's link to a stored message for the audit export: the archive
 * permalink format `chat.getPermalink` answers with,
 * `https://<workspace>/archives/<channel>/p<ts without the dot>`, plus
 * `thread_ts` and `cid` for a reply in a thread. The workspace host is
 * `slack.com` unless the caller knows the workspace URL (`auth.test`).
 */
import type { ChatLocation } from "../../governance/audit/index.js";

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
