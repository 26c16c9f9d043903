/**
 * The launch form as a modal: target (prefilled), reviewers, duration,
 * reason and incident reference. Submitted values are read back into the
 * core's `LaunchFormValues`; errors are keyed by the same field names,
 * which are also the block ids (so `response_action: "errors"` finds them).
 */
import type { ConversationKey } from "../../../governance/actor.js";
import type { TargetInput } from "../../../governance/identity/types.js";
import { parseTargetText } from "../../../governance/identity/parse-target-text.js";
import type { LaunchFormValues } from "../../../governance/replies.js";
import { LAUNCH_FORM_LIMITS } from "../../../governance/sar/launch-form.js";
import { context, section, type Block } from "../render/blocks.js";
import { inline } from "../render/mrkdwn.js";
import { inputValue } from "../payload.js";
import { VIEW_IDS } from "../surface.js";
import { encodeLaunchMetadata, type FlowOrigin, type LaunchMetadata, type PrefilledMention } from "./metadata.js";
import { modal, type ModalView } from "./modal.js";

export const LAUNCH_FIELDS = ["target", "reviewers", "durationDays", "reason", "incidentRef"] as const;
export type LaunchField = (typeof LAUNCH_FIELDS)[number];

const ACTION = "value";
const MENTION = /^<@([UW][A-Z0-9]{1,40})(?:\|([^<>|]{1,100}))?>$/;

/** A prefilled `<@U123|name>` is shown as `@name` (a text box cannot hold a mention) and remembered. */
export function displayTarget(target: string | undefined): { text?: string; mention?: PrefilledMention } {
  if (target === undefined) return {};
  const match = MENTION.exec(target.trim());
  if (match === null) return { text: target };
  const userId = match[1] as string;
  const shown = `@${match[2] ?? userId}`;
  return { text: shown, mention: { userId, shown } };
}

function textInput(field: LaunchField, label: string, options: { initial?: string; hint?: string; optional?: boolean; multiline?: boolean; maxLength?: number; placeholder?: string }): Block {
  return {
    type: "input",
    block_id: field,
    label: { type: "plain_text", text: label },
    optional: options.optional ?? false,
    ...(options.hint !== undefined && { hint: { type: "plain_text" as const, text: options.hint } }),
    element: {
      type: "plain_text_input",
      action_id: ACTION,
      multiline: options.multiline ?? false,
      ...(options.maxLength !== undefined && { max_length: options.maxLength }),
      ...(options.initial !== undefined && options.initial !== "" && { initial_value: options.initial.slice(0, options.maxLength ?? 3000) }),
      ...(options.placeholder !== undefined && { placeholder: { type: "plain_text" as const, text: options.placeholder } }),
    },
  };
}

function errorNote(errors: Record<string, string> | undefined, field: LaunchField): Block[] {
  const text = errors?.[field];
  return text === undefined ? [] : [context(`⚠️ ${inline(text, 1000)}`)];
}

/** The form, with the values to show and (after a failed submit) the core's errors under each field. */
export function launchModal(values: LaunchFormValues, origin: FlowOrigin, errors?: Record<string, string>): ModalView {
  const target = displayTarget(values.target);
  const meta: LaunchMetadata = { ...origin, ...(target.mention !== undefined && { mention: target.mention }) };
  const { durationDays, reason, incidentRef } = LAUNCH_FORM_LIMITS;
  const blocks: Block[] = [];
  const known = new Set<string>(LAUNCH_FIELDS);
  const other = Object.entries(errors ?? {}).filter(([field]) => !known.has(field));
  if (errors !== undefined && Object.keys(errors).length > 0) blocks.push(section("⚠️ Please fix the fields marked below and submit again."));
  for (const [field, text] of other) blocks.push(context(`⚠️ ${inline(field, 40)}: ${inline(text, 1000)}`));
  blocks.push(
    textInput("target", "User under review", {
      ...(target.text !== undefined && { initial: target.text }),
      hint: "An email address, Okta login or Okta user id (00u…); a prefilled @name stands for that Slack user.",
      maxLength: 300,
    }),
    ...errorNote(errors, "target"),
    textInput("reviewers", "Reviewers", {
      initial: values.reviewers.join(", "),
      hint: `Okta logins or email addresses, separated by commas (${LAUNCH_FORM_LIMITS.reviewers.min} to ${LAUNCH_FORM_LIMITS.reviewers.max}). Not the user under review.`,
      maxLength: 2000,
    }),
    ...errorNote(errors, "reviewers"),
    {
      type: "input",
      block_id: "durationDays",
      label: { type: "plain_text", text: "Review duration (days)" },
      element: {
        type: "number_input",
        action_id: ACTION,
        is_decimal_allowed: false,
        min_value: String(durationDays.min),
        max_value: String(durationDays.max),
        ...(Number.isInteger(values.durationDays) && values.durationDays > 0 && { initial_value: String(values.durationDays) }),
      },
    },
    ...errorNote(errors, "durationDays"),
    textInput("reason", "Reason", {
      ...(values.reason !== undefined && { initial: values.reason }),
      hint: "What happened, so reviewers and approvers know why.",
      multiline: true,
      maxLength: reason.max,
    }),
    ...errorNote(errors, "reason"),
    textInput("incidentRef", "Incident reference", {
      ...(values.incidentRef !== undefined && { initial: values.incidentRef }),
      optional: true,
      hint: "Goes into the review's name in Okta, e.g. INC-4711.",
      maxLength: incidentRef.max,
    }),
    ...errorNote(errors, "incidentRef"),
  );
  return modal({ callbackId: VIEW_IDS.launch, blocks, submit: "Submit", close: "Cancel", privateMetadata: encodeLaunchMetadata(meta) });
}

/** The submitted values as the core takes them (the duration stays NaN when it is not a number). */
export function readLaunchValues(view: unknown): LaunchFormValues {
  const text = (field: LaunchField) => inputValue(view, field, ACTION)?.trim();
  const duration = text("durationDays");
  const target = text("target");
  const reason = text("reason");
  const incidentRef = text("incidentRef");
  return {
    ...(target !== undefined && target !== "" && { target }),
    reviewers: (text("reviewers") ?? "")
      .split(/[\s,;]+/)
      .filter((name) => name !== ""),
    durationDays: duration !== undefined && /^\d{1,4}$/.test(duration) ? Number(duration) : Number.NaN,
    ...(reason !== undefined && reason !== "" && { reason }),
    ...(incidentRef !== undefined && incidentRef !== "" && { incidentRef }),
  };
}

/**
 * The target the adapter parsed: the remembered Slack user when the prefilled
 * `@name` was submitted unchanged, else whatever the text names.
 */
export function submittedTarget(values: LaunchFormValues, meta: LaunchMetadata, where: Pick<ConversationKey, "tenantId">): TargetInput | undefined {
  const typed = values.target;
  if (typed === undefined) return undefined;
  if (meta.mention !== undefined && typed === meta.mention.shown) {
    return { kind: "chat-user", user: { platform: "slack", tenantId: where.tenantId, userId: meta.mention.userId } };
  }
  return parseTargetText(typed, { platform: "slack", tenantId: where.tenantId }) ?? undefined;
}
