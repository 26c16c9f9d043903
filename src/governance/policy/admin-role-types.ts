/**
 * Okta's standard admin role types (`RoleType` in management.yaml, minus
 * `CUSTOM`), so the policy can tell a role type from a custom role label.
 */
export const STANDARD_ADMIN_ROLE_TYPES = [
  "ACCESS_CERTIFICATIONS_ADMIN",
  "ACCESS_REQUESTS_ADMIN",
  "API_ACCESS_MANAGEMENT_ADMIN",
  "APP_ADMIN",
  "GROUP_MEMBERSHIP_ADMIN",
  "HELP_DESK_ADMIN",
  "MOBILE_ADMIN",
  "ORG_ADMIN",
  "READ_ONLY_ADMIN",
  "REPORT_ADMIN",
  "SUPER_ADMIN",
  "USER_ADMIN",
  "WORKFLOWS_ADMIN",
] as const;

/** True when `value` is a standard admin role type such as `SUPER_ADMIN` (exact case). */
export function isStandardAdminRoleType(value: string): boolean {
  return (STANDARD_ADMIN_ROLE_TYPES as readonly string[]).includes(value);
}
