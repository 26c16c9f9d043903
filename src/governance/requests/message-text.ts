/**
 * Request message rules (Okta: 1 to 5000 characters), checked before the
 * call. Length is counted in UTF-16 units, the strictest count Okta may
 * apply, so a message accepted here is never refused there for length.
 */
import { ValidationFailed } from "../errors.js";

export const MESSAGE_LIMITS = { min: 1, max: 5000 } as const;
const PREVIEW = 200;

/** Throws ValidationFailed for an empty or too long message. */
export function checkMessageText(text: string): void {
  if (typeof text !== "string" || text.trim().length === 0) {
    throw new ValidationFailed({ message: "Write the message to post: it must not be empty." });
  }
  if (text.length > MESSAGE_LIMITS.max) {
    throw new ValidationFailed({ message: `A request message may have at most ${MESSAGE_LIMITS.max} characters; this one has ${text.length}.` });
  }
}

/** The start of a message, for the audit trail. */
export function messagePreview(text: string): string {
  const chars = [...text];
  return chars.length <= PREVIEW ? text : `${chars.slice(0, PREVIEW).join("")}…`;
}
