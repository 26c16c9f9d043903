/** The audit trail: recording decisions and events, and reading them back page by page. */
export { auditActor, createAuditRecorder } from "./audit-recorder.js";
export type { AuditRecorder, AuditRecorderOptions, RecordOptions } from "./audit-recorder.js";
export { MAX_AUDIT_PAGE, readAudit } from "./read-audit.js";
export type { AuditPage, ReadAuditQuery } from "./read-audit.js";
