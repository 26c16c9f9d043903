/**
 * Parses the ids people type into `/sar status|watch|message`: a security
 * access review (`sar...`) or an access request (`req...`). Okta's ids are
 * 20 characters of base62 behind a three-letter prefix; anything else is
 * refused here, before an Okta call is spent on it.
 */
import { ValidationFailed } from "../errors.js";
import { shown } from "../identity/names.js";
import type { AccessRequestId, SarId } from "../okta/types.js";

export type OktaObjectRef = { kind: "sar"; id: SarId } | { kind: "request"; id: AccessRequestId };

const SAR_ID = /^sar[0-9A-Za-z]{17}$/;
const REQUEST_ID = /^req[0-9A-Za-z]{17}$/;
/** What the person typed, quoted and cut short, so an error message cannot be flooded. */
const quoted = (text: string) => `"${shown(text)}"`;

/** A SAR id or an access request id; throws ValidationFailed for anything else. */
export function parseOktaObjectId(raw: string, field = "id"): OktaObjectRef {
  const text = typeof raw === "string" ? raw.trim() : "";
  if (SAR_ID.test(text)) return { kind: "sar", id: text as SarId };
  if (REQUEST_ID.test(text)) return { kind: "request", id: text as AccessRequestId };
  throw new ValidationFailed({
    [field]: `${quoted(text)} is not a security access review id (sar…) or an access request id (req…): Okta ids are 20 letters and digits.`,
  });
}

/** An access request id; throws ValidationFailed for anything else (a SAR id included). */
export function parseRequestId(raw: string, field = "requestId"): AccessRequestId {
  const text = typeof raw === "string" ? raw.trim() : "";
  if (REQUEST_ID.test(text)) return text as AccessRequestId;
  throw new ValidationFailed({ [field]: `${quoted(text)} is not an access request id: they start with "req" and have 20 letters and digits.` });
}

/** True for a string shaped like a SAR id. */
export function isSarId(value: string): value is SarId {
  return SAR_ID.test(value);
}

/** True for a string shaped like an access request id. */
export function isRequestId(value: string): value is AccessRequestId {
  return REQUEST_ID.test(value);
}
