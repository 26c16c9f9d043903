/**
 * Runs a parsed, resolved command through its table entry's core call.
 * Adapters call this for every subcommand they have no flow of their own for.
 */
import type { Actor } from "../actor.js";
import type { GovernanceCore } from "../core.js";
import type { Reply } from "../replies.js";
import type { Command, CommandKind } from "./command.js";
import type { ResolvedMention } from "./resolve.js";
import { COMMANDS, type CallContext, type CommandSpec } from "./table.js";

/** The core's reply to `command`; throws for a command whose table entry has no core call (the adapter's own flow). */
export function runCommand(core: GovernanceCore, actor: Actor, command: Command<ResolvedMention>, ctx: CallContext): Promise<Reply> {
  const spec = COMMANDS[command.kind] as CommandSpec<CommandKind>;
  if (spec.call === undefined) throw new Error(`"${command.kind}" has no core call; the adapter runs it`);
  return spec.call(core, actor, command, ctx);
}
