/**
 * Checks an `updateSecurityAccessReview` body (`security-access-review-update-request`):
 * a date-time `endTime` in the future and within six months of the
 * review's creation, and/or `reviewerSettings` with 1 to 10 distinct active
 * users, the principal not among them.
 */
import type { SandboxOrg } from "../org/index.js";
import type { SarView } from "../org/types.js";
import { isObject } from "./body.js";
import { cause, validationFailed, type DetailedErrorCause } from "./errors.js";

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;
const REVIEWERS = "/reviewerSettings/userSettings/includedUserIds";

export interface ValidSarUpdate {
  endTime?: string;
  reviewerIds?: string[];
}

/** The validated patch, or a 400 E0000001 listing every problem. */
export function validateUpdateSar(body: unknown, sar: SarView, org: SandboxOrg, now: Date): ValidSarUpdate {
  if (!isObject(body)) throw validationFailed([cause("/", "must be object", "INVALID_DATA_TYPE")]);
  const causes: DetailedErrorCause[] = [];
  const out: ValidSarUpdate = {};
  if (body.endTime !== undefined) {
    const value = body.endTime;
    if (typeof value !== "string" || !DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
      causes.push(cause("/endTime", 'must match format "date-time"', "STRING_FORMAT_INVALID"));
    } else {
      const latest = new Date(sar.created);
      latest.setUTCMonth(latest.getUTCMonth() + 6);
      if (Date.parse(value) <= now.getTime()) causes.push(cause("/endTime", "must be in the future", "INVALID_VALUE"));
      else if (Date.parse(value) > latest.getTime()) causes.push(cause("/endTime", "must be at most 6 months after the review was created", "INVALID_VALUE"));
      else out.endTime = new Date(value).toISOString();
    }
  }
  if (body.reviewerSettings !== undefined) {
    const reviewerIds = checkReviewers(body.reviewerSettings, sar, org, causes);
    if (reviewerIds !== undefined) out.reviewerIds = reviewerIds;
  }
  if (body.endTime === undefined && body.reviewerSettings === undefined) {
    causes.push(cause("/", "must have property 'endTime' or 'reviewerSettings'", "REQUIRED_PROPERTY_MISSING"));
  }
  if (causes.length > 0) throw validationFailed(causes);
  return out;
}

function checkReviewers(settings: unknown, sar: SarView, org: SandboxOrg, causes: DetailedErrorCause[]): string[] | undefined {
  if (!isObject(settings) || settings.type !== "USER") {
    causes.push(cause("/reviewerSettings/type", "must be equal to one of the allowed values: USER", "INVALID_ENUM_VALUE"));
    return undefined;
  }
  const ids = isObject(settings.userSettings) ? settings.userSettings.includedUserIds : undefined;
  if (!Array.isArray(ids)) {
    causes.push(cause(REVIEWERS, "must have required property 'includedUserIds'", "REQUIRED_PROPERTY_MISSING"));
    return undefined;
  }
  if (ids.length < 1) causes.push(cause(REVIEWERS, "must NOT have fewer than 1 items", "INVALID_ARRAY_LENGTH_UNDER_MIN"));
  if (ids.length > 10) causes.push(cause(REVIEWERS, "must NOT have more than 10 items", "INVALID_ARRAY_LENGTH_OVER_MAX"));
  const valid: string[] = [];
  ids.forEach((id: unknown, index) => {
    const at = `${REVIEWERS}/${index}`;
    const user = typeof id === "string" ? org.findUser(id) : undefined;
    if (typeof id !== "string" || id.length !== 20) causes.push(cause(at, "must be a string of 20 characters", "INVALID_DATA_TYPE"));
    else if (user?.id !== id) causes.push(cause(at, `${id} not found`, "IDENTIFIER_NOT_FOUND"));
    else if (user.status !== "ACTIVE") causes.push(cause(at, `${id} is not an active user`, "INVALID_VALUE"));
    else if (id === sar.principalId) causes.push(cause(at, "the principal of a security access review cannot be one of its reviewers", "INVALID_VALUE"));
    else if (valid.includes(id)) causes.push(cause(at, "must NOT have duplicate items", "INVALID_VALUE"));
    else valid.push(id);
  });
  return valid;
}
