/**
 * Okta's documented input limits, checked before sending so a person gets a
 * clear message and Okta's rate limit is not spent on a certain 400.
 * @see shared/okta-openapi/governance.yaml (security-access-review-request,
 *   security-access-review-comment-request, request-message-creatable)
 */
import { OktaBadRequest } from "../../governance/okta/errors.js";
import type { CreateSarInput } from "../../governance/okta/types.js";

export const LIMITS = {
  sarName: { min: 1, max: 255 },
  sarComment: { min: 1, max: 1000 },
  requestMessage: { min: 1, max: 5000 },
  reviewers: { min: 1, max: 10 },
  /** Okta user ids in SAR bodies are exactly 20 characters. */
  userIdLength: 20,
  pageSize: { min: 1, max: 200 },
  /** Okta: "at least one day and less than six months after creation". */
  sarMaxDaysAhead: 184,
} as const;

function reject(operation: string, cause: string): never {
  throw new OktaBadRequest(`${operation}: ${cause}`, { operation, causes: [cause] });
}

/** Length in characters (code points), as JSON Schema counts. */
function length(text: string): number {
  return [...text].length;
}

/** Checks a text against a length range; blank text never counts as present. */
export function checkText(operation: string, what: string, text: string, range: { min: number; max: number }): void {
  if (typeof text !== "string" || text.trim().length === 0) reject(operation, `${what} must not be empty`);
  const n = length(text);
  if (n < range.min || n > range.max) reject(operation, `${what} must be ${range.min} to ${range.max} characters (it has ${n})`);
}

/** Checks an id that goes into a URL path. */
export function checkId(operation: string, what: string, id: string): void {
  if (typeof id !== "string" || id.trim().length === 0) reject(operation, `${what} must not be empty`);
  // URL parsing would resolve these as path steps and call another endpoint.
  if (id === "." || id === "..") reject(operation, `${what} is not valid`);
}

/** Checks a page size against Okta's 1..200. */
export function checkLimit(operation: string, limit: number | undefined): void {
  if (limit === undefined) return;
  const { min, max } = LIMITS.pageSize;
  if (!Number.isInteger(limit) || limit < min || limit > max) reject(operation, `limit must be a whole number from ${min} to ${max}`);
}

/** Checks a security access review before it is created. */
export function checkCreateSar(operation: string, input: CreateSarInput, now: Date): void {
  checkText(operation, "The review name", input.name, LIMITS.sarName);
  const { reviewerIds, principalId } = input;
  if (typeof principalId !== "string" || principalId.length !== LIMITS.userIdLength) {
    reject(operation, "The review target must be an Okta user id (20 characters)");
  }
  const { min, max } = LIMITS.reviewers;
  if (!Array.isArray(reviewerIds) || reviewerIds.length < min || reviewerIds.length > max) {
    reject(operation, `A review needs ${min} to ${max} reviewers`);
  }
  if (new Set(reviewerIds).size !== reviewerIds.length) reject(operation, "A reviewer is listed twice");
  for (const id of reviewerIds) {
    if (typeof id !== "string" || id.length !== LIMITS.userIdLength) reject(operation, "Every reviewer must be an Okta user id (20 characters)");
  }
  if (reviewerIds.includes(principalId)) reject(operation, "The user under review cannot be one of its reviewers");
  const end = Date.parse(input.endTime);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(input.endTime) || Number.isNaN(end)) reject(operation, "The end time must be an ISO 8601 date-time");
  if (end <= now.getTime()) reject(operation, "The end time must be in the future");
  if (end > now.getTime() + LIMITS.sarMaxDaysAhead * 86_400_000) reject(operation, "The end time must be less than six months ahead");
}
