/**
 * The message shortcut: starts the launch form with the target taken from
 * the message (its first user mention, else its first email address) and
 * the reason pointing at the message (its permalink).
 */
import type { LaunchPrefill } from "../../../governance/core.js";
import { str } from "../payload.js";
import { describeSlackError } from "../slack-web.js";
import type { PlainAck } from "./bolt-args.js";
import { interactionIds, type FlowDeps } from "./deps.js";
import { openLaunchForm } from "./launch-flow.js";

const MENTION = /<@[UW][A-Z0-9]{1,40}(?:\|[^<>|]{1,100})?>/;
const MAILTO = /<mailto:[^<>|\s]{1,254}(?:\|[^<>]{0,254})?>/;
const EMAIL = /[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+/;

/** The first person a message names: a mention, else an email address (as Slack escapes it, or plain). */
export function targetInMessage(text: unknown): string | undefined {
  if (typeof text !== "string") return undefined;
  const sample = text.slice(0, 40_000);
  return MENTION.exec(sample)?.[0] ?? MAILTO.exec(sample)?.[0] ?? EMAIL.exec(sample)?.[0];
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
    const target = targetInMessage(text);
    let reason: string | undefined;
    try {
      const link = await deps.web.chat.getPermalink({ channel: channelId, message_ts: messageTs });
      if (typeof link.permalink === "string") reason = `See the reported message: ${link.permalink}`;
    } catch (err) {
      // The form still opens; the person writes the reason themselves.
      deps.logger.warn({ channelId, ...describeSlackError(err) }, "chat.getPermalink failed; the reason is not prefilled");
    }
    return { ...(target !== undefined && { target }), ...(reason !== undefined && { reason }) };
  };

  await openLaunchForm(deps, {
    ids,
    triggerId,
    origin: { channelId, threadTs },
    ...(responseUrl !== undefined && { responseUrl }),
    prefill,
  });
}
