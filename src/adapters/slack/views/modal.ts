/** Modal views within Slack's limits, and the read-only ones (loading, progress, result, error). */
import type { types } from "@slack/bolt";
import { limitBlocks, section, SLACK_LIMITS, type Block, type SlackMessage } from "../render/blocks.js";
import { truncate } from "../render/mrkdwn.js";
import { VIEW_IDS } from "../surface.js";

export type ModalView = types.ModalView;

export const MODAL_TITLE = "Security access review";

export interface ModalOptions {
  callbackId: string;
  title?: string;
  blocks: Block[];
  submit?: string;
  close?: string;
  privateMetadata?: string;
}

const plain = (text: string, max: number) => ({ type: "plain_text" as const, text: truncate(text, max), emoji: true });

export function modal(options: ModalOptions): ModalView {
  return {
    type: "modal",
    callback_id: options.callbackId,
    title: plain(options.title ?? MODAL_TITLE, SLACK_LIMITS.modalTitle),
    blocks: limitBlocks(options.blocks, SLACK_LIMITS.modalBlocks),
    close: plain(options.close ?? (options.submit === undefined ? "Close" : "Cancel"), SLACK_LIMITS.modalButton),
    ...(options.submit !== undefined && { submit: plain(options.submit, SLACK_LIMITS.modalButton) }),
    ...(options.privateMetadata !== undefined && { private_metadata: options.privateMetadata }),
  };
}

/** A view with only text: shown while the bot works, or with the outcome. */
export function infoView(mrkdwn: string, title?: string): ModalView {
  return modal({ callbackId: VIEW_IDS.info, blocks: [section(mrkdwn)], ...(title !== undefined && { title }) });
}

/** A rendered reply (an error, a status) shown in a modal. */
export function messageView(rendered: SlackMessage, title?: string): ModalView {
  return modal({ callbackId: VIEW_IDS.info, blocks: rendered.blocks, ...(title !== undefined && { title }) });
}

export const loadingView = (): ModalView => infoView("⏳ Loading the form…");
export const workingView = (what: string): ModalView => infoView(`⏳ ${what}`);
