/**
 * The triage card's forms (PRODUCT.md 4.4): the Revoke confirmation with an
 * optional note, the Close review / Restore all confirmation, Extend (a
 * date), Reviewers (Slack users or typed logins and emails), Comment, and
 * the Details of an item. Each carries the review, the item and the card
 * to update in `private_metadata`.
 */
import type { SlackMessage } from "../render/blocks.js";
import { context, section, type Block } from "../render/blocks.js";
import { inline } from "../render/mrkdwn.js";
import { at, inputValue } from "../payload.js";
import { VIEW_IDS } from "../surface.js";
import { encodeTriageMetadata, type TriageMetadata } from "./metadata.js";
import { modal, type ModalView } from "./modal.js";

/** Okta takes a note of 1 to 500 characters with an action (the bot's comment names the person). */
export const TRIAGE_NOTE_MAX = 500;
/** A SAR comment: 1 to 1000 characters after the bot's prefix. */
export const TRIAGE_COMMENT_MAX = 1000;
/** Okta takes 1 to 10 reviewers. */
export const TRIAGE_REVIEWERS_MAX = 10;

export const TRIAGE_BLOCKS = {
  note: "note",
  endDate: "end_date",
  reviewerUsers: "reviewer_users",
  reviewerNames: "reviewer_names",
  comment: "comment",
} as const;

const ACTION = "value";

function textInput(blockId: string, label: string, options: { maxLength: number; hint: string; optional?: boolean; multiline?: boolean }): Block {
  return {
    type: "input",
    block_id: blockId,
    label: { type: "plain_text", text: label },
    hint: { type: "plain_text", text: options.hint },
    optional: options.optional ?? false,
    element: { type: "plain_text_input", action_id: ACTION, multiline: options.multiline ?? true, max_length: options.maxLength },
  };
}

const noteInput = (hint: string): Block => textInput(TRIAGE_BLOCKS.note, "Note (optional)", { maxLength: TRIAGE_NOTE_MAX, hint, optional: true });

const reviewRef = (meta: TriageMetadata) => `\`${inline(meta.sarId, 40)}\``;

export function revokeModal(meta: TriageMetadata): ModalView {
  const item = meta.itemName !== undefined && meta.itemName !== "" ? `*${inline(meta.itemName, 200)}*` : `the access item \`${inline(meta.accessId ?? "", 40)}\``;
  return modal({
    callbackId: VIEW_IDS.triageRevoke,
    title: "Revoke access",
    blocks: [
      section(`⛔ Revoke ${item} in security access review ${reviewRef(meta)}? Okta removes this access from the user under review.`),
      noteInput("Added to the review's comment that names you. Up to 500 characters."),
    ],
    submit: "Revoke",
    privateMetadata: encodeTriageMetadata(meta),
  });
}

export function reviewActionModal(meta: TriageMetadata & { action: "CLOSE_REVIEW" | "RESTORE_ALL_ACCESS" }): ModalView {
  const close = meta.action === "CLOSE_REVIEW";
  const lead = close
    ? `🔒 Close security access review ${reviewRef(meta)}? Nobody can act on it afterwards, and the card becomes read-only.`
    : `↩️ Restore all access revoked in security access review ${reviewRef(meta)}?`;
  return modal({
    callbackId: VIEW_IDS.triageReviewAction,
    title: close ? "Close the review" : "Restore all access",
    blocks: [section(lead), noteInput("Added to the review's comment that names you. Up to 500 characters.")],
    submit: close ? "Close review" : "Restore all",
    privateMetadata: encodeTriageMetadata(meta),
  });
}

export function extendModal(meta: TriageMetadata): ModalView {
  return modal({
    callbackId: VIEW_IDS.triageExtend,
    title: "Extend the review",
    blocks: [
      section(`📅 A new end date for security access review ${reviewRef(meta)}.`),
      {
        type: "input",
        block_id: TRIAGE_BLOCKS.endDate,
        label: { type: "plain_text", text: "New end date" },
        hint: { type: "plain_text", text: "1 day to 6 months from today." },
        element: { type: "datepicker", action_id: ACTION },
      },
    ],
    submit: "Extend",
    privateMetadata: encodeTriageMetadata(meta),
  });
}

export function reviewersModal(meta: TriageMetadata): ModalView {
  return modal({
    callbackId: VIEW_IDS.triageReviewers,
    title: "Reviewers",
    blocks: [
      section(`👥 The new reviewers of security access review ${reviewRef(meta)}: they replace the current ones (1 to ${TRIAGE_REVIEWERS_MAX}, never the user under review).`),
      {
        type: "input",
        block_id: TRIAGE_BLOCKS.reviewerUsers,
        label: { type: "plain_text", text: "People in Slack" },
        optional: true,
        element: { type: "multi_users_select", action_id: ACTION, max_selected_items: TRIAGE_REVIEWERS_MAX },
      },
      textInput(TRIAGE_BLOCKS.reviewerNames, "Okta logins or emails", {
        maxLength: 2000,
        hint: "Separated by commas or spaces; for people not in this Slack.",
        optional: true,
        multiline: false,
      }),
    ],
    submit: "Save",
    privateMetadata: encodeTriageMetadata(meta),
  });
}

export function commentModal(meta: TriageMetadata): ModalView {
  return modal({
    callbackId: VIEW_IDS.triageComment,
    title: "Comment on review",
    blocks: [
      section(`💬 Your comment is added to security access review ${reviewRef(meta)} in Okta, with your name.`),
      textInput(TRIAGE_BLOCKS.comment, "Comment", { maxLength: TRIAGE_COMMENT_MAX, hint: `1 to ${TRIAGE_COMMENT_MAX} characters.` }),
    ],
    submit: "Comment",
    privateMetadata: encodeTriageMetadata(meta),
  });
}

/** An item's Details (a rendered `triage-details`) as a read-only modal. */
export function detailsModal(rendered: SlackMessage): ModalView {
  return modal({ callbackId: VIEW_IDS.info, title: "Access details", blocks: [...rendered.blocks, context("Read from Okta just now.")] });
}

/** The trimmed text of a text input of a triage form ("" when empty). */
export function readTriageText(view: unknown, blockId: string): string {
  return (inputValue(view, blockId, ACTION) ?? "").trim();
}

/** The date picked (`YYYY-MM-DD`), or undefined. */
export function readTriageDate(view: unknown): string | undefined {
  const value = at(view, "state", "values", TRIAGE_BLOCKS.endDate, ACTION, "selected_date");
  return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
}

const SLACK_USER = /^[UW][A-Z0-9]{1,40}$/;

/** The reviewers chosen: Slack user ids picked, and the logins or emails typed. */
export function readTriageReviewers(view: unknown): { userIds: string[]; names: string[] } {
  const picked = at(view, "state", "values", TRIAGE_BLOCKS.reviewerUsers, ACTION, "selected_users");
  const userIds = Array.isArray(picked) ? picked.filter((id): id is string => typeof id === "string" && SLACK_USER.test(id)) : [];
  const names = readTriageText(view, TRIAGE_BLOCKS.reviewerNames)
    .split(/[\s,;]+/)
    .filter((name) => name !== "");
  return { userIds: [...new Set(userIds)], names: [...new Set(names)] };
}
