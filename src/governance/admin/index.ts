/** whoami, identity links, the audit trail, the configuration doctor and help. */
export { createAdminService } from "./admin-service.js";
export type { AdminService, AdminServiceOptions, AuditInput } from "./admin-service.js";
export type { AuditTarget } from "./audit-filter.js";
export { helpEntries } from "./help.js";
export { DOCTOR_ACTION, DOCTOR_UNAVAILABLE, type DoctorPort } from "./doctor.js";
