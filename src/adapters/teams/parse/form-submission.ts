/**
 * The launch form's submitted values (task module `value.data`, or an
 * `Action.Execute`'s `value.action.data`), read defensively: the client
 * can send anything. Checking the values is the core's job; this only
 * shapes them.
 */
import type { LaunchFormValues } from "../../../governance/replies.js";
import { FORM_FIELDS } from "../render/launch-form-card.js";
import type { Mention } from "./message-text.js";

export interface FormSubmission {
  values: LaunchFormValues;
  /** The @mention the target field was prefilled from, when the field still shows it. */
  mention?: Mention;
}

function text(data: Record<string, unknown>, field: string, max = 5000): string | undefined {
  const value = data[field];
  if (typeof value !== "string") return undefined;
  return value.slice(0, max);
}

/** A mention carried in card data (`{ id, name }`), read defensively. */
export function readMention(value: unknown): Mention | undefined {
  const m = value as { id?: unknown; name?: unknown } | null | undefined;
  if (typeof m?.id !== "string" || m.id.length === 0 || m.id.length > 200) return undefined;
  return { id: m.id, name: typeof m.name === "string" ? m.name.slice(0, 200) : m.id };
}

/** Teams sends an Input.Number's value as a string; anything not a whole number stays NaN for the core to refuse. */
function days(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^\s*\d{1,6}\s*$/.test(value)) return Number(value);
  return Number.NaN;
}

/** The values in `data`. */
export function readFormSubmission(data: unknown): FormSubmission {
  const d = typeof data === "object" && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  const target = text(d, FORM_FIELDS.target, 400)?.trim();
  const reviewers = text(d, FORM_FIELDS.reviewers, 4000) ?? "";
  const reason = text(d, FORM_FIELDS.reason);
  const incidentRef = text(d, FORM_FIELDS.incidentRef, 400);
  const mention = readMention(d.mention);
  const values: LaunchFormValues = {
    reviewers: reviewers.split(/[\s,;]+/).filter((r) => r !== ""),
    durationDays: days(d[FORM_FIELDS.durationDays]),
    ...(target ? { target } : {}),
    ...(reason !== undefined && { reason }),
    ...(incidentRef !== undefined && { incidentRef }),
  };
  const stillMention = mention !== undefined && target === `@${mention.name}`;
  return { values, ...(stillMention && { mention }) };
}
