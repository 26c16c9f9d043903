/**
 * Starting an audit export (`/sar audit export [since]`, `GET
 * /audit/export`): who may, from when, and how it is delivered. Chat
 * callers need `audit.read`; Slack gets a file to upload, Teams a one-time
 * download link. The HTTP path is opened by the admin token (checked by
 * the HTTP adapter) or by a ticket. Every export is itself audited.
 */
import type { Logger } from "pino";
import type { Actor } from "../actor.js";
import { ValidationFailed } from "../errors.js";
import { isOktaUserId } from "../identity/names.js";
import type { IdentityResolver } from "../identity/types.js";
import type { Clock } from "../ports.js";
import type { Reply } from "../replies.js";
import { errorReplyFor } from "../error-reply.js";
import type { GovernanceStore, JsonValue } from "../store.js";
import type { OktaUserId } from "../okta/types.js";
import type { AuditRecorder } from "./audit-recorder.js";
import { exportAuditLines } from "./export.js";
import type { PermalinkBuilder } from "./export-permalink.js";
import type { ExportedPerson } from "./export-record.js";
import { parseSince } from "./export-since.js";
import { issueExportTicket, redeemExportTicket } from "./export-tickets.js";

/** Where the download route is served. */
export const AUDIT_EXPORT_PATH = "/audit/export";
export const DEFAULT_TICKET_TTL_MS = 5 * 60_000;

export type AuditExportDelivery = "file" | "link";

export type AuditExportStart =
  /** Not allowed, or bad input: show the reply. */
  | { kind: "refused"; reply: Reply }
  /** Upload `lines()` as a `.jsonl` file named `filename`. */
  | { kind: "file"; filename: string; since: Date | null; lines: (signal?: AbortSignal) => AsyncIterable<string> }
  /** Show the one-time link. */
  | { kind: "link"; url: string; expiresAt: Date; since: Date | null };

/** An export opened over HTTP, or why not. */
export type OpenedExport =
  | { ok: true; since: Date | null; filename: string; lines: (signal?: AbortSignal) => AsyncIterable<string> }
  | { ok: false; status: 400 | 403; message: string };

export interface AuditExportService {
  start(actor: Actor, input: { since?: string; delivery: AuditExportDelivery }): Promise<AuditExportStart>;
  /** `GET /audit/export` with the admin token (already checked by the caller). */
  openWithToken(input: { since?: string; user?: string; correlationId: string }): Promise<OpenedExport>;
  /** `GET /audit/export?ticket=…`: a ticket from `start(..., "link")`, once. */
  openWithTicket(ticket: string, input: { correlationId: string }): Promise<OpenedExport>;
}

export interface AuditExportServiceOptions {
  identity: Pick<IdentityResolver, "authorize">;
  store: Pick<GovernanceStore, "queryAudit" | "getLaunch" | "listDecisions" | "putCached" | "getCached" | "claimInbound">;
  audit: AuditRecorder;
  clock: Clock;
  logger: Logger;
  /** The bot's base URL as people reach it (download links); undefined until known. */
  publicUrl: () => string | undefined;
  ticketTtlMs?: number;
  permalink?: PermalinkBuilder;
}

const sinceText = (since: Date | null): JsonValue => since?.toISOString() ?? null;

const USER_USAGE = "Give `user` as an Okta user id: 00u followed by 17 letters or digits.";

/** The `user` filter: null for none, undefined when it is not an Okta user id (an email could match several people). */
function parseExportUser(text: string | undefined): OktaUserId | null | undefined {
  const raw = (text ?? "").trim();
  if (raw === "") return null;
  return isOktaUserId(raw) ? raw : undefined;
}

/** Builds the export service. */
export function createAuditExportService(options: AuditExportServiceOptions): AuditExportService {
  const { identity, store, audit, clock, logger } = options;
  const ttlMs = options.ticketTtlMs ?? DEFAULT_TICKET_TTL_MS;

  const filename = (): string => `oig-chatops-audit-${clock.now().toISOString().replace(/[:.]/g, "-")}.jsonl`;
  const lines = (since: Date | null, user: OktaUserId | null = null) => (signal?: AbortSignal) =>
    exportAuditLines(store, { since, user, ...(options.permalink !== undefined && { permalink: options.permalink }), ...(signal !== undefined && { signal }) });

  async function recordExport(person: ExportedPerson, correlationId: string, details: { [key: string]: JsonValue }): Promise<void> {
    const actor = { ...person, oktaUserId: person.oktaUserId as OktaUserId | null };
    await audit.record({ actor, action: "audit.export", outcome: "succeeded", correlationId, details }, { rethrow: true });
  }

  function refusedSince(err: unknown): OpenedExport | undefined {
    return err instanceof ValidationFailed ? { ok: false, status: 400, message: err.message } : undefined;
  }

  return {
    async start(actor, input) {
      try {
        const admin = await identity.authorize(actor, "audit.read");
        const since = parseSince(input.since, clock.now());
        const who: ExportedPerson = { platform: actor.platform, tenantId: actor.tenantId, chatUserId: actor.userId, oktaUserId: admin.user.id };
        if (input.delivery === "file") {
          await recordExport(who, actor.correlationId, { delivery: "chat-file", since: sinceText(since) });
          return { kind: "file", filename: filename(), since, lines: lines(since) };
        }
        const base = options.publicUrl();
        if (base === undefined) return { kind: "refused", reply: { type: "error", code: "unavailable", message: "The bot's address is not known yet; try again in a moment." } };
        const { ticket, expiresAt } = await issueExportTicket(store, { admin: who, since }, { ttlMs, now: clock.now() });
        await recordExport(who, actor.correlationId, { delivery: "download-link-issued", since: sinceText(since), expiresAt: expiresAt.toISOString() });
        // Relative to the base, so a PUBLIC_URL with a path (https://host/chatops/) keeps it.
        const url = new URL(AUDIT_EXPORT_PATH.slice(1), base.endsWith("/") ? base : `${base}/`);
        url.searchParams.set("ticket", ticket);
        return { kind: "link", url: url.href, expiresAt, since };
      } catch (err) {
        return { kind: "refused", reply: errorReplyFor(err, { logger, correlationId: actor.correlationId }) };
      }
    },

    async openWithToken(input) {
      let since: Date | null;
      try {
        since = parseSince(input.since, clock.now());
      } catch (err) {
        const refused = refusedSince(err);
        if (refused) return refused;
        throw err;
      }
      const user = parseExportUser(input.user);
      if (user === undefined) return { ok: false, status: 400, message: USER_USAGE };
      await recordExport({ platform: null, tenantId: null, chatUserId: null, oktaUserId: null }, input.correlationId, {
        delivery: "http-token",
        since: sinceText(since),
        ...(user !== null && { user }),
      });
      return { ok: true, since, filename: filename(), lines: lines(since, user) };
    },

    async openWithTicket(ticket, input) {
      const grant = await redeemExportTicket(store, ticket, { now: clock.now() });
      if (grant === null) return { ok: false, status: 403, message: "This download link has expired or was already used. Ask the bot for a new one." };
      await recordExport(grant.admin, input.correlationId, { delivery: "download-link-used", since: sinceText(grant.since) });
      return { ok: true, since: grant.since, filename: filename(), lines: lines(grant.since) };
    },
  };
}
