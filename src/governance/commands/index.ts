/** The `/sar` command table, its one parser, and what it shows people (help, manifest menus). */
export type { Command, CommandKind, ParsedCommand } from "./command.js";
export { COMMANDS, COMMAND_ORDER, incidentRefIn } from "./table.js";
export type { CallContext, CommandArgs, CommandSpec } from "./table.js";
export { parseCommand } from "./parse.js";
export { helpEntries, slackUsageHint, teamsCommandList } from "./menus.js";
export { resolveMentions, targetOf } from "./resolve.js";
export type { ResolvedMention } from "./resolve.js";
export { runCommand } from "./run.js";
export { namedBy, namesSomeone } from "./tokens.js";
export type { CommandToken, Named } from "./tokens.js";
