/** `/sar whoami`, `link`, `audit` and `help` as Slack messages. */
import type { AuditEntry } from "../../../governance/store.js";
import type { HelpEntry, Reply } from "../../../governance/replies.js";
import { ACTION_IDS, SLASH_COMMAND } from "../surface.js";
import { actions, button, context, fitsButtonValue, header, message, section, type Block, type SlackMessage } from "./blocks.js";
import { inline, mentionOr, slackDate } from "./mrkdwn.js";
import { personText } from "./people.js";

type Whoami = Extract<Reply, { type: "whoami" }>;

export function renderWhoami(reply: Whoami): SlackMessage {
  const { access } = reply;
  const roles = access.roles.length === 0 ? "none" : access.roles.map((g) => `*${inline(g.role, 60)}* (${inline(g.because, 200)})`).join("\n");
  const allowed = access.allowedActions.length === 0 ? "nothing yet" : access.allowedActions.map((a) => `\`${a}\``).join(", ");
  const denied = access.deniedActions
    .slice(0, 20)
    .map((d) => `\`${d.action}\`: ${inline(d.reason, 300)}`)
    .join("\n");
  const blocks: Block[] = [
    header("Your Okta identity"),
    section(`*${inline(access.login, 200)}* · \`${inline(access.oktaUserId, 40)}\` · ${inline(access.status, 30)}`),
    section(`*Roles*\n${roles}`),
    section(`*You may*\n${allowed}`),
  ];
  if (denied !== "") blocks.push(section(`*You may not*\n${denied}`));
  if (access.note !== undefined) blocks.push(context(inline(access.note, 500)));
  return message(`You are ${inline(access.login)} in Okta; you may: ${access.allowedActions.join(", ") || "nothing yet"}`, blocks);
}

export function renderIdentityLinked(reply: Extract<Reply, { type: "identity-linked" }>): SlackMessage {
  const who = reply.platform === "slack" ? mentionOr(reply.chatUserId, reply.chatUserId) : inline(reply.chatUserId, 100);
  const text = `🔗 ${who} is now linked to Okta user *${personText(reply.person)}* (\`${inline(reply.person.oktaUserId, 40)}\`).`;
  return message(text, [section(text)]);
}

/** What "Next page" of the audit trail carries: the cursor and the filter as typed. */
export interface AuditPageToken {
  cursor: string;
  target?: string;
}

export function decodeAuditPage(value: unknown): AuditPageToken | null {
  if (typeof value !== "string" || value.length > 2000) return null;
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== "object" || parsed === null) return null;
    const { c, t } = parsed as Record<string, unknown>;
    if (typeof c !== "string" || c === "" || (t !== undefined && typeof t !== "string")) return null;
    return { cursor: c, ...(t !== undefined && { target: t }) };
  } catch {
    return null;
  }
}

function auditActorText(actor: AuditEntry["actor"]): string {
  if (actor.platform === "slack" && actor.chatUserId !== null) return mentionOr(actor.chatUserId, actor.chatUserId);
  if (actor.oktaUserId !== null) return `\`${inline(actor.oktaUserId, 40)}\``;
  return inline(actor.chatUserId ?? "the bot", 60);
}

function auditTargetText(target: AuditEntry["target"]): string {
  const parts = [target.oktaUserId, target.sarId, target.requestId].filter((v): v is NonNullable<typeof v> => v !== null);
  return parts.length === 0 ? "" : ` · on ${parts.map((p) => `\`${inline(p, 40)}\``).join(", ")}`;
}

function auditLine(entry: AuditEntry): string {
  const reason = entry.reason ? ` · ${inline(entry.reason, 200)}` : "";
  return `${slackDate(entry.at)} · *${inline(entry.action, 60)}* ${inline(entry.outcome, 20)} · by ${auditActorText(entry.actor)}${auditTargetText(entry.target)}${reason}`;
}

export function renderAuditLog(reply: Extract<Reply, { type: "audit-log" }>, target?: string): SlackMessage {
  const blocks: Block[] = [header("Audit trail"), context(`Newest first${target ? ` · filter ${inline(target, 100)}` : ""}`)];
  if (reply.entries.length === 0) blocks.push(section("No audit entries match."));
  // Ten entries per section keeps each well under 3000 characters.
  for (let i = 0; i < Math.min(reply.entries.length, 200); i += 10) {
    blocks.push(section(reply.entries.slice(i, i + 10).map(auditLine).join("\n")));
  }
  if (reply.nextCursor !== undefined) {
    const value = JSON.stringify({ c: reply.nextCursor, ...(target !== undefined && { t: target }) });
    if (fitsButtonValue(value)) blocks.push(actions("audit:paging", [button({ actionId: ACTION_IDS.auditNextPage, text: "Next page", value })]));
  }
  return message(`${reply.entries.length} audit entries`, blocks);
}

export function renderHelp(entries: readonly HelpEntry[], lead?: string): SlackMessage {
  const lines = entries.map((e) => `\`/${inline(e.usage, 200)}\`\n${inline(e.description, 400)}`);
  const blocks: Block[] = [];
  if (lead !== undefined) blocks.push(section(lead));
  blocks.push(header(`${SLASH_COMMAND} commands`));
  for (let i = 0; i < lines.length; i += 5) blocks.push(section(lines.slice(i, i + 5).join("\n\n")));
  blocks.push(context("The message shortcut *Security access review* (⋯ on a message) starts a review on the user the message mentions."));
  return message(`${lead ? `${lead} ` : ""}${SLASH_COMMAND} commands: ${entries.map((e) => `/${inline(e.usage, 80)}`).join("; ")}`, blocks);
}
