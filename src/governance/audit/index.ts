/** The audit trail: recording decisions and events, and reading them back page by page. */
export { auditActor, createAuditRecorder } from "./audit-recorder.js";
export type { AuditRecorder, AuditRecorderOptions, RecordOptions } from "./audit-recorder.js";
export { MAX_AUDIT_PAGE, readAudit } from "./read-audit.js";
export type { AuditPage, ReadAuditQuery } from "./read-audit.js";
export { createOktaRequestLedger } from "./okta-request-ledger.js";
export type { OktaCallNote, OktaRequestLedger, OktaRequestLedgerOptions } from "./okta-request-ledger.js";
export { exportAuditLines, exportAuditRecords, SINCE_SLACK_MS } from "./export.js";
export type { AuditExportQuery, AuditExportSource } from "./export.js";
export { AUDIT_EXPORT_FORMAT, toExportRecord } from "./export-record.js";
export type { AuditExportRecord, ExportedApproval, ExportedPerson, ExportedPolicyDecision } from "./export-record.js";
export { noPermalink } from "./export-permalink.js";
export type { ChatLocation, PermalinkBuilder } from "./export-permalink.js";
export { parseSince, SINCE_USAGE } from "./export-since.js";
export { AUDIT_EXPORT_PATH, createAuditExportService, DEFAULT_TICKET_TTL_MS } from "./export-service.js";
export type { AuditExportDelivery, AuditExportService, AuditExportServiceOptions, AuditExportStart, OpenedExport } from "./export-service.js";
