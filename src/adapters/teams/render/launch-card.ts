/**
 * The launch card: the approval card while a launch waits, and the same
 * card showing the outcome afterwards. One shared version is posted for
 * everyone; a universal-actions refresh gives each viewer their own
 * version (approvers get Approve/Deny, the requester gets Cancel).
 */
import type { LaunchView, PersonView } from "../../../governance/replies.js";
import { LAUNCH_VERBS } from "../verbs.js";
import { card, container, execute, fact, facts, header, note, plain, showCard, textInput, when, type AdaptiveCard, type CardAction, type CardElement } from "./card-kit.js";
import { escapeMarkdown, lines } from "./plain-text.js";

/** Who the card is rendered for. */
export type LaunchCardView =
  /** The version posted in the conversation; `refreshUserIds` get their own version automatically. */
  | { kind: "shared"; refreshUserIds?: readonly string[] }
  | { kind: "approver" }
  | { kind: "requester" }
  /** Someone who may look but not decide; `why` names the missing role. */
  | { kind: "observer"; why: string };

export interface LaunchCardOptions {
  view: LaunchCardView;
  /** A line for this viewer on top (e.g. "You approved this launch."). */
  notice?: { text: string; tone?: "Good" | "Attention" | "Warning" | "Accent" };
}

/** At most this many users get an automatic refresh (a Teams limit). */
export const MAX_REFRESH_USERS = 60;

export function personLabel(person: PersonView): string {
  return person.displayName && person.displayName !== person.login ? `${person.displayName} (${person.login})` : person.login;
}

type Tone = "Attention" | "Good" | "Warning" | "Accent";

/** The launch's state as the header shows it (the plain text says "Security access review: <state>"). */
function stateOf(launch: LaunchView): { text: string; color: Tone } {
  switch (launch.state) {
    case "PENDING_APPROVAL":
      return { text: "approval needed", color: "Warning" };
    case "APPROVED":
    case "LAUNCHING":
      return { text: launch.approval.required ? "approved, launching" : "launching", color: "Accent" };
    case "LAUNCHED":
      return { text: "launched", color: "Good" };
    case "FAILED":
      return { text: "launch failed", color: "Attention" };
    case "DENIED":
      return { text: "denied", color: "Attention" };
    case "EXPIRED":
      return { text: "approval expired", color: "Warning" };
    case "CANCELED":
      return { text: "canceled", color: "Warning" };
  }
}

function title(launch: LaunchView): { text: string; color: Tone } {
  const state = stateOf(launch);
  return { text: `Security access review: ${state.text}`, color: state.color };
}

/** "approval needed" -> "Approval needed", for the header's state. */
const capital = (text: string) => `${text[0]?.toUpperCase() ?? ""}${text.slice(1)}`;

function decisionLines(launch: LaunchView): CardElement[] {
  return launch.approval.decisions.map((d) =>
    plain(
      d.decision === "approve"
        ? `Approved by ${personLabel(d.approver)} at ${when(d.at)}${d.verifiedAt ? `, verified with Okta at ${when(d.verifiedAt)}` : ""}`
        : `Denied by ${personLabel(d.approver)} at ${when(d.at)}${d.reason ? `: ${d.reason}` : ""}`,
      { color: d.decision === "approve" ? "Good" : "Attention" },
    ),
  );
}

/** The launch's fields; the reason is free text, so it goes below them as a plain run. */
function launchFacts(launch: LaunchView): CardElement[] {
  const approvals = launch.approval.decisions.filter((d) => d.decision === "approve").length;
  return [
    facts([
      ["Target", personLabel(launch.target)],
      ["Requested by", personLabel(launch.requester)],
      ["Reviewers", launch.reviewers.map(personLabel).join(", ") || "-"],
      launch.incidentRef !== null && launch.incidentRef !== "" && ["Incident", launch.incidentRef],
      ["Review ends", when(launch.endTime)],
      ["Reference", launch.reference],
      launch.approval.required && ["Approvals", `${approvals} of ${launch.approval.minApprovals}`],
      launch.state === "PENDING_APPROVAL" && launch.approval.expiresAt !== null && ["Approval expires", when(launch.approval.expiresAt)],
      launch.sarId !== null && ["Review", `${launch.sarId}${launch.sarStatus ? ` (${launch.sarStatus})` : ""}`],
    ]),
    fact("Reason", launch.reason),
  ];
}

function decideActions(launchId: string): CardAction[] {
  return [
    execute("Approve", LAUNCH_VERBS.approve, { launchId }, { style: "positive" }),
    showCard("Deny", {
      body: [textInput({ id: "denyReason", label: "Why do you deny this launch?", multiline: true, maxLength: 1000, required: true })],
      actions: [execute("Deny", LAUNCH_VERBS.deny, { launchId }, { style: "destructive" })],
    }),
  ];
}

function actionsFor(launch: LaunchView, view: LaunchCardView): CardAction[] {
  if (launch.state !== "PENDING_APPROVAL") return [];
  switch (view.kind) {
    // Everyone sees the buttons until their own version arrives; the core checks every click.
    case "shared":
    case "approver":
      return decideActions(launch.id);
    case "requester":
      return [execute("Cancel request", LAUNCH_VERBS.cancel, { launchId: launch.id }, { style: "destructive" })];
    case "observer":
      return [];
  }
}

/** The launch card for `view`; carries a refresh (for per-viewer versions) while it waits. */
export function launchCard(launch: LaunchView, options: LaunchCardOptions): AdaptiveCard {
  const state = stateOf(launch);
  const body: CardElement[] = [
    header("Security access review", { text: capital(state.text), tone: state.color }),
    ...(options.notice ? [plain(options.notice.text, { color: options.notice.tone ?? "Accent", bold: true })] : []),
    ...launchFacts(launch),
  ];
  const decisions = decisionLines(launch);
  if (decisions.length > 0) body.push(container(decisions, { separator: true }));
  if (launch.failure) body.push(container([plain(launch.failure.message, { color: "Attention" })], { separator: true }));
  if (launch.state === "PENDING_APPROVAL" && options.view.kind === "observer") body.push(note(options.view.why, { subtle: true }));
  if (launch.state === "PENDING_APPROVAL" && options.view.kind === "requester") {
    body.push(note("You asked for this review; another approver must decide.", { subtle: true }));
  }
  const built = card(body, { actions: actionsFor(launch, options.view), fallbackText: escapeMarkdown(launchText(launch)) });
  if (launch.state === "PENDING_APPROVAL") {
    const userIds = options.view.kind === "shared" ? [...(options.view.refreshUserIds ?? [])].slice(0, MAX_REFRESH_USERS) : [];
    built.refresh = { action: execute("Refresh", LAUNCH_VERBS.refresh, { launchId: launch.id }), ...(userIds.length > 0 && { userIds }) };
  }
  return built;
}

/** The launch as plain text. */
export function launchText(launch: LaunchView): string {
  return lines(
    title(launch).text,
    `Target: ${personLabel(launch.target)}`,
    `Requested by: ${personLabel(launch.requester)}`,
    `Reviewers: ${launch.reviewers.map(personLabel).join(", ") || "-"}`,
    `Reason: ${launch.reason}`,
    launch.incidentRef ? `Incident: ${launch.incidentRef}` : undefined,
    `Reference: ${launch.reference}`,
    launch.sarId ? `Review: ${launch.sarId}${launch.sarStatus ? ` (${launch.sarStatus})` : ""}` : undefined,
    launch.failure ? launch.failure.message : undefined,
  );
}
