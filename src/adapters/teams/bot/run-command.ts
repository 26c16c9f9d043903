/**
 * Runs a parsed bot command against the core and renders its reply.
 * Commands that start a flow (`watch`) store the conversation reference
 * first, so the first later event already finds where to go.
 */
import type { Reply } from "../../../governance/replies.js";
import { resolveMentions, runCommand as callCore } from "../../../governance/commands/index.js";
import { conversationKeyOf, referenceJson, storedReferenceOf, type ActivityAddress } from "../conversation/thread-reference.js";
import type { TeamsCommand } from "../parse/command.js";
import type { Mention } from "../parse/message-text.js";
import { renderReply, type Rendered } from "../render/render-reply.js";
import { PERSONAL_CHAT_ONLY, renderAuditExport } from "../render/audit-export-card.js";
import { addTriageViewer } from "../conversation/triage-viewers.js";
import type { BotDeps } from "./bot-deps.js";
import { mentionTarget, type TurnInfo } from "./turn-info.js";

export interface CommandContext {
  info: TurnInfo;
  activity: ActivityAddress;
  /** How people address the bot here (`@oig-chatops`), for help texts. */
  botHandle: string;
}

const error = (message: string): Reply => ({ type: "error", code: "validation_failed", message });

interface Ran {
  reply: Reply;
  mention?: Mention;
  auditTarget?: string | Mention;
}

async function run(command: Exclude<TeamsCommand, { kind: "audit-export" }>, ctx: CommandContext, deps: BotDeps): Promise<Ran> {
  const { actor } = ctx.info;
  switch (command.kind) {
    case "usage":
      return { reply: error(`Usage: ${command.usage}`) };
    case "unknown":
      return { reply: error(`I do not know the command "${command.word.slice(0, 40)}". Say "${ctx.botHandle} help" for the list.`) };
    default: {
      const key = conversationKeyOf(ctx.activity, ctx.info.tenantId);
      // A watch posts later events here: the reference is stored first, so the first event already finds it.
      if (command.kind === "watch") await deps.chatState.putConversationReference(key, referenceJson(storedReferenceOf(ctx.activity, ctx.info.tenantId)));
      const resolved = await resolveMentions(command, (mention) => mentionTarget(ctx.info, mention, deps.directory));
      const reply = await callCore(deps.core, actor, resolved, { conversation: key });
      if (command.kind === "launch" && command.target?.mention !== undefined) return { reply, mention: command.target.mention };
      if (command.kind === "audit" && command.target !== undefined) return { reply, auditTarget: command.target.mention ?? command.target.text };
      return { reply };
    }
  }
}

/** The rendered answer to `command`. */
export async function runCommand(command: TeamsCommand, ctx: CommandContext, deps: BotDeps): Promise<Rendered> {
  if (command.kind === "audit-export") {
    const conversation = ctx.activity.conversation;
    if (conversation?.isGroup === true || (conversation?.conversationType !== undefined && conversation.conversationType !== "personal")) {
      return renderReply({ type: "error", code: "validation_failed", message: PERSONAL_CHAT_ONLY }, { botHandle: ctx.botHandle });
    }
    const started = await deps.core.exportAudit(ctx.info.actor, { delivery: "link", ...(command.since !== undefined && { since: command.since }) });
    return renderAuditExport(started, { botHandle: ctx.botHandle });
  }
  const { reply, mention, auditTarget } = await run(command, ctx, deps);
  // A review's shared card (`sar review`): whoever opened it gets their own version automatically.
  const triageRefreshUserIds = reply.type === "triage-card" && reply.triage.viewer.kind === "shared" ? await openerAsViewer(ctx, reply.triage.sar.id, deps) : undefined;
  return renderReply(reply, { botHandle: ctx.botHandle, ...(mention && { mention }), ...(auditTarget !== undefined && { auditTarget }), ...(triageRefreshUserIds && { triageRefreshUserIds }) });
}

async function openerAsViewer(ctx: CommandContext, sarId: string, deps: BotDeps): Promise<string[]> {
  try {
    return await addTriageViewer(deps.chatState, ctx.info.tenantId, sarId, ctx.activity.from?.id);
  } catch (err) {
    deps.logger.warn({ err, sarId }, "could not remember who opened the triage card");
    return ctx.activity.from?.id !== undefined ? [ctx.activity.from.id] : [];
  }
}
