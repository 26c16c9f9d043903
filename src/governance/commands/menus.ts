/**
 * What the table shows people: `/sar help`, the Slack manifest's
 * `usage_hint`, and the Teams manifest's command list. Tests hold both
 * manifests to these, both ways.
 */
import type { HelpEntry } from "../replies.js";
import { COMMANDS, COMMAND_ORDER } from "./table.js";

const specs = () => COMMAND_ORDER.map((kind) => COMMANDS[kind]);

/** Every command with its usage and what it does, in table order. */
export function helpEntries(): HelpEntry[] {
  return specs().map((spec) => ({ ...spec.help }));
}

/** The `usage_hint` of `/sar` in the Slack manifest. */
export function slackUsageHint(): string {
  return specs()
    .flatMap((spec) => (spec.slackHint === undefined ? [] : [spec.slackHint]))
    .join(" | ");
}

/** The bot's command list in the Teams manifest (`bots[0].commandLists[0].commands`). */
export function teamsCommandList(): { title: string; description: string }[] {
  return specs().flatMap((spec) => (spec.teamsMenu === undefined ? [] : [{ title: spec.words[0] ?? "sar", description: spec.teamsMenu }]));
}
