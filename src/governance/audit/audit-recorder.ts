/**
 * Writes the audit trail without letting a failed write break the flow it
 * records: the failure is logged at error level and swallowed, unless the
 * caller says the entry is required (then it is re-raised).
 */
import type { Logger } from "pino";
import type { ChatUserRef } from "../actor.js";
import type { OktaUserId } from "../okta/types.js";
import type { AuditActor, AuditEntry, GovernanceStore, NewAuditEntry } from "../store.js";
import type { OktaRequestLedger } from "./okta-request-ledger.js";

export interface RecordOptions {
  /** Re-raise a failed write (for flows that must not proceed unaudited). */
  rethrow?: boolean;
}

export interface AuditRecorder {
  /** Appends `entry`; resolves to the stored entry, or null when the write failed and was logged. */
  record(entry: NewAuditEntry, options: RecordOptions & { rethrow: true }): Promise<AuditEntry>;
  record(entry: NewAuditEntry, options?: RecordOptions): Promise<AuditEntry | null>;
}

export interface AuditRecorderOptions {
  store: Pick<GovernanceStore, "appendAudit">;
  logger: Logger;
  /** Okta's request ids of each flow's calls, attached to the flow's next entry as `details.oktaRequests`. */
  oktaRequests?: Pick<OktaRequestLedger, "take">;
}

/** `entry` with the Okta calls its flow made since its previous entry (none: unchanged). */
function withOktaRequests(entry: NewAuditEntry, ledger: Pick<OktaRequestLedger, "take"> | undefined): NewAuditEntry {
  if (ledger === undefined || entry.correlationId === undefined || entry.correlationId === null) return entry;
  const calls = ledger.take(entry.correlationId);
  if (calls.length === 0) return entry;
  const oktaRequests = calls.map((call) => ({ operation: call.operation, status: call.status, requestId: call.requestId }));
  return { ...entry, details: { ...entry.details, oktaRequests } };
}

/** An AuditRecorder over `store.appendAudit`. */
export function createAuditRecorder(options: AuditRecorderOptions): AuditRecorder {
  const { store, logger } = options;
  async function record(entry: NewAuditEntry, recordOptions?: RecordOptions): Promise<AuditEntry | null> {
    try {
      return await store.appendAudit(withOktaRequests(entry, options.oktaRequests));
    } catch (err) {
      // Only identifiers are logged: details and reasons may quote what people typed.
      logger.error(
        { err, audit: { action: entry.action, outcome: entry.outcome, correlationId: entry.correlationId ?? undefined } },
        "audit write failed",
      );
      if (recordOptions?.rethrow === true) throw err;
      return null;
    }
  }
  return { record } as AuditRecorder;
}

/** The audit trail's view of a chat user, with the Okta user they were mapped to when known. */
export function auditActor(user: Pick<ChatUserRef, "platform" | "tenantId" | "userId">, oktaUserId?: OktaUserId | null): AuditActor {
  return { platform: user.platform, tenantId: user.tenantId, chatUserId: user.userId, oktaUserId: oktaUserId ?? null };
}
