/**
 * Runs a parsed bot command against the core and renders its reply.
 * Commands that start a flow (`watch`) store the conversation reference
 * first, so the first later event already finds where to go.
 */
import type { Reply } from "../../../governance/replies.js";
import { parseTargetText } from "../../../governance/identity/parse-target-text.js";
import type { TargetInput } from "../../../governance/identity/types.js";
import { conversationKeyOf, referenceJson, storedReferenceOf, type ActivityAddress } from "../conversation/thread-reference.js";
import type { NamedPerson, TeamsCommand } from "../parse/command.js";
import type { Mention } from "../parse/message-text.js";
import { renderReply, type Rendered } from "../render/render-reply.js";
import { PERSONAL_CHAT_ONLY, renderAuditExport } from "../render/audit-export-card.js";
import type { BotDeps } from "./bot-deps.js";
import { mentionedUser, mentionTarget, type TurnInfo } from "./turn-info.js";

export interface CommandContext {
  info: TurnInfo;
  activity: ActivityAddress;
  /** How people address the bot here (`@oig-chatops`), for help texts. */
  botHandle: string;
}

const error = (message: string): Reply => ({ type: "error", code: "validation_failed", message });

async function personTarget(person: NamedPerson, ctx: CommandContext, deps: BotDeps): Promise<TargetInput | Reply> {
  if (person.kind === "mention") return mentionTarget(ctx.info, person.mention, deps.directory);
  const parsed = parseTargetText(person.text, { platform: "teams", tenantId: ctx.info.tenantId });
  return parsed ?? error(`"${person.text.slice(0, 60)}" does not name a user: use an @mention, an email address, an Okta login or an Okta user id (00u…).`);
}

const isReply = (value: TargetInput | Reply): value is Reply => "type" in value;

interface Ran {
  reply: Reply;
  mention?: Mention;
  auditTarget?: string | Mention;
}

async function run(command: Exclude<TeamsCommand, { kind: "audit-export" }>, ctx: CommandContext, deps: BotDeps): Promise<Ran> {
  const { core } = deps;
  const { actor } = ctx.info;
  switch (command.kind) {
    case "help":
      return { reply: core.help() };
    case "whoami":
      return { reply: await core.whoami(actor) };
    case "doctor":
      return { reply: await core.doctor(actor) };
    case "usage":
      return { reply: error(command.message) };
    case "unknown":
      return { reply: error(`I do not know the command "${command.word}". Say "${ctx.botHandle} help" for the list.`) };
    case "launch": {
      const target = command.target;
      const prefill = {
        ...(target && { target: target.kind === "mention" ? `@${target.mention.name}` : target.text }),
        ...(command.reason && { reason: command.reason }),
        ...(command.incidentRef && { incidentRef: command.incidentRef }),
      };
      return { reply: await core.openLaunchForm(actor, prefill), ...(target?.kind === "mention" && { mention: target.mention }) };
    }
    case "status":
      return { reply: await core.status(actor, command.id) };
    case "requests": {
      const user = command.user ? await personTarget(command.user, ctx, deps) : undefined;
      if (user && isReply(user)) return { reply: user };
      return { reply: await core.listRequests(actor, { ...(command.status && { status: command.status }), ...(user && { user }) }) };
    }
    case "message":
      return { reply: await core.postRequestMessage(actor, command.id, command.text) };
    case "watch": {
      const key = conversationKeyOf(ctx.activity, ctx.info.tenantId);
      await deps.chatState.putConversationReference(key, referenceJson(storedReferenceOf(ctx.activity, ctx.info.tenantId)));
      return { reply: await core.watch(actor, command.id, key) };
    }
    case "link": {
      const user = await mentionedUser(ctx.info, command.user, deps.directory);
      return { reply: await core.link(actor, user, command.login) };
    }
    case "audit": {
      if (command.target === undefined) return { reply: await core.audit(actor) };
      if (command.target.kind === "mention") {
        const user = await mentionTarget(ctx.info, command.target.mention, deps.directory);
        return { reply: await core.audit(actor, { target: user }), auditTarget: command.target.mention };
      }
      // Typed names (email, login, 00u…) are people; anything else (sar…, req…, L…) goes as typed.
      const typed = command.target.text;
      const person = parseTargetText(typed, { platform: "teams", tenantId: ctx.info.tenantId });
      return { reply: await core.audit(actor, { target: person ?? typed }), auditTarget: typed };
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
  return renderReply(reply, { botHandle: ctx.botHandle, ...(mention && { mention }), ...(auditTarget !== undefined && { auditTarget }) });
}
