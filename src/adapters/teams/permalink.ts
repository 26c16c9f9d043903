/**
 * Teams' link to a stored message for the audit export: the documented
 * message deep link `https://teams.microsoft.com/l/message/<conversation>/<message>`.
 */
import type { ChatLocation } from "../../governance/audit/index.js";

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
