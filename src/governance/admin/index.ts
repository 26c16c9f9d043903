/** whoami, identity links, the audit trail and help. */
export { createAdminService } from "./admin-service.js";
export type { AdminService, AdminServiceOptions, AuditInput } from "./admin-service.js";
export type { AuditTarget } from "./audit-filter.js";
export { HELP_ENTRIES, helpEntries } from "./help.js";
