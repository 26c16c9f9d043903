/**
 * What a watch remembers about the object it watches, as the store's
 * `lastStatus` text. A request's grant can still move after approval, so
 * its state is `STATUS` or `STATUS/GRANT_STATUS`; a SAR's is its status.
 */
import type { AccessRequest, SecurityAccessReview } from "../okta/types.js";
import { isFinalRequest } from "../requests/statuses.js";

/** The remembered state of a request. */
export function requestState(request: { status: AccessRequest["status"]; grantStatus?: unknown }): string {
  return typeof request.grantStatus === "string" && request.grantStatus !== "" ? `${request.status}/${request.grantStatus}` : request.status;
}

/** The status part of a remembered state (what people are told was the previous status). */
export function statusOf(state: string | null): string | null {
  return state === null ? null : (state.split("/")[0] ?? state);
}

/** SARs stop changing once CLOSED; ERROR is Okta's end state for a review it could not build. */
export function isFinalSar(sar: Pick<SecurityAccessReview, "status">): boolean {
  return sar.status === "CLOSED" || sar.status === "ERROR";
}

export { isFinalRequest };
