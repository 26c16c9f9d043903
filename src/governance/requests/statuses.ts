/**
 * The access request (v2) status enum as governance.yaml documents it
 * (`request-status`), and which states a request does not leave.
 */
import { ValidationFailed } from "../errors.js";
import { shown } from "../identity/names.js";

export const REQUEST_STATUSES = ["SUBMITTED", "REJECTED", "PENDING", "APPROVED", "DENIED", "CANCELED", "EXPIRED"] as const;

export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Statuses a request never leaves (Okta's resolved states, APPROVED aside: its grant may still move). */
const CLOSED_STATUSES: readonly string[] = ["REJECTED", "DENIED", "CANCELED", "EXPIRED"];

/** Grant statuses that may still change after approval. */
const OPEN_GRANT_STATUSES: readonly string[] = ["PENDING", "MANUAL_REQUIRED"];

/** A status as typed (any case, spaces around); throws ValidationFailed naming the allowed values. */
export function parseRequestStatus(raw: string, field = "status"): RequestStatus {
  const text = typeof raw === "string" ? raw.trim().toUpperCase() : "";
  const found = REQUEST_STATUSES.find((status) => status === text);
  if (found !== undefined) return found;
  throw new ValidationFailed({ [field]: `"${shown(String(raw))}" is not a request status. Use one of ${REQUEST_STATUSES.join(", ")}.` });
}

/** True once nothing more will happen to a request: resolved, and (if approved) its grant settled. */
export function isFinalRequest(request: { status: string; grantStatus?: unknown }): boolean {
  if (CLOSED_STATUSES.includes(request.status)) return true;
  if (request.status !== "APPROVED") return false;
  return !(typeof request.grantStatus === "string" && OPEN_GRANT_STATUSES.includes(request.grantStatus));
}
