/**
 * `/sar doctor` as a Slack message for the admin who asked: problems first,
 * each with its fix steps, then one line per check that works or is off.
 * Check texts come from the bot's own checks but quote Okta and Slack
 * error texts, so they are escaped like user text.
 */
import type { DoctorCheckView, Reply } from "../../../governance/replies.js";
import { context, header, message, section, SLACK_LIMITS, type Block, type SlackMessage } from "./blocks.js";
import { inline } from "./mrkdwn.js";

type DoctorReport = Extract<Reply, { type: "doctor-report" }>;

const ICONS: Record<DoctorCheckView["status"], string> = { ok: "✅", missing: "❌", failing: "❌", off: "⚪", skipped: "⏭️" };
const isProblem = (check: DoctorCheckView) => check.status === "missing" || check.status === "failing";

/** Blocks kept free for the header, the summary and the "more" note. */
const RESERVED_BLOCKS = 4;
/** Lines per section for the checks that need nothing (short lines, well under 3000 characters). */
const LINES_PER_SECTION = 8;

function problemText(check: DoctorCheckView): string {
  const lines = [`${ICONS[check.status]} *${inline(check.title, 120)}* (${check.status.toUpperCase()}, ${inline(check.area, 20)}): ${inline(check.detail, 1200)}`];
  (check.fix ?? []).slice(0, 8).forEach((step, index) => lines.push(`${index + 1}. ${inline(step, 400)}`));
  return lines.join("\n");
}

function quietLine(check: DoctorCheckView): string {
  return `${ICONS[check.status]} *${inline(check.title, 120)}* ${check.status}: ${inline(check.detail, 300)}`;
}

function summary(reply: DoctorReport): string {
  const problems = reply.checks.filter(isProblem).length;
  const checks = `${reply.checks.length} ${reply.checks.length === 1 ? "check" : "checks"}`;
  if (reply.ok) return `Everything configured works (${checks}).`;
  return `${problems} ${problems === 1 ? "problem" : "problems"} found in ${checks}; each lists the steps that fix it.`;
}

/** The report as Block Kit within Slack's limits (at most 50 blocks, 3000 characters a section). */
export function renderDoctorReport(reply: DoctorReport): SlackMessage {
  const blocks: Block[] = [header("Configuration doctor"), section(`${reply.ok ? "✅" : "⚠️"} ${summary(reply)}`)];
  const budget = SLACK_LIMITS.messageBlocks - RESERVED_BLOCKS;
  const problems = reply.checks.filter(isProblem);
  const quiet = reply.checks.filter((check) => !isProblem(check));
  const sections: string[] = problems.map(problemText);
  for (let i = 0; i < quiet.length; i += LINES_PER_SECTION) sections.push(quiet.slice(i, i + LINES_PER_SECTION).map(quietLine).join("\n"));
  for (const text of sections.slice(0, budget)) blocks.push(section(text));
  if (sections.length > budget) blocks.push(context(`${sections.length - budget} more sections not shown: run \`npm run doctor\` on the host for the whole report.`));
  const notes = reply.checks.flatMap((check) => check.notes ?? []);
  if (notes.length > 0) blocks.push(context(inline(`Notes: ${notes.join(" · ")}`, 2000)));
  const fallback = [summary(reply), ...problems.map((check) => `${check.title}: ${check.status}`)].join(" ");
  return message(inline(fallback, SLACK_LIMITS.fallbackText), blocks);
}
