/**
 * Checks a `createSecurityAccessReview` body the way Okta does: the schema
 * (`security-access-review-request`) and the rules behind it: the principal
 * is an existing user, 1 to 10 existing active reviewers, the principal is
 * not one of them, and the review ends 1 day to 6 months from now.
 */
import type { SandboxOrg } from "../org/index.js";
import { isObject } from "./body.js";
import { cause, validationFailed } from "./errors.js";
import type { DetailedErrorCause } from "./errors.js";

export interface ValidSarRequest {
  name: string;
  principalId: string;
  reviewerIds: string[];
  endTime: string;
}

const DAY_MS = 86_400_000;
/** When the body has no `endTime`. */
export const DEFAULT_SAR_DURATION_DAYS = 30;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** The validated request, or a 400 E0000001 listing every problem. */
export function validateCreateSar(body: unknown, org: SandboxOrg, now: Date): ValidSarRequest {
  if (!isObject(body)) throw validationFailed([cause("/", "must be object", "INVALID_DATA_TYPE")]);
  const causes: DetailedErrorCause[] = [];
  const name = checkString(body, "name", 1, 255, causes);
  const principalId = checkString(body, "principalId", 20, 20, causes);
  if (principalId !== undefined && !isUser(org, principalId)) {
    causes.push(cause("/principalId", `${principalId} not found`, "IDENTIFIER_NOT_FOUND"));
  }
  const reviewerIds = checkReviewers(body, org, causes);
  if (principalId !== undefined && reviewerIds?.includes(principalId)) {
    causes.push(
      cause(
        "/reviewerSettings/userSettings/includedUserIds",
        "the principal of a security access review cannot be one of its reviewers",
        "INVALID_VALUE",
      ),
    );
  }
  const endTime = checkEndTime(body, now, causes);
  if (causes.length > 0 || name === undefined || principalId === undefined || reviewerIds === undefined || endTime === undefined) {
    throw validationFailed(causes);
  }
  return { name, principalId, reviewerIds, endTime };
}

function checkString(
  body: Record<string, unknown>,
  field: string,
  min: number,
  max: number,
  causes: DetailedErrorCause[],
): string | undefined {
  const value = body[field];
  const at = `/${field}`;
  if (value === undefined || value === null) {
    causes.push(cause(at, `must have required property '${field}'`, "REQUIRED_PROPERTY_MISSING"));
  } else if (typeof value !== "string") {
    causes.push(cause(at, "must be string", "INVALID_DATA_TYPE"));
  } else if (value.length < min) {
    causes.push(cause(at, `must NOT have fewer than ${min} characters`, "INVALID_STRING_LENGTH_UNDER_MIN"));
  } else if (value.length > max) {
    causes.push(cause(at, `must NOT have more than ${max} characters`, "INVALID_STRING_LENGTH_OVER_MAX"));
  } else {
    return value;
  }
  return undefined;
}

function checkReviewers(body: Record<string, unknown>, org: SandboxOrg, causes: DetailedErrorCause[]): string[] | undefined {
  const settings = body.reviewerSettings;
  if (!isObject(settings)) {
    causes.push(cause("/reviewerSettings", "must have required property 'reviewerSettings'", "REQUIRED_PROPERTY_MISSING"));
    return undefined;
  }
  if (settings.type !== "USER") {
    causes.push(cause("/reviewerSettings/type", "must be equal to one of the allowed values: USER", "INVALID_ENUM_VALUE"));
  }
  const at = "/reviewerSettings/userSettings/includedUserIds";
  const ids = isObject(settings.userSettings) ? settings.userSettings.includedUserIds : undefined;
  if (!Array.isArray(ids)) {
    causes.push(cause(at, "must have required property 'includedUserIds'", "REQUIRED_PROPERTY_MISSING"));
    return undefined;
  }
  if (ids.length < 1) causes.push(cause(at, "must NOT have fewer than 1 items", "INVALID_ARRAY_LENGTH_UNDER_MIN"));
  if (ids.length > 10) causes.push(cause(at, "must NOT have more than 10 items", "INVALID_ARRAY_LENGTH_OVER_MAX"));
  const valid: string[] = [];
  ids.forEach((id: unknown, index) => {
    const item = `${at}/${index}`;
    if (typeof id !== "string" || id.length !== 20) {
      causes.push(cause(item, "must be a string of 20 characters", "INVALID_DATA_TYPE"));
    } else if (!isUser(org, id)) {
      causes.push(cause(item, `${id} not found`, "IDENTIFIER_NOT_FOUND"));
    } else if (org.findUser(id)?.status !== "ACTIVE") {
      causes.push(cause(item, `${id} is not an active user`, "INVALID_VALUE"));
    } else if (valid.includes(id)) {
      causes.push(cause(item, "must NOT have duplicate items", "INVALID_VALUE"));
    } else {
      valid.push(id);
    }
  });
  return valid;
}

function checkEndTime(body: Record<string, unknown>, now: Date, causes: DetailedErrorCause[]): string | undefined {
  const value = body.endTime;
  if (value === undefined) return new Date(now.getTime() + DEFAULT_SAR_DURATION_DAYS * DAY_MS).toISOString();
  if (typeof value !== "string" || !DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    causes.push(cause("/endTime", 'must match format "date-time"', "STRING_FORMAT_INVALID"));
    return undefined;
  }
  const end = Date.parse(value);
  const latest = new Date(now);
  latest.setUTCMonth(latest.getUTCMonth() + 6);
  if (end < now.getTime() + DAY_MS) {
    causes.push(cause("/endTime", "must be at least 1 day in the future", "INVALID_VALUE"));
  } else if (end > latest.getTime()) {
    causes.push(cause("/endTime", "must be at most 6 months in the future", "INVALID_VALUE"));
  } else {
    return new Date(end).toISOString();
  }
  return undefined;
}

function isUser(org: SandboxOrg, id: string): boolean {
  return org.findUser(id)?.id === id;
}
