/** Values a policy gets for what it leaves out, and the policy used when there is no file. */
import type { Policy, SarDefaults } from "./policy-types.js";

export const DEFAULT_SAR: SarDefaults = Object.freeze({
  defaultReviewers: Object.freeze([]),
  defaultDurationDays: 7,
  namePrefix: "SAR",
  allowLaunchWithoutForm: false,
  reviewersMayAct: true,
});

export const DEFAULT_APPROVAL_EXPIRY = "30m";

/** The policy in force when no file exists: no roles, nothing allowed. */
export function denyAllPolicy(path: string): Policy {
  return Object.freeze({
    source: "none",
    path,
    roles: Object.freeze([]),
    permissions: Object.freeze({}),
    approval: Object.freeze({ "sar.launch": Object.freeze({ required: false }) }),
    sar: DEFAULT_SAR,
    warnings: Object.freeze([]),
  });
}
