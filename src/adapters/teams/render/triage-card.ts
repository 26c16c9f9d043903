/**
 * The triage card (PRODUCT.md 4.4) as an Adaptive Card 1.5 with Universal
 * Actions: the principal, the review, one page of access items, and the
 * buttons the viewer may use. The shared version posted in the thread has
 * no action buttons; its `refresh` gives the listed Teams users their own
 * version (the core's person view), and "Show my actions" does the same
 * for anyone else. A closed review is read-only: no buttons, no refresh.
 * Also the Details and summary cards, and the dialogs (task modules) that
 * confirm an action or ask for its input.
 */
import type { SarAccessAction } from "../../../governance/okta/sar-triage-types.js";
import type { PersonView } from "../../../governance/replies.js";
import { closingSummaryText, summaryText, triageDetailsText, triageText } from "../../../governance/triage/text.js";
import type { SarAiSummary, TriageClosingSummary, TriageDetailsView, TriageItemView, TriageReviewControl, TriageView } from "../../../governance/triage/types.js";
import { TRIAGE_FORM, TRIAGE_VERBS } from "../verbs.js";
import { card, clip, container, execute, facts, header, heading, note, openUrl, plain, textInput, when, type AdaptiveCard, type CardAction, type CardElement } from "./card-kit.js";
import { personLabel } from "./launch-card.js";
import { escapeMarkdown, withoutControls } from "./plain-text.js";

/** At most this many users get an automatic refresh (a Teams limit). */
export const MAX_TRIAGE_REFRESH_USERS = 60;

/** Longest note on a Revoke (and the other confirmations), as the core accepts it. */
export const MAX_NOTE_LENGTH = 500;
/** Longest comment the core accepts. */
export const MAX_COMMENT_LENGTH = 1000;

// Okta's and people's text is cut per field, so a 10-item page stays far below Teams' 28 KB card limit.
const NAME_MAX = 120;
const LINE_MAX = 160;
const LABELS_MAX = 160;
const FACT_MAX = 160;
const FALLBACK_MAX = 1200;
/** Cursors travel in button data; a longer one is not ours. */
export const CURSOR_MAX = 2000;

/** Okta's or a person's text for the card: no control characters, cut to `max`. */
function cut(text: string, max: number): string {
  return clip(withoutControls(text), max);
}

type Tone = "Attention" | "Good" | "Warning" | "Accent";

export interface TriageCardOptions {
  /** Shared card: the Teams ids that get their own version automatically (at most 60). */
  refreshUserIds?: readonly string[];
  /** A line on top for this viewer (e.g. what was just done). */
  notice?: { text: string; tone?: Tone };
}

const ACTION_TITLES: Readonly<Record<SarAccessAction, string>> = {
  REVOKE_ACCESS: "Revoke",
  RESTORE_ACCESS: "Restore",
  FLAG_FOR_MANUAL_REMEDIATION: "Flag",
  FLAG_FOR_MANUAL_RESTORATION: "Flag for restoration",
};

/** The button that opens a dialog (`task/fetch`); its data comes back in the fetch and, through the form, in the submit. */
export function dialogButton(title: string, verb: string, data: Record<string, unknown>, options: { style?: "positive" | "destructive" } = {}): CardAction {
  return { type: "Action.Submit", title, data: { msteams: { type: "task/fetch" }, verb, ...data }, ...(options.style && { style: options.style }) };
}

function statusTone(status: string): Tone | undefined {
  switch (status) {
    case "ACTIVE":
      return "Good";
    case "PENDING":
      return "Warning";
    case "CLOSED":
      return "Accent";
    case "ERROR":
      return "Attention";
    default:
      return undefined;
  }
}

function priorityTone(priority: string | undefined): Tone | undefined {
  return priority === "HIGH" ? "Attention" : priority === "MEDIUM" ? "Warning" : undefined;
}

function principalFacts(view: TriageView): CardElement {
  const p = view.principal;
  const signIn = p.lastSignIn;
  const signInText = signIn ? [signIn.at !== undefined ? when(signIn.at) : undefined, signIn.ipAddress, signIn.location, signIn.device].filter((s): s is string => s !== undefined && s !== "").join(", ") : "";
  const who = p.login !== undefined && p.login !== p.displayName ? `${p.displayName} (${p.login})` : p.displayName;
  return facts([
    ["User", cut(who, FACT_MAX)],
    ["Okta status", cut(p.status, 40)],
    p.department !== undefined && p.department !== "" && ["Department", cut(p.department, FACT_MAX)],
    p.manager !== undefined && p.manager !== "" && ["Manager", cut(p.manager, FACT_MAX)],
    signInText !== "" && ["Last sign-in", cut(signInText, LINE_MAX)],
    ["Admin roles", cut(p.adminRoles.join(", ") || "none", LINE_MAX)],
  ]);
}

function reviewers(list: PersonView[]): string {
  return cut(list.map(personLabel).join(", ") || "-", LINE_MAX);
}

function reviewFacts(view: TriageView): CardElement {
  const { sar } = view;
  return facts([
    ["Review", cut(sar.name, FACT_MAX)],
    ["Review id", cut(sar.id, 100)],
    ["Ends", when(sar.endTime)],
    ["Reviewers", reviewers(sar.reviewers)],
    sar.launchReference !== undefined && ["Launch", cut(sar.launchReference, 40)],
  ]);
}

/** One item: name and facts as plain runs (never markdown), its anomalies and labels, and the viewer's buttons. */
function itemBlock(view: TriageView, item: TriageItemView, index: number, personal: boolean): CardElement {
  const items: CardElement[] = [
    {
      type: "RichTextBlock",
      inlines: [
        { type: "TextRun", text: cut(item.name, NAME_MAX), weight: "Bolder" },
        { type: "TextRun", text: `  ${cut(item.type, 40)}`, isSubtle: true },
        ...(item.priority !== undefined ? [{ type: "TextRun", text: `  ${item.priority} priority`, ...(priorityTone(item.priority) && { color: priorityTone(item.priority) }) }] : []),
      ],
    },
  ];
  if (item.remediationStatus !== undefined && item.remediationStatus !== "NONE") {
    items.push(plain(`Remediation: ${cut(item.remediationStatus, 60)}`, { color: item.remediationStatus === "REMEDIATED" ? "Good" : "Warning" }));
  }
  for (const anomaly of item.anomalies.slice(0, 4)) {
    items.push(plain(`⚠ ${cut(anomaly.text, LINE_MAX)}`, { color: anomaly.severity === "HIGH" ? "Attention" : "Warning" }));
  }
  if (item.anomalies.length > 4) items.push(plain(`and ${item.anomalies.length - 4} more anomalies (Details)`, { subtle: true }));
  if (item.labels.length > 0) items.push(plain(`Labels: ${cut(item.labels.join("; "), LABELS_MAX)}`, { subtle: true }));
  if (personal && !view.readOnly) {
    const buttons = itemButtons(view.sar.id, item);
    if (buttons.length > 0) items.push({ type: "ActionSet", actions: buttons });
  }
  return container(items, { separator: index > 0 });
}

/** The item's buttons: only the actions the viewer may take now (a subset of `supportedActions`), and Details. */
function itemButtons(sarId: string, item: TriageItemView): CardAction[] {
  const out: CardAction[] = [];
  const ref = { sarId, accessId: item.id };
  for (const action of item.allowedActions) {
    if (!item.supportedActions.includes(action)) continue;
    if (action === "REVOKE_ACCESS") out.push(dialogButton(ACTION_TITLES[action], TRIAGE_VERBS.revoke, { ...ref, itemName: cut(item.name, 60) }, { style: "destructive" }));
    else out.push(execute(ACTION_TITLES[action], TRIAGE_VERBS.item, { ...ref, action }));
  }
  if (item.hasDetails) out.push(execute("Details", TRIAGE_VERBS.details, ref));
  return out;
}

function pageButtons(view: TriageView): CardAction[] {
  const { page } = view;
  const out: CardAction[] = [];
  if (page.previousCursor !== undefined && page.previousCursor.length <= CURSOR_MAX) out.push(execute("Previous page", TRIAGE_VERBS.page, { sarId: view.sar.id, cursor: page.previousCursor }));
  if (page.nextCursor !== undefined && page.nextCursor.length <= CURSOR_MAX) out.push(execute("Next page", TRIAGE_VERBS.page, { sarId: view.sar.id, cursor: page.nextCursor }));
  return out;
}

const CONTROL_ORDER: readonly TriageReviewControl[] = ["close", "restore-all", "extend", "reviewers", "comment", "summarize"];

function controlButton(view: TriageView, control: TriageReviewControl): CardAction {
  const sarId = view.sar.id;
  const data = { sarId };
  switch (control) {
    case "close":
      return dialogButton("Close review", TRIAGE_VERBS.close, data, { style: "destructive" });
    case "restore-all":
      return dialogButton("Restore all", TRIAGE_VERBS.restoreAll, data);
    case "extend":
      // The dialog opens on the current end date and reviewers.
      return dialogButton("Extend", TRIAGE_VERBS.extend, { ...data, endTime: cut(view.sar.endTime, 40) });
    case "reviewers":
      return dialogButton("Reviewers", TRIAGE_VERBS.reviewers, { ...data, reviewers: cut(view.sar.reviewers.map((r) => r.login).join(", "), 1000) });
    case "comment":
      return dialogButton("Comment", TRIAGE_VERBS.comment, data);
    case "summarize":
      return execute("Summarize", TRIAGE_VERBS.summarize, data);
  }
}

function pageLine(view: TriageView): string {
  const { page, items } = view;
  if (items.length === 0) return page.index === 0 ? "No access items." : "No access items on this page.";
  const first = page.index * page.size + 1;
  return `Access items ${first}-${first + items.length - 1}, highest priority first${page.nextCursor !== undefined ? " (more on the next page)" : ""}`;
}

/** The review's card for `view.viewer`: the thread's shared card, or one person's with their buttons. */
export function triageCard(view: TriageView, options: TriageCardOptions = {}): AdaptiveCard {
  const personal = view.viewer.kind === "person";
  const live = !view.readOnly;
  const body: CardElement[] = [header("Security access review", { text: view.sar.status, ...(statusTone(view.sar.status) && { tone: statusTone(view.sar.status) }) })];
  if (options.notice) body.push(plain(cut(options.notice.text, 600), { color: options.notice.tone ?? "Accent", bold: true }));
  body.push(principalFacts(view), container([reviewFacts(view)], { separator: true }));
  body.push(note(pageLine(view), { subtle: true }));
  view.items.forEach((item, i) => body.push(itemBlock(view, item, i, personal)));
  if (!live) body.push(note("This review is closed: the card is read-only.", { subtle: true }));
  else {
    const pages = pageButtons(view);
    if (pages.length > 0) body.push({ type: "ActionSet", actions: pages });
  }
  body.push(note(`Read from Okta ${when(view.readAt)}`, { subtle: true }));

  const actions: (CardAction | undefined)[] = [];
  if (live && personal) for (const control of CONTROL_ORDER) if (view.controls.includes(control)) actions.push(controlButton(view, control));
  if (live && !personal) actions.push(execute("Show my actions", TRIAGE_VERBS.refresh, { sarId: view.sar.id }));
  if (actions.length < 6 && view.sar.url !== undefined) actions.push(openUrl("Open in Okta", view.sar.url));

  const built = card(body, { actions, fallbackText: escapeMarkdown(cut(triageText(view), FALLBACK_MAX)) });
  if (live && !personal) {
    const userIds = [...(options.refreshUserIds ?? [])].slice(-MAX_TRIAGE_REFRESH_USERS);
    built.refresh = { action: execute("Refresh", TRIAGE_VERBS.refresh, { sarId: view.sar.id, viewers: userIds }), ...(userIds.length > 0 && { userIds }) };
  }
  return built;
}

const back = (sarId: string) => execute("Back to the review", TRIAGE_VERBS.refresh, { sarId });

/** An item's Details: its facts, anomalies and sub-accesses (for the clicker only). */
export function triageDetailsCard(details: TriageDetailsView): AdaptiveCard {
  const { item } = details;
  const body: CardElement[] = [
    heading(`Details`),
    plain(cut(item.name, NAME_MAX), { bold: true }),
    facts([
      ["Type", cut(item.type, 40)],
      item.priority !== undefined && ["Priority", item.priority],
      item.remediationStatus !== undefined && ["Remediation", cut(item.remediationStatus, 60)],
      item.labels.length > 0 && ["Labels", cut(item.labels.join("; "), LABELS_MAX)],
    ]),
  ];
  if (item.anomalies.length > 0) body.push(container(item.anomalies.slice(0, 10).map((a) => plain(`⚠ ${cut(a.text, LINE_MAX)}`, { color: a.severity === "HIGH" ? "Attention" : "Warning" })), { separator: true }));
  const subs = details.subAccesses.slice(0, 50);
  body.push(note(subs.length === 0 ? "No sub-accesses." : `Sub-accesses (${subs.length}${details.truncated ? ", more not shown" : ""})`, { subtle: true }));
  for (const sub of subs) body.push(plain(`${cut(sub.name, NAME_MAX)}  ${cut(sub.type, 40)}${sub.priority !== undefined ? `  ${sub.priority}` : ""}`));
  return card(body, { actions: [back(details.sarId)], fallbackText: escapeMarkdown(cut(triageDetailsText(details), FALLBACK_MAX)) });
}

/** Okta's AI summary, or why there is none (for the clicker only). */
export function triageSummaryCard(sarId: string, summary: SarAiSummary): AdaptiveCard {
  const text = summaryText(summary);
  return card([heading("Okta's summary of this review"), plain(cut(text, 3000), summary.status === "ok" ? {} : { color: "Warning" })], { actions: [back(sarId)], fallbackText: escapeMarkdown(cut(text, FALLBACK_MAX)) });
}

/** The thread's message when a review closes. */
export function closingSummaryCard(view: TriageView, summary: TriageClosingSummary, closedBy?: PersonView): AdaptiveCard {
  const text = closingSummaryText(view.sar.id, summary) + (closedBy ? ` Closed by ${personLabel(closedBy)}.` : "");
  return card(
    [
      header("Security access review closed", { text: "CLOSED", tone: "Accent" }),
      plain(`${cut(view.principal.displayName, FACT_MAX)}: ${cut(view.sar.name, FACT_MAX)}`, { bold: true }),
      facts([
        ["Revoked", String(summary.revoked)],
        ["Restored", String(summary.restored)],
        ["Flagged", String(summary.flagged)],
        ["Left as they were", String(summary.untouched)],
        closedBy !== undefined && ["Closed by", cut(personLabel(closedBy), FACT_MAX)],
      ]),
    ],
    { fallbackText: escapeMarkdown(cut(text, FALLBACK_MAX)) },
  );
}

/** The dialogs a triage button opens. */
export type TriageDialog =
  | { kind: "revoke"; sarId: string; accessId: string; itemName?: string }
  | { kind: "close"; sarId: string }
  | { kind: "restore-all"; sarId: string }
  | { kind: "extend"; sarId: string; endTime?: string }
  | { kind: "reviewers"; sarId: string; reviewers?: string }
  | { kind: "comment"; sarId: string };

const DIALOG_VERBS: Readonly<Record<TriageDialog["kind"], string>> = {
  revoke: TRIAGE_VERBS.revoke,
  close: TRIAGE_VERBS.close,
  "restore-all": TRIAGE_VERBS.restoreAll,
  extend: TRIAGE_VERBS.extend,
  reviewers: TRIAGE_VERBS.reviewers,
  comment: TRIAGE_VERBS.comment,
};

/** The dialog's title (Teams shows it above the card). */
export function dialogTitle(dialog: TriageDialog): string {
  switch (dialog.kind) {
    case "revoke":
      return "Revoke access";
    case "close":
      return "Close the review";
    case "restore-all":
      return "Restore all access";
    case "extend":
      return "Extend the review";
    case "reviewers":
      return "Change the reviewers";
    case "comment":
      return "Comment on the review";
  }
}

/**
 * The dialog's form. Its submit button carries the verb, the review (and
 * item) and the card it was opened from; the inputs arrive beside them.
 */
export function triageDialogCard(dialog: TriageDialog, options: { cardId?: string; error?: string } = {}): AdaptiveCard {
  const body: CardElement[] = [];
  if (options.error !== undefined) body.push(plain(cut(options.error, 600), { color: "Attention", bold: true }));
  let submitTitle = "Confirm";
  let style: "positive" | "destructive" | undefined;
  switch (dialog.kind) {
    case "revoke":
      body.push(plain(`Revoke ${cut(dialog.itemName ?? "this access item", NAME_MAX)}? Okta removes the access; the review records who did it.`));
      body.push(textInput({ id: "note", label: "Note for the review (optional)", multiline: true, maxLength: MAX_NOTE_LENGTH }));
      submitTitle = "Revoke";
      style = "destructive";
      break;
    case "close":
      body.push(plain("Close this review? It becomes read-only for everyone, in Okta and here."));
      body.push(textInput({ id: "note", label: "Note for the review (optional)", multiline: true, maxLength: MAX_NOTE_LENGTH }));
      submitTitle = "Close review";
      style = "destructive";
      break;
    case "restore-all":
      body.push(plain("Restore every access revoked in this review?"));
      body.push(textInput({ id: "note", label: "Note for the review (optional)", multiline: true, maxLength: MAX_NOTE_LENGTH }));
      submitTitle = "Restore all";
      break;
    case "extend":
      body.push(plain("The review's new end date (1 day to 6 months ahead)."));
      body.push({ type: "Input.Date", id: "endTime", label: "New end date", isRequired: true, errorMessage: "New end date is required.", ...(dialog.endTime !== undefined && /^\d{4}-\d{2}-\d{2}/.test(dialog.endTime) && { value: dialog.endTime.slice(0, 10) }) });
      submitTitle = "Extend";
      break;
    case "reviewers":
      body.push(plain("The new reviewers replace the current ones: 1 to 10 Okta logins or emails, separated by commas."));
      body.push(textInput({ id: "reviewers", label: "Reviewers", maxLength: 2000, required: true, ...(dialog.reviewers !== undefined && { value: dialog.reviewers }) }));
      submitTitle = "Save reviewers";
      break;
    case "comment":
      body.push(textInput({ id: "text", label: "Comment", multiline: true, maxLength: MAX_COMMENT_LENGTH, required: true }));
      submitTitle = "Comment";
      break;
  }
  const data: Record<string, unknown> = {
    form: TRIAGE_FORM,
    verb: DIALOG_VERBS[dialog.kind],
    sarId: dialog.sarId,
    ...(dialog.kind === "revoke" && { accessId: dialog.accessId, ...(dialog.itemName !== undefined && { itemName: dialog.itemName }) }),
    ...(options.cardId !== undefined && { cardId: options.cardId }),
  };
  return card(body, { actions: [{ type: "Action.Submit", title: submitTitle, data, ...(style && { style }) }], fallbackText: escapeMarkdown(dialogTitle(dialog)) });
}
