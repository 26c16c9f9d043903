/**
 * Block Kit builders that respect Slack's limits, so no renderer can
 * produce a message Slack refuses (PRODUCT.md section 7, "Slack limits").
 */
import type { types } from "@slack/bolt";
import { truncate, truncateMrkdwn } from "./mrkdwn.js";

export type Block = types.KnownBlock;
export type ButtonElement = types.Button;

export const SLACK_LIMITS = {
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  contextElements: 10,
  messageBlocks: 50,
  modalBlocks: 100,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  /** Slack accepts 40,000 characters of top-level `text`; notifications show far less. */
  fallbackText: 3000,
} as const;

/** A message as the Web API takes it: blocks plus the plain-text fallback for notifications. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export function header(text: string): Block {
  return { type: "header", text: { type: "plain_text", text: truncate(text, SLACK_LIMITS.headerText), emoji: true } };
}

/** A section of mrkdwn that is already escaped. */
export function section(mrkdwn: string, accessory?: ButtonElement): Block {
  return {
    type: "section",
    text: { type: "mrkdwn", text: truncateMrkdwn(mrkdwn === "" ? " " : mrkdwn, SLACK_LIMITS.sectionText) },
    ...(accessory !== undefined && { accessory }),
  };
}

/** A two-column section of `*label*\nvalue` pairs; values are already escaped mrkdwn. */
export function fields(pairs: readonly (readonly [label: string, value: string])[]): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < pairs.length; i += SLACK_LIMITS.fields) {
    blocks.push({
      type: "section",
      fields: pairs.slice(i, i + SLACK_LIMITS.fields).map(([label, value]) => ({
        type: "mrkdwn" as const,
        text: truncateMrkdwn(`*${label}*\n${value === "" ? "—" : value}`, SLACK_LIMITS.fieldText),
      })),
    });
  }
  return blocks;
}

export function context(...mrkdwn: string[]): Block {
  return {
    type: "context",
    elements: mrkdwn.slice(0, SLACK_LIMITS.contextElements).map((text) => ({ type: "mrkdwn" as const, text: truncateMrkdwn(text, SLACK_LIMITS.sectionText) })),
  };
}

export function divider(): Block {
  return { type: "divider" };
}

export interface ButtonOptions {
  actionId: string;
  text: string;
  /** Omitted when it would exceed Slack's 2000 characters: callers check `fitsButtonValue` first. */
  value?: string;
  url?: string;
  style?: "primary" | "danger";
}

export function button(options: ButtonOptions): ButtonElement {
  if (options.value !== undefined && !fitsButtonValue(options.value)) {
    throw new Error(`button ${options.actionId}: value of ${options.value.length} characters exceeds Slack's ${SLACK_LIMITS.buttonValue}`);
  }
  return {
    type: "button",
    action_id: options.actionId,
    text: { type: "plain_text", text: truncate(options.text, SLACK_LIMITS.buttonText), emoji: true },
    ...(options.value !== undefined && { value: options.value }),
    ...(options.url !== undefined && options.url.length <= SLACK_LIMITS.buttonUrl && { url: options.url }),
    ...(options.style !== undefined && { style: options.style }),
  };
}

export function fitsButtonValue(value: string): boolean {
  return value.length > 0 && value.length <= SLACK_LIMITS.buttonValue;
}

export function actions(blockId: string, elements: ButtonElement[]): Block {
  return { type: "actions", block_id: blockId, elements: elements.slice(0, 25) };
}

/**
 * Keeps at most `max` blocks. When blocks must go, the last kept one says
 * how many were left out, and trailing `actions` blocks are kept (they carry
 * the buttons people need, such as "Next page").
 */
export function limitBlocks(blocks: Block[], max: number): Block[] {
  if (blocks.length <= max) return blocks;
  const trailing: Block[] = [];
  for (let i = blocks.length - 1; i >= 0 && blocks[i]?.type === "actions" && trailing.length < 2; i--) trailing.unshift(blocks[i] as Block);
  const room = max - trailing.length - 1;
  const kept = blocks.slice(0, room);
  const dropped = blocks.length - trailing.length - kept.length;
  return [...kept, context(`…and ${dropped} more not shown here.`), ...trailing];
}

/** A message within Slack's limits, with a fallback text cut to size. */
export function message(text: string, blocks: Block[]): SlackMessage {
  return { text: truncateMrkdwn(text, SLACK_LIMITS.fallbackText), blocks: limitBlocks(blocks, SLACK_LIMITS.messageBlocks) };
}
