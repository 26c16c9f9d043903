/**
 * One-time download tickets for the audit export (Teams cannot receive a
 * file from a bot without Microsoft Graph, so the admin gets a link). A
 * ticket is 256 random bits; the database keeps only its SHA-256, with the
 * admin it was issued to and the export's `since`, for a few minutes
 * (the store's expiring cache), and redeeming it claims it once (the
 * store's inbound claims), so any replica honours it exactly once.
 */
import { createHash, randomBytes } from "node:crypto";
import type { GovernanceStore, JsonValue } from "../store.js";
import type { ExportedPerson } from "./export-record.js";

export type TicketStore = Pick<GovernanceStore, "putCached" | "getCached" | "claimInbound">;

export interface ExportTicketGrant {
  /** The admin the ticket was issued to; the download is audited in their name. */
  admin: ExportedPerson;
  since: Date | null;
  expiresAt: Date;
}

const TICKET = /^[A-Za-z0-9_-]{43}$/;
const hash = (ticket: string): string => createHash("sha256").update(ticket).digest("hex");
const grantKey = (digest: string): string => `audit-export-ticket:${digest}`;
const useKey = (digest: string): string => `audit-export-ticket-used:${digest}`;

/** Issues a ticket valid for `ttlMs`; the ticket itself is returned once and never stored. */
export async function issueExportTicket(store: TicketStore, grant: Omit<ExportTicketGrant, "expiresAt">, options: { ttlMs: number; now: Date }): Promise<{ ticket: string; expiresAt: Date }> {
  const ticket = randomBytes(32).toString("base64url");
  const expiresAt = new Date(options.now.getTime() + options.ttlMs);
  const value: JsonValue = {
    admin: { ...grant.admin },
    since: grant.since?.toISOString() ?? null,
    expiresAt: expiresAt.toISOString(),
  };
  await store.putCached(grantKey(hash(ticket)), value, { ttlMs: options.ttlMs });
  return { ticket, expiresAt };
}

function readGrant(value: JsonValue | undefined): ExportTicketGrant | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const { admin, since, expiresAt } = value;
  if (typeof admin !== "object" || admin === null || Array.isArray(admin) || typeof expiresAt !== "string") return null;
  const text = (v: JsonValue | undefined): string | null => (typeof v === "string" ? v : null);
  const platform = text(admin.platform);
  return {
    admin: {
      platform: platform === "slack" || platform === "teams" || platform === "cli" ? platform : null,
      tenantId: text(admin.tenantId),
      chatUserId: text(admin.chatUserId),
      oktaUserId: text(admin.oktaUserId),
    },
    since: typeof since === "string" ? new Date(since) : null,
    expiresAt: new Date(expiresAt),
  };
}

/**
 * The grant of `ticket`, claimed for good; null when the ticket is malformed,
 * unknown, expired or was used before (one answer for all: it tells an
 * attacker nothing).
 */
export async function redeemExportTicket(store: TicketStore, ticket: string, options: { now: Date }): Promise<ExportTicketGrant | null> {
  if (!TICKET.test(ticket)) return null;
  const digest = hash(ticket);
  const grant = readGrant(await store.getCached(grantKey(digest)));
  if (grant === null || grant.expiresAt.getTime() <= options.now.getTime()) return null;
  // Claimed for longer than the ticket lives, so a used ticket stays used until it has expired anyway.
  const ttlMs = Math.max(60_000, grant.expiresAt.getTime() - options.now.getTime() + 60_000);
  if (!(await store.claimInbound(useKey(digest), { ttlMs, now: options.now }))) return null;
  return grant;
}
