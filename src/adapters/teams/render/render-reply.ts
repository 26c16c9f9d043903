/**
 * The Teams renderer: every core `Reply` becomes an Adaptive Card plus a
 * plain-text version (for notifications and clients without cards). One
 * `switch` over `Reply["type"]`; the compiler checks it is complete.
 */
import { COMMANDS, COMMAND_ORDER } from "../../../governance/commands/index.js";
import type { HelpEntry, Reply } from "../../../governance/replies.js";
import { actionDoneText, summaryText, triageDetailsText, triageText } from "../../../governance/triage/text.js";
import { STATUS_VERBS } from "../verbs.js";
import { doctorCard } from "./doctor-card.js";
import { card, container, execute, facts, header, heading, note, plain, when, type AdaptiveCard, type CardElement } from "./card-kit.js";
import { launchCard, launchText, personLabel, type LaunchCardView } from "./launch-card.js";
import { launchFormCard, type MentionedUser } from "./launch-form-card.js";
import { escapeMarkdown, lines } from "./plain-text.js";
import { requestCard, requestListCard, requestText, sarCard, sarText } from "./status-cards.js";
import { triageCard, triageDetailsCard, triageSummaryCard } from "./triage-card.js";

export interface Rendered {
  card: AdaptiveCard;
  /** Plain text (not markdown) saying the same. */
  text: string;
  /** Set when this is a review's shared triage card: once posted, its message id goes to the core (`attachTriageCard`). */
  sharedTriage?: { sarId: string };
}

export interface RenderOptions {
  /** How people address the bot in this conversation, e.g. `@oig-chatops`. */
  botHandle?: string;
  /** Which version of a launch card (default: the shared one). */
  launchView?: LaunchCardView;
  /** The @mention a launch form's target came from. */
  mention?: MentionedUser;
  /** The filter an audit page was read with (typed text or a mentioned Teams user), kept by its More button. */
  auditTarget?: string | MentionedUser;
  /** A shared triage card's automatic-refresh users (Teams ids, at most 60). */
  triageRefreshUserIds?: readonly string[];
}

function textCard(text: string, options: { color?: "Attention" | "Good" | "Warning" | "Accent"; title?: string } = {}): Rendered {
  const body: CardElement[] = [...(options.title ? [heading(options.title)] : []), plain(text, options.color ? { color: options.color } : {})];
  return { card: card(body, { fallbackText: escapeMarkdown(text) }), text };
}

// The words Teams people may type without the `sar` prefix: every subcommand of the table.
const SUBCOMMANDS = new Set(COMMAND_ORDER.flatMap((kind) => COMMANDS[kind].words.slice(0, 1)));

/** A core usage line (`sar status <id>`) as typed in Teams (`@bot status <id>`). */
export function teamsUsage(usage: string, botHandle: string): string {
  const words = usage.split(" ");
  const rest = words[0] === "sar" && words[1] !== undefined && SUBCOMMANDS.has(words[1]) ? words.slice(1).join(" ") : usage;
  return `${botHandle} ${rest}`;
}

function helpCard(entries: HelpEntry[], botHandle: string): Rendered {
  const body: CardElement[] = [header("What I can do"), note("Mention me with a command, or use the message extension \"Start security access review\".", { subtle: true })];
  for (const entry of entries) body.push(container([plain(teamsUsage(entry.usage, botHandle), { bold: true }), plain(entry.description, { subtle: true })]));
  return { card: card(body, { fallbackText: escapeMarkdown(entries.map((e) => teamsUsage(e.usage, botHandle)).join("\n")) }), text: entries.map((e) => teamsUsage(e.usage, botHandle)).join("\n") };
}

/** The Adaptive Card and text for `reply`. */
export function renderReply(reply: Reply, options: RenderOptions = {}): Rendered {
  const botHandle = options.botHandle ?? "@oig-chatops";
  switch (reply.type) {
    case "text":
      return textCard(reply.text);
    case "triage-card": {
      const shared = reply.triage.viewer.kind === "shared";
      return {
        card: triageCard(reply.triage, { ...(shared && options.triageRefreshUserIds && { refreshUserIds: options.triageRefreshUserIds }) }),
        text: triageText(reply.triage),
        ...(shared && { sharedTriage: { sarId: reply.triage.sar.id } }),
      };
    }
    case "triage-details":
      return { card: triageDetailsCard(reply.details), text: triageDetailsText(reply.details) };
    case "triage-action-done": {
      const done = actionDoneText(reply.done);
      return { card: triageCard(reply.triage, { notice: { text: done, tone: "Good" } }), text: lines(done, triageText(reply.triage)) };
    }
    case "triage-summary":
      return { card: triageSummaryCard(reply.sarId, reply.summary), text: summaryText(reply.summary) };
    case "launch-form":
      return {
        card: launchFormCard(reply.values, { flavour: "inline", ...(options.mention && { mention: options.mention }), ...(reply.errors && { errors: reply.errors }) }),
        text: "Start a security access review: fill in the form.",
      };
    case "approval-card":
    case "launch-queued":
    case "launch-status":
      return { card: launchCard(reply.launch, { view: options.launchView ?? { kind: "shared" } }), text: launchText(reply.launch) };
    case "decision-recorded": {
      const notice =
        reply.outcome === "denied"
          ? "You denied this launch."
          : reply.outcome === "approved"
            ? "You approved this launch; the review is being created."
            : "Your approval is recorded; more approvals are needed.";
      const view: LaunchCardView = options.launchView ?? { kind: "shared" };
      return {
        card: launchCard(reply.launch, { view, notice: { text: notice, tone: reply.outcome === "denied" ? "Attention" : "Good" } }),
        text: `${notice}\n${launchText(reply.launch)}`,
      };
    }
    case "sar-status":
      return { card: sarCard(reply.sar), text: sarText(reply.sar) };
    case "request-status":
      return { card: requestCard(reply.request), text: requestText(reply.request) };
    case "request-list":
      return {
        card: requestListCard(reply.items, { ...reply.filter, ...(reply.nextCursor !== undefined && { nextCursor: reply.nextCursor }) }),
        text: lines(`Access requests: ${reply.items.length}`, ...reply.items.map((i) => `${i.id} ${i.status}`)),
      };
    case "message-posted":
      return textCard(`Message posted on ${reply.requestId}: ${reply.text}`, { color: "Good" });
    case "watch-started": {
      const what = reply.kind === "sar" ? "security access review" : "access request";
      const text = reply.alreadyWatching
        ? `This conversation already watches ${what} ${reply.id}.`
        : `Watching ${what} ${reply.id}${reply.currentStatus ? ` (now ${reply.currentStatus})` : ""}: status changes will be posted here.`;
      return textCard(text, { color: "Good" });
    }
    case "whoami": {
      const { access } = reply;
      const body: CardElement[] = [
        header("Who you are in Okta", { text: access.status, tone: access.status === "ACTIVE" ? "Good" : "Warning" }),
        facts([
          ["Okta user", `${access.login} (${access.oktaUserId})`],
          ["Status", access.status],
          ["Roles", access.roles.length > 0 ? access.roles.map((r) => `${r.role} (${r.because})`).join("; ") : "none"],
          ["You may", access.allowedActions.join(", ") || "nothing yet"],
        ]),
        ...(access.note ? [plain(access.note, { color: "Warning" })] : []),
        ...(access.deniedActions.length > 0 ? [container([facts(access.deniedActions.map((d) => [`Not ${d.action}`, d.reason] as const))], { separator: true })] : []),
      ];
      const text = lines(`Okta user: ${access.login} (${access.oktaUserId}), ${access.status}`, `Roles: ${access.roles.map((r) => r.role).join(", ") || "none"}`, `Allowed: ${access.allowedActions.join(", ") || "nothing"}`);
      return { card: card(body, { fallbackText: escapeMarkdown(text) }), text };
    }
    case "identity-linked":
      return textCard(`Linked the Teams user ${reply.chatUserId} to the Okta user ${personLabel(reply.person)} (${reply.person.oktaUserId}).`, { color: "Good" });
    case "audit-log": {
      const body: CardElement[] = [heading("Audit trail, newest first")];
      if (reply.entries.length === 0) body.push(note("No entries match."));
      reply.entries.forEach((e, i) => {
        const who = e.actor.oktaUserId ?? e.actor.chatUserId ?? "system";
        const target = e.target.sarId ?? e.target.requestId ?? e.target.oktaUserId ?? "";
        body.push(
          container(
            [plain(`${when(e.at)}  ${e.action}  ${e.outcome}`, { bold: true }), plain(`by ${who}${target ? ` on ${target}` : ""}${e.reason ? `: ${e.reason}` : ""}`, { subtle: true })],
            { separator: i > 0 },
          ),
        );
      });
      const target = options.auditTarget;
      const filter = target === undefined ? {} : typeof target === "string" ? { target } : { targetMention: { id: target.id, name: target.name } };
      const more = reply.nextCursor ? execute("More", STATUS_VERBS.auditMore, { cursor: reply.nextCursor, ...filter }) : undefined;
      const text = lines(`Audit entries: ${reply.entries.length}`, ...reply.entries.map((e) => `${when(e.at)} ${e.action} ${e.outcome}`));
      return { card: card(body, { actions: [more], fallbackText: escapeMarkdown(text) }), text };
    }
    case "help":
      return helpCard(reply.entries, botHandle);
    case "version":
      return textCard(`${reply.name} ${reply.version}`);
    case "doctor-report":
      return doctorCard(reply);
    case "error": {
      const fieldLines = Object.values(reply.fields ?? {}).filter((m) => m !== reply.message);
      const text = lines(reply.message, ...fieldLines, reply.hint);
      const body: CardElement[] = [plain(reply.message, { color: "Attention", bold: true }), ...fieldLines.map((m) => plain(m)), ...(reply.hint ? [plain(reply.hint, { subtle: true })] : [])];
      return { card: card(body, { fallbackText: escapeMarkdown(text) }), text };
    }
  }
}
