/** The labels Okta shows for its standard admin roles. */
import type { StandardRoleType } from "./types.js";

export const standardRoleLabels: Record<StandardRoleType, string> = {
  ACCESS_CERTIFICATIONS_ADMIN: "Access Certifications Administrator",
  ACCESS_REQUESTS_ADMIN: "Access Requests Administrator",
  API_ACCESS_MANAGEMENT_ADMIN: "API Access Management Administrator",
  APP_ADMIN: "Application Administrator",
  GROUP_MEMBERSHIP_ADMIN: "Group Membership Administrator",
  HELP_DESK_ADMIN: "Help Desk Administrator",
  ORG_ADMIN: "Organization Administrator",
  READ_ONLY_ADMIN: "Read Only Administrator",
  REPORT_ADMIN: "Report Administrator",
  SUPER_ADMIN: "Super Administrator",
  USER_ADMIN: "Group Administrator",
  WORKFLOWS_ADMIN: "Workflows Administrator",
};
