/**
 * `/sar audit export [since]`: the core checks `audit.read` and `since`;
 * the JSON Lines file is then uploaded into the admin's direct message
 * with the bot (never into the channel the command was typed in, where
 * others would see the trail) through Slack's external upload
 * (`files.getUploadURLExternal` -> upload -> `files.completeUploadExternal`,
 * done by the Web API client's `filesUploadV2`). Slack wants the length
 * first, so the file is assembled before the upload, up to a size limit.
 */
import type { Actor } from "../../../governance/actor.js";
import type { ReplyPlace } from "../poster.js";
import { section, type SlackMessage } from "../render/blocks.js";
import { renderReply } from "../render/render-reply.js";
import { describeSlackError, loggableError } from "../slack-web.js";
import { SLASH_COMMAND } from "../surface.js";
import type { FlowDeps } from "./deps.js";

/** Larger exports are for `GET /audit/export`, which streams. */
export const MAX_SLACK_EXPORT_BYTES = 100 * 1024 * 1024;

const message = (text: string): SlackMessage => ({ text, blocks: [section(text)] });

/** Runs the export for the person who typed the command; every answer is private. */
export async function exportAuditToSlack(deps: FlowDeps, input: { actor: Actor; place: ReplyPlace; since?: string }): Promise<void> {
  const { actor, place } = input;
  const started = await deps.core.exportAudit(actor, { delivery: "file", ...(input.since !== undefined && { since: input.since }) });
  if (started.kind === "refused") {
    await deps.poster.deliver(place, renderReply(started.reply));
    return;
  }
  if (started.kind === "link") {
    await deps.poster.toPerson(place, message(`Download the audit export (once, before ${started.expiresAt.toISOString()}): ${started.url}`));
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let records = 0;
  for await (const line of started.lines()) {
    const chunk = Buffer.from(line, "utf8");
    size += chunk.length;
    if (size > MAX_SLACK_EXPORT_BYTES) {
      await deps.poster.toPerson(
        place,
        message(`⚠️ The audit export is over ${MAX_SLACK_EXPORT_BYTES / 1024 / 1024} MB, too large for a chat upload. Export a shorter span (\`${SLASH_COMMAND} audit export 7d\`) or use \`GET /audit/export\` with the admin token.`),
      );
      return;
    }
    chunks.push(chunk);
    records += 1;
  }
  const span = started.since === null ? "the whole audit trail" : `the audit trail since ${started.since.toISOString()}`;
  try {
    const opened = await deps.web.conversations.open({ users: place.userId });
    const channelId = opened.channel?.id;
    if (channelId === undefined) throw new Error("conversations.open named no channel");
    await deps.web.filesUploadV2({
      channel_id: channelId,
      file: Buffer.concat(chunks),
      filename: started.filename,
      title: started.filename,
      initial_comment: `Audit export: ${span}, ${records} record${records === 1 ? "" : "s"} (JSON Lines, one record per line; format in docs/audit-export.md).`,
    });
  } catch (err) {
    deps.logger.warn({ err: loggableError(err), correlationId: actor.correlationId }, "audit export upload to Slack failed");
    const code = describeSlackError(err).slackError;
    await deps.poster.toPerson(place, message(`⚠️ I could not upload the audit export${code === undefined ? "" : ` (Slack said \`${code}\`)`}. Try again, or use \`GET /audit/export\` with the admin token.`));
    return;
  }
  await deps.poster.toPerson(place, message(`📎 I sent you ${span} (${records} record${records === 1 ? "" : "s"}) as \`${started.filename}\` in our direct message.`));
}
