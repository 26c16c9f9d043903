/**
 * The message shortcut: starts the launch form from a message, read as
 * `/sar` reads its text (the same parser): the person it names (its first
 * user mention, else its first email), the incident key, and the message
 * itself as the reason with its permalink.
 */
import type { LaunchPrefill } from "../../../governance/core.js";
import { LAUNCH_FORM_LIMITS } from "../../../governance/sar/launch-form.js";
import { launchCommand, personNamedIn } from "../command/parse-command.js";
import { str } from "../payload.js";
import { describeSlackError } from "../slack-web.js";
import type { PlainAck } from "./bolt-args.js";
import { interactionIds, type FlowDeps } from "./deps.js";
import { openLaunchForm } from "./launch-flow.js";

/** Beyond this a message is not read (Slack's own limit is 40,000 characters). */
const MAX_MESSAGE_CHARS = 40_000;

/** The first person a message names: a mention, else an email address (as Slack escapes it, or plain). */
export function targetInMessage(text: unknown): string | undefined {
  return typeof text === "string" ? personNamedIn(text.slice(0, MAX_MESSAGE_CHARS)) : undefined;
}

/** The prefill from a message's text and permalink: what `/sar <person> <the message>` would fill, plus the link. */
export function prefillFromMessage(text: unknown, permalink: string | undefined): LaunchPrefill {
  const message = typeof text === "string" ? text.slice(0, MAX_MESSAGE_CHARS).trim() : "";
  const launch = launchCommand(personNamedIn(message), message);
  // The link goes last and always survives the cut, so the reviewer can open the message.
  const suffix = permalink === undefined ? "" : ` (from ${permalink})`;
  const room = Math.max(1, LAUNCH_FORM_LIMITS.reason.max - [...suffix].length);
  const chars = [...(launch.reason ?? "")];
  const cut = chars.length > room ? `${chars.slice(0, room - 1).join("")}…` : chars.join("");
  const reason = `${cut}${suffix}`.trim();
  return {
    ...(launch.target !== undefined && { target: launch.target }),
    ...(reason !== "" && { reason }),
    ...(launch.incidentRef !== undefined && { incidentRef: launch.incidentRef }),
  };
}

export async function handleMessageShortcut(deps: FlowDeps, body: unknown, ack: PlainAck): Promise<void> {
  await ack();
  const ids = interactionIds(body);
  const channelId = str(body, "channel", "id");
  const triggerId = str(body, "trigger_id");
  const messageTs = str(body, "message", "ts") ?? str(body, "message_ts");
  if (ids === undefined || channelId === undefined || triggerId === undefined || messageTs === undefined) {
    deps.logger.warn({ teamId: ids?.teamId }, "message shortcut without user, channel, trigger or message; ignored");
    return;
  }
  const responseUrl = str(body, "response_url");
  try {
    if (!(await deps.claim(`shortcut:${ids.teamId}:${triggerId}`))) return;
  } catch (err) {
    await deps.sink(err, { handling: "message shortcut", teamId: ids.teamId, userId: ids.userId, place: { channelId, userId: ids.userId } });
    return;
  }
  const threadTs = str(body, "message", "thread_ts") ?? messageTs;
  const text = (body as { message?: { text?: unknown } }).message?.text;

  const prefill = async (): Promise<LaunchPrefill> => {
    let permalink: string | undefined;
    try {
      const link = await deps.web.chat.getPermalink({ channel: channelId, message_ts: messageTs });
      if (typeof link.permalink === "string") permalink = link.permalink;
    } catch (err) {
      // The form still opens, without the link.
      deps.logger.warn({ channelId, ...describeSlackError(err) }, "chat.getPermalink failed; the reason has no link");
    }
    return prefillFromMessage(text, permalink);
  };

  await openLaunchForm(deps, {
    ids,
    triggerId,
    origin: { channelId, threadTs },
    ...(responseUrl !== undefined && { responseUrl }),
    prefill,
  });
}
