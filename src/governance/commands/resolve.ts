/**
 * Mentions in a parsed command become chat-user targets before the core is
 * called: the adapter looks the user up on its platform (ids, email) with
 * the function it passes here, so the core never calls back into chat.
 */
import type { TargetInput } from "../identity/types.js";
import type { Command } from "./command.js";
import type { Named } from "./tokens.js";

export type ResolvedMention = Extract<TargetInput, { kind: "chat-user" }>;

/** The target a named word stands for: the resolved mention, the typed Okta name, or undefined for neither. */
export function targetOf(named: Named<ResolvedMention>): TargetInput | undefined {
  return named.mention ?? named.name;
}

async function resolveNamed<M>(named: Named<M>, resolve: (mention: M) => Promise<ResolvedMention>): Promise<Named<ResolvedMention>> {
  if (named.mention === undefined) return { text: named.text, ...(named.name !== undefined && { name: named.name }) };
  return { text: named.text, mention: await resolve(named.mention) };
}

/** `command` with every mention resolved by `resolve` (the adapter's platform lookup). */
export async function resolveMentions<M>(command: Command<M>, resolve: (mention: M) => Promise<ResolvedMention>): Promise<Command<ResolvedMention>> {
  switch (command.kind) {
    case "launch": {
      const { target, ...rest } = command;
      return target === undefined ? rest : { ...rest, target: await resolveNamed(target, resolve) };
    }
    case "requests": {
      const { user, ...rest } = command;
      return user === undefined ? rest : { ...rest, user: await resolveNamed(user, resolve) };
    }
    case "audit": {
      const { target, ...rest } = command;
      return target === undefined ? rest : { ...rest, target: await resolveNamed(target, resolve) };
    }
    case "link":
      return { ...command, user: await resolve(command.user) };
    default:
      return command;
  }
}
