/**
 * `/sar ...`: acked at once (help and usage go straight into the ack),
 * then claimed (a retried command does nothing twice) and handed to the
 * core; the reply is posted to the channel or to the person.
 */
import type { Actor } from "../../../governance/actor.js";
import { resolveMentions, runCommand } from "../../../governance/commands/index.js";
import type { Reply } from "../../../governance/replies.js";
import type { CommandAck } from "../flows/bolt-args.js";
import type { FlowDeps } from "../flows/deps.js";
import { openLaunchForm } from "../flows/launch-flow.js";
import { exportAuditToSlack } from "../flows/audit-export-flow.js";
import type { ReplyPlace } from "../poster.js";
import { section, type SlackMessage } from "../render/blocks.js";
import { inline } from "../render/mrkdwn.js";
import { renderHelp } from "../render/render-account.js";
import { renderReply } from "../render/render-reply.js";
import { str } from "../payload.js";
import { conversationKey, type SlackIds } from "../slack-actor.js";
import { SLASH_COMMAND } from "../surface.js";
import { parseSarCommand, type SarCommand } from "./parse-command.js";

type Immediate = Extract<SarCommand, { kind: "help" | "unknown" | "usage" }>;
type Work = Exclude<SarCommand, Immediate>;

const isImmediate = (command: SarCommand): command is Immediate => command.kind === "help" || command.kind === "unknown" || command.kind === "usage";

interface Invocation {
  ids: SlackIds;
  channelId: string;
  triggerId: string;
  place: ReplyPlace;
}

function readInvocation(body: unknown): Invocation | undefined {
  const teamId = str(body, "team_id");
  const userId = str(body, "user_id");
  const channelId = str(body, "channel_id");
  const triggerId = str(body, "trigger_id");
  if (teamId === undefined || userId === undefined || channelId === undefined || triggerId === undefined) return undefined;
  const userName = str(body, "user_name");
  const responseUrl = str(body, "response_url");
  return {
    ids: { teamId, userId, ...(userName !== undefined && { userName }) },
    channelId,
    triggerId,
    place: { channelId, userId, ...(responseUrl !== undefined && { responseUrl }) },
  };
}

/** Help, usage and unknown words need no core call: they are the ack's own body. */
function immediateAnswer(command: Immediate, deps: FlowDeps): SlackMessage {
  const entries = (): Extract<Reply, { type: "help" }>["entries"] => {
    const help = deps.core.help();
    return help.type === "help" ? help.entries : [];
  };
  if (command.kind === "help") return renderHelp(entries());
  if (command.kind === "unknown") return renderHelp(entries(), `I do not know \`${inline(command.word, 60)}\`. Here is what \`${SLASH_COMMAND}\` can do:`);
  const text = `Usage: \`${SLASH_COMMAND} ${command.usage}\``;
  return { text, blocks: [section(text)] };
}

export async function handleSarCommand(deps: FlowDeps, body: unknown, ack: CommandAck): Promise<void> {
  const invocation = readInvocation(body);
  if (invocation === undefined) {
    await ack({ response_type: "ephemeral", text: "⚠️ This command arrived incomplete (no user, channel or trigger); please run it again." });
    return;
  }
  const command = parseSarCommand(str(body, "text") ?? "");
  if (isImmediate(command)) {
    const answer = immediateAnswer(command, deps);
    await ack({ response_type: "ephemeral", text: answer.text, blocks: answer.blocks });
    return;
  }
  await ack();
  const actor = deps.people.actor(invocation.ids);
  try {
    if (!(await deps.claim(`command:${invocation.ids.teamId}:${invocation.triggerId}`))) return;
    await run(deps, command, invocation, actor);
  } catch (err) {
    await deps.sink(err, {
      handling: `command ${command.kind}`,
      teamId: invocation.ids.teamId,
      userId: invocation.ids.userId,
      correlationId: actor.correlationId,
      place: invocation.place,
    });
  }
}

async function run(deps: FlowDeps, command: Work, invocation: Invocation, actor: Actor): Promise<void> {
  const { ids, place } = invocation;
  switch (command.kind) {
    case "launch":
      await openLaunchForm(deps, {
        ids,
        triggerId: invocation.triggerId,
        origin: { channelId: invocation.channelId },
        ...(place.responseUrl !== undefined && { responseUrl: place.responseUrl }),
        prefill: async () => ({
          ...(command.target !== undefined && { target: command.target.text }),
          ...(command.reason !== undefined && { reason: command.reason }),
          ...(command.incidentRef !== undefined && { incidentRef: command.incidentRef }),
        }),
      });
      return;
    case "watch":
      return watchHere(deps, command.id, invocation, actor);
    case "audit-export":
      return exportAuditToSlack(deps, { actor, place, ...(command.since !== undefined && { since: command.since }) });
    default: {
      const resolved = await resolveMentions(command, (mention) => deps.people.mentioned(ids.teamId, mention.userId, mention.name));
      const reply = await runCommand(deps.core, actor, resolved, { conversation: conversationKey(ids.teamId, invocation.channelId) });
      const typedAuditTarget = command.kind === "audit" ? command.target?.text : undefined;
      const ts = await deps.poster.deliver(place, renderReply(reply, typedAuditTarget !== undefined ? { auditTarget: typedAuditTarget } : {}));
      if (ts !== undefined && reply.type === "triage-card" && reply.triage.viewer.kind === "shared") {
        // The shared card (`/sar review`) is updated in place after actions and changes; its thread gets the closing summary.
        await deps.core.attachTriageCard({ sarId: reply.triage.sar.id, messageId: ts }, conversationKey(ids.teamId, invocation.channelId, ts));
      }
    }
  }
}

/**
 * A watch started by command gets its own thread: a placeholder message is
 * posted first so its ts can be the thread the changes go to; a refusal
 * removes it and tells only the person.
 */
async function watchHere(deps: FlowDeps, id: string, invocation: Invocation, actor: Actor): Promise<void> {
  const { place } = invocation;
  const pending = `👀 Setting up a watch on \`${inline(id, 40)}\`…`;
  const ts = await deps.poster.toChannel(place, { text: pending, blocks: [section(pending)] });
  if (ts === undefined) return;
  const reply = await runCommand(deps.core, actor, { kind: "watch", id }, { conversation: conversationKey(invocation.ids.teamId, invocation.channelId, ts) });
  const rendered = renderReply(reply);
  if (reply.type === "watch-started") {
    await deps.poster.update(place.channelId, ts, rendered);
    return;
  }
  await deps.web.chat.delete({ channel: place.channelId, ts });
  await deps.poster.toPerson(place, rendered);
}
