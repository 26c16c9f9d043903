/**
 * The triage card of a security access review (PRODUCT.md 4.4) in Block
 * Kit: who is under review, the review, one page of access items with the
 * buttons the view allows, page buttons and the review controls; plus the
 * Details of an item, the thread line after an action, the AI summary and
 * the closing summary. Every value from Okta or a person is escaped; a
 * read-only view (a CLOSED review) has no buttons at all.
 */
import { SAR_ACCESS_ACTIONS, type SarAccessAction, type SarPriority } from "../../../governance/okta/sar-triage-types.js";
import type { PersonView } from "../../../governance/replies.js";
import { actionDoneText, actionWord, closingSummaryText, summaryText, triageDetailsText, triageText } from "../../../governance/triage/text.js";
import type {
  SarAiSummary,
  TriageActionDone,
  TriageClosingSummary,
  TriageDetailsView,
  TriageItemView,
  TriageReviewControl,
  TriageView,
} from "../../../governance/triage/types.js";
import { isObject } from "../payload.js";
import { ACTION_IDS } from "../surface.js";
import { actions, button, context, divider, fields, fitsButtonValue, header, message, section, type Block, type ButtonElement, type SlackMessage } from "./blocks.js";
import { inline, safeUrl, slackDate, userText } from "./mrkdwn.js";
import { peopleText, personText } from "./people.js";

/** Items a card shows at most (the core pages by 10; this only guards the block count). */
const MAX_ITEMS = 12;
const MAX_ANOMALIES = 5;
const MAX_LABELS = 5;

/** The item buttons, by Okta action. */
export const ITEM_ACTION_BUTTONS: Readonly<Record<SarAccessAction, { actionId: string; text: string; style?: "danger" }>> = {
  REVOKE_ACCESS: { actionId: ACTION_IDS.triageRevoke, text: "Revoke", style: "danger" },
  RESTORE_ACCESS: { actionId: ACTION_IDS.triageRestore, text: "Restore" },
  FLAG_FOR_MANUAL_REMEDIATION: { actionId: ACTION_IDS.triageFlagRemediation, text: "Flag" },
  FLAG_FOR_MANUAL_RESTORATION: { actionId: ACTION_IDS.triageFlagRestoration, text: "Flag for restoration" },
};

/** The review controls, in the order the card shows them. */
export const REVIEW_CONTROL_BUTTONS: Readonly<Record<TriageReviewControl, { actionId: string; text: string; style?: "danger" }>> = {
  close: { actionId: ACTION_IDS.triageClose, text: "Close review", style: "danger" },
  "restore-all": { actionId: ACTION_IDS.triageRestoreAll, text: "Restore all access" },
  extend: { actionId: ACTION_IDS.triageExtend, text: "Extend" },
  reviewers: { actionId: ACTION_IDS.triageReviewers, text: "Reviewers" },
  comment: { actionId: ACTION_IDS.triageComment, text: "Comment" },
  summarize: { actionId: ACTION_IDS.triageSummarize, text: "Summarize" },
};
const CONTROL_ORDER: readonly TriageReviewControl[] = ["close", "restore-all", "extend", "reviewers", "comment", "summarize"];

// ---- button values -------------------------------------------------------

/** What a triage button carries: the review, and the item, action, page cursor or item name where they apply. */
export interface TriageButtonValue {
  sarId: string;
  accessId?: string;
  action?: SarAccessAction;
  cursor?: string;
  /** The item's name, shown in the Revoke confirmation. */
  itemName?: string;
}

const OKTA_ID = /^[A-Za-z0-9_-]{1,64}$/;
const ITEM_NAME_MAX = 80;
/** A page cursor holds every page's Okta position up to it (50 pages at most): up to about 1 600 characters; the whole button value is still held to Slack's 2 000. */
const CURSOR_MAX = 1900;

/**
 * An item's name as a button carries it: only for the confirmation's title
 * line, so Slack's control characters and `<>&` are dropped rather than
 * carried (the modal escapes it again when it shows it).
 */
function valueName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return [...name.replace(/[<>&\u0000-\u001f\u007f]/g, "")].slice(0, ITEM_NAME_MAX).join("");
}

export function encodeTriageValue(value: TriageButtonValue): string {
  return JSON.stringify({
    s: value.sarId,
    ...(value.accessId !== undefined && { i: value.accessId }),
    ...(value.action !== undefined && { a: value.action }),
    ...(value.cursor !== undefined && { c: value.cursor }),
    ...(value.itemName !== undefined && { n: valueName(value.itemName) }),
  });
}

/** Reads a triage button's value; null unless it is one this app wrote (ids checked, actions known). */
export function decodeTriageValue(raw: unknown): TriageButtonValue | null {
  if (typeof raw !== "string" || raw.length > 2000) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isObject(parsed)) return null;
  const { s, i, a, c, n } = parsed;
  if (typeof s !== "string" || !OKTA_ID.test(s)) return null;
  if (i !== undefined && (typeof i !== "string" || !OKTA_ID.test(i))) return null;
  if (a !== undefined && (typeof a !== "string" || !(SAR_ACCESS_ACTIONS as readonly string[]).includes(a))) return null;
  if (c !== undefined && (typeof c !== "string" || c === "" || c.length > CURSOR_MAX)) return null;
  if (n !== undefined && typeof n !== "string") return null;
  return {
    sarId: s,
    ...(i !== undefined && { accessId: i }),
    ...(a !== undefined && { action: a as SarAccessAction }),
    ...(c !== undefined && { cursor: c }),
    ...(n !== undefined && { itemName: valueName(n) }),
  };
}

// ---- the card ------------------------------------------------------------

const PRIORITY_MARK: Readonly<Record<SarPriority, string>> = { HIGH: "🔴", MEDIUM: "🟠", LOW: "🟢" };

function priorityMark(priority: SarPriority | undefined): string {
  return priority !== undefined && priority in PRIORITY_MARK ? PRIORITY_MARK[priority] : "⚪";
}

function lastSignInText(signIn: TriageView["principal"]["lastSignIn"]): string {
  if (signIn === undefined) return "—";
  const parts: string[] = [];
  if (signIn.at !== undefined) parts.push(slackDate(signIn.at));
  if (signIn.ipAddress !== undefined) parts.push(`\`${inline(signIn.ipAddress, 60)}\``);
  if (signIn.location !== undefined) parts.push(inline(signIn.location, 120));
  if (signIn.device !== undefined) parts.push(inline(signIn.device, 120));
  return parts.length === 0 ? "—" : parts.join(" · ");
}

function principalBlocks(view: TriageView): Block[] {
  const p = view.principal;
  const roles = p.adminRoles.length === 0 ? "none" : p.adminRoles.slice(0, 10).map((r) => inline(r, 80)).join(", ") + (p.adminRoles.length > 10 ? ` and ${p.adminRoles.length - 10} more` : "");
  return [
    section(`*${inline(p.displayName, 120)}* · ${inline(p.login ?? p.email, 120)} · \`${inline(p.oktaUserId, 40)}\``),
    ...fields([
      ["Status", `*${inline(p.status, 40)}*`],
      ["Department", p.department !== undefined ? inline(p.department, 120) : "—"],
      ["Manager", p.manager !== undefined ? inline(p.manager, 120) : "—"],
      ["Last sign-in", lastSignInText(p.lastSignIn)],
      ["Admin roles", roles],
    ]),
  ];
}

function reviewBlock(view: TriageView): Block {
  const { sar } = view;
  const parts = [
    `Review \`${inline(sar.id, 40)}\` *${inline(sar.status, 40)}*`,
    `ends ${slackDate(sar.endTime)}`,
    `reviewers: ${peopleText(sar.reviewers)}`,
  ];
  if (sar.launchReference !== undefined) parts.push(`launch \`${inline(sar.launchReference, 40)}\``);
  const url = safeUrl(sar.url);
  if (url !== undefined) parts.push(`<${url}|Open in Okta>`);
  return section(`${inline(sar.name, 200)}\n${parts.join(" · ")}`);
}

function itemText(item: TriageItemView): string {
  const facts = [inline(item.type, 60), `priority *${inline(item.priority ?? "unknown", 20)}*`];
  if (item.remediationStatus !== undefined && item.remediationStatus !== "NONE") facts.push(`remediation *${inline(item.remediationStatus, 60)}*`);
  const lines = [`${priorityMark(item.priority)} *${inline(item.name, 200)}* · ${facts.join(" · ")}`];
  for (const anomaly of item.anomalies.slice(0, MAX_ANOMALIES)) lines.push(`⚠️ ${inline(anomaly.text, 300)}`);
  if (item.anomalies.length > MAX_ANOMALIES) lines.push(`…and ${item.anomalies.length - MAX_ANOMALIES} more anomalies (see Details)`);
  if (item.labels.length > 0) {
    const labels = item.labels.slice(0, MAX_LABELS).map((l) => inline(l, 120)).join(" · ");
    lines.push(`🏷️ ${labels}${item.labels.length > MAX_LABELS ? ` and ${item.labels.length - MAX_LABELS} more` : ""}`);
  }
  return lines.join("\n");
}

/** The item actions a view offers as buttons: every supported one on the shared card, the viewer's own on a person's. */
export function offeredActions(view: TriageView, item: TriageItemView): SarAccessAction[] {
  if (view.readOnly) return [];
  const offered = view.viewer.kind === "shared" ? item.supportedActions : item.allowedActions.filter((a) => item.supportedActions.includes(a));
  return SAR_ACCESS_ACTIONS.filter((a) => offered.includes(a));
}

function itemButtons(view: TriageView, item: TriageItemView): ButtonElement[] {
  if (view.readOnly || !OKTA_ID.test(item.id) || !OKTA_ID.test(view.sar.id)) return [];
  const buttons = offeredActions(view, item).map((action) => {
    const spec = ITEM_ACTION_BUTTONS[action];
    const value = encodeTriageValue({ sarId: view.sar.id, accessId: item.id, action, ...(action === "REVOKE_ACCESS" && { itemName: item.name }) });
    return button({ actionId: spec.actionId, text: spec.text, value, ...(spec.style !== undefined && { style: spec.style }) });
  });
  if (item.hasDetails) buttons.push(button({ actionId: ACTION_IDS.triageDetails, text: "Details", value: encodeTriageValue({ sarId: view.sar.id, accessId: item.id }) }));
  return buttons;
}

function pageButtons(view: TriageView): ButtonElement[] {
  if (view.readOnly || !OKTA_ID.test(view.sar.id)) return [];
  const buttons: ButtonElement[] = [];
  const add = (actionId: string, text: string, cursor: string | undefined) => {
    if (cursor === undefined || cursor === "" || cursor.length > CURSOR_MAX) return;
    const value = encodeTriageValue({ sarId: view.sar.id, cursor });
    if (fitsButtonValue(value)) buttons.push(button({ actionId, text, value }));
  };
  add(ACTION_IDS.triagePrevious, "◀ Previous", view.page.previousCursor);
  add(ACTION_IDS.triageNext, "More ▶", view.page.nextCursor);
  return buttons;
}

function controlButtons(view: TriageView): ButtonElement[] {
  if (view.readOnly || !OKTA_ID.test(view.sar.id)) return [];
  const value = encodeTriageValue({ sarId: view.sar.id });
  return CONTROL_ORDER.filter((c) => view.controls.includes(c)).map((control) => {
    const spec = REVIEW_CONTROL_BUTTONS[control];
    return button({ actionId: spec.actionId, text: spec.text, value, ...(spec.style !== undefined && { style: spec.style }) });
  });
}

/** The triage card: principal, review, this page's items with their buttons, pages, controls and when it was read. */
export function renderTriageCard(view: TriageView): SlackMessage {
  const blocks: Block[] = [header(view.readOnly ? "Security access review (closed)" : "Security access review"), ...principalBlocks(view), reviewBlock(view), divider()];
  const items = view.items.slice(0, MAX_ITEMS);
  if (items.length === 0) blocks.push(section("_No access items on this page._"));
  items.forEach((item, index) => {
    blocks.push(section(itemText(item)));
    const buttons = itemButtons(view, item);
    if (buttons.length > 0) blocks.push(actions(`triage:item:${index}`, buttons));
  });
  const pages = pageButtons(view);
  if (pages.length > 0) blocks.push(actions("triage:pages", pages));
  const controls = controlButtons(view);
  if (controls.length > 0) blocks.push(actions("triage:controls", controls));
  const footer = [`Page ${view.page.index + 1}`, `read from Okta ${slackDate(view.readAt)}`];
  if (view.readOnly) footer.unshift("🔒 Closed: read-only");
  blocks.push(context(footer.join(" · ")));
  return message(userText(triageText(view), 2900), blocks);
}

// ---- details, results, summaries ----------------------------------------

/** An item's Details (sub-accesses and anomalies), for a modal or a private message. */
export function renderTriageDetails(details: TriageDetailsView): SlackMessage {
  const { item } = details;
  const blocks: Block[] = [section(itemText(item))];
  if (details.subAccesses.length === 0) blocks.push(section("_No sub-accesses._"));
  const lines = details.subAccesses
    .slice(0, 50)
    .map((sub) => `${priorityMark(sub.priority)} *${inline(sub.name, 150)}* · ${inline(sub.type, 60)}${sub.priority !== undefined ? ` · ${inline(sub.priority, 20)}` : ""}`);
  // Ten lines a section keeps each far below Slack's 3000 characters.
  for (let i = 0; i < lines.length; i += 10) blocks.push(section(lines.slice(i, i + 10).join("\n")));
  if (item.anomalies.length > 0) blocks.push(section(`*Anomalies*\n${item.anomalies.slice(0, 20).map((a) => `⚠️ ${inline(a.text, 300)}`).join("\n")}`));
  if (details.truncated) blocks.push(context("More sub-accesses exist than are shown here; see the review in Okta."));
  return message(userText(triageDetailsText(details), 2900), blocks);
}

/** The thread line after an action: who did what, with their note. */
export function renderActionDone(done: TriageActionDone): SlackMessage {
  const what = done.item !== undefined ? `${actionWord(done.action)} *${inline(done.item.name, 200)}*` : actionWord(done.action);
  const note = done.note !== undefined && done.note !== "" ? `: _${inline(done.note, 500)}_` : "";
  const text = `${ACTION_MARK[done.action] ?? "✅"} ${what}, by ${personText(done.by)}${note}`;
  return message(userText(actionDoneText(done), 2900), [section(text)]);
}

const ACTION_MARK: Partial<Record<TriageActionDone["action"], string>> = {
  REVOKE_ACCESS: "⛔",
  RESTORE_ACCESS: "↩️",
  FLAG_FOR_MANUAL_REMEDIATION: "🚩",
  FLAG_FOR_MANUAL_RESTORATION: "🚩",
  CLOSE_REVIEW: "🔒",
  RESTORE_ALL_ACCESS: "↩️",
  EXTEND: "📅",
  REVIEWERS: "👥",
  COMMENT: "💬",
};


/** Okta's AI summary of a review or an item, or why there is none (for the asker only). */
export function renderTriageSummary(sarId: string, summary: SarAiSummary, accessId?: string): SlackMessage {
  const about = accessId !== undefined ? `item \`${inline(accessId, 40)}\` of review \`${inline(sarId, 40)}\`` : `review \`${inline(sarId, 40)}\``;
  const body = userText(summaryText(summary), 2500);
  return message(userText(summaryText(summary), 2900), [section(`🧠 *Summary of ${about}*`), section(body)]);
}

/** The thread's closing summary: revoked, restored, flagged, left as they were. */
export function renderClosingSummary(view: TriageView, summary: TriageClosingSummary, closedBy?: PersonView): SlackMessage {
  const counts = `*${summary.revoked}* revoked · *${summary.restored}* restored · *${summary.flagged}* flagged · *${summary.untouched}* left as they were`;
  const by = closedBy !== undefined ? `, by ${personText(closedBy)}` : "";
  const lead = `🔒 Security access review \`${inline(view.sar.id, 40)}\` of *${inline(view.principal.displayName, 120)}* is closed${by}.`;
  return message(userText(closingSummaryText(view.sar.id, summary), 2900), [section(lead), section(counts)]);
}
