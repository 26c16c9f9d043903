/**
 * The Okta errors the org's handlers raise, with the codes, summaries and
 * cause details the specs' examples show (governance adds `reason`,
 * `location`, `locationType` and `domain` to each cause).
 */
import { SandboxApiError } from "../contract.js";
import type { OktaErrorCause } from "../contract.js";

export interface DetailedErrorCause extends OktaErrorCause {
  reason?: string;
  locationType?: "body" | "query" | "path";
  location?: string;
  domain?: string;
}

/** A cause of a governance validation error. */
export function cause(
  location: string,
  errorSummary: string,
  reason: string,
  locationType: DetailedErrorCause["locationType"] = "body",
): DetailedErrorCause {
  return { errorSummary, reason, locationType, location, domain: "governance" };
}

/** 400 E0000001 "Api validation failed: ..." naming the first problem, with every problem as a cause. */
export function validationFailed(causes: DetailedErrorCause[]): SandboxApiError {
  const first = causes[0];
  const summary = first ? `Api validation failed: ${first.location ?? ""} ${first.errorSummary}`.replace(/\s+/g, " ") : "Api validation failed.";
  return new SandboxApiError(400, "E0000001", summary.trim(), causes);
}

/** 400 E0000053, Okta governance's answer to a filter it cannot use. */
export function invalidScimFilter(detail: string): SandboxApiError {
  return new SandboxApiError(400, "E0000053", "Invalid SCIM filter.", [
    cause("/filter", `Invalid filter syntax. ${detail}`, "STRING_FORMAT_INVALID", "query"),
  ]);
}

/** 400 E0000031, the users API's answer to a `search` or `filter` it cannot use. */
export function invalidSearchCriteria(detail: string): SandboxApiError {
  return new SandboxApiError(400, "E0000031", "Invalid search criteria.", [{ errorSummary: detail }]);
}

/** 400 E0000029 "Invalid paging request." (bad `after`, `limit` or `orderBy`). */
export function invalidPaging(parameter: string, errorSummary: string, reason: string): SandboxApiError {
  return new SandboxApiError(400, "E0000029", "Invalid paging request.", [
    cause(`/${parameter}`, errorSummary, reason, "query"),
  ]);
}

/** 404 E0000007 as the governance API words it. */
export function governanceNotFound(): SandboxApiError {
  return new SandboxApiError(404, "E0000007", "Resource not found exception.");
}

/** 404 E0000007 as the management API words it (`Not found: Resource not found: <id> (User)`). */
export function managementNotFound(id: string, kind: string): SandboxApiError {
  return new SandboxApiError(404, "E0000007", `Not found: Resource not found: ${id} (${kind})`);
}
