/**
 * The one `/sar` parser, for every platform: the adapter tokenizes (and marks
 * mentions), this picks the subcommand from the table and applies its
 * grammar. A leading `sar` is optional before a subcommand (Teams people
 * type `@bot sar status …`, Slack people `/sar status …`); `sar` followed
 * by anything else, or a named person first, is a launch. Never throws.
 */
import type { CommandKind, ParsedCommand } from "./command.js";
import { COMMANDS, COMMAND_ORDER, type CommandSpec } from "./table.js";
import { namedBy, namesSomeone, type CommandToken } from "./tokens.js";

const lower = (token: CommandToken<unknown> | undefined): string | undefined => (token?.mention === undefined ? token?.text.toLowerCase() : undefined);

/** The subcommand whose words start `tokens` (longest match first), if any. */
function subcommandAt<M>(tokens: readonly CommandToken<M>[]): CommandSpec<CommandKind> | undefined {
  let best: CommandSpec<CommandKind> | undefined;
  for (const kind of COMMAND_ORDER) {
    const spec = COMMANDS[kind] as CommandSpec<CommandKind>;
    if (spec.words.length === 0 || spec.words.length <= (best?.words.length ?? 0)) continue;
    if (spec.words.every((word, i) => lower(tokens[i]) === word)) best = spec;
  }
  return best;
}

function apply<M>(spec: CommandSpec<CommandKind>, tokens: readonly CommandToken<M>[], restBefore: string): ParsedCommand<M> {
  const used = spec.words.length;
  const rest = used === 0 ? restBefore : (tokens[used - 1]?.rest ?? "");
  return spec.parse({ tokens: tokens.slice(used), rest }) ?? { kind: "usage", subcommand: spec.kind, usage: spec.usage };
}

/** The command `tokens` spell; `text` is the whole line (for the launch reason when no word precedes it). */
export function parseCommand<M>(tokens: readonly CommandToken<M>[], text = ""): ParsedCommand<M> {
  if (tokens.length === 0) return { kind: "help" };
  let words = tokens;
  let before = text.trim();
  if (lower(tokens[0]) === "sar") {
    words = tokens.slice(1);
    before = tokens[0]?.rest ?? "";
    const sub = subcommandAt(words);
    return sub === undefined ? apply(COMMANDS.launch as CommandSpec<CommandKind>, words, before) : apply(sub, words, before);
  }
  const sub = subcommandAt(words);
  if (sub !== undefined) return apply(sub, words, before);
  const first = words[0] as CommandToken<M>;
  if (namesSomeone(namedBy(first))) return apply(COMMANDS.launch as CommandSpec<CommandKind>, words, before);
  return { kind: "unknown", word: first.text };
}
