/** The deny form (a reason is required) and the "Add message" form of an access request. */
import { LAUNCH_FORM_LIMITS } from "../../../governance/sar/launch-form.js";
import { section, type Block } from "../render/blocks.js";
import { inline } from "../render/mrkdwn.js";
import { inputValue } from "../payload.js";
import { VIEW_IDS } from "../surface.js";
import { encodeDenyMetadata, encodeRequestMessageMetadata, type DenyMetadata, type RequestMessageMetadata } from "./metadata.js";
import { modal, type ModalView } from "./modal.js";

/** Okta's limit on a request message (checked again on submit). */
export const REQUEST_MESSAGE_MAX = 5000;
/** Slack's plain-text input holds at most 3000 characters, below Okta's 5000. */
const MESSAGE_INPUT_MAX = 3000;

export const DENY_REASON_BLOCK = "reason";
export const REQUEST_MESSAGE_BLOCK = "message";
const ACTION = "value";

function multiline(blockId: string, label: string, maxLength: number, hint: string): Block {
  return {
    type: "input",
    block_id: blockId,
    label: { type: "plain_text", text: label },
    hint: { type: "plain_text", text: hint },
    element: { type: "plain_text_input", action_id: ACTION, multiline: true, max_length: maxLength },
  };
}

export function denyModal(meta: DenyMetadata): ModalView {
  return modal({
    callbackId: VIEW_IDS.deny,
    title: "Deny the review",
    blocks: [multiline(DENY_REASON_BLOCK, "Why do you deny it?", LAUNCH_FORM_LIMITS.reason.max, "The requester and the channel see this reason.")],
    submit: "Deny",
    privateMetadata: encodeDenyMetadata(meta),
  });
}

export function requestMessageModal(meta: RequestMessageMetadata): ModalView {
  return modal({
    callbackId: VIEW_IDS.requestMessage,
    title: "Message on request",
    blocks: [
      section(`Your message is added to access request \`${inline(meta.requestId, 40)}\` in Okta.`),
      multiline(REQUEST_MESSAGE_BLOCK, "Message", MESSAGE_INPUT_MAX, "1 to 3000 characters."),
    ],
    submit: "Post",
    privateMetadata: encodeRequestMessageMetadata(meta),
  });
}

/** The text typed in a one-field form, trimmed. */
export function readSingleInput(view: unknown, blockId: string): string {
  return (inputValue(view, blockId, ACTION) ?? "").trim();
}
