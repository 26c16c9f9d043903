/**
 * `GET /audit/export`: the audit trail as JSON Lines
 * (`application/x-ndjson`), streamed record by record with backpressure.
 * Opened either by the admin token (`Authorization: Bearer
 * <AUDIT_EXPORT_TOKEN>`, compared in constant time; unset: 404, wrong:
 * 401) with `?since=`, or by a one-time `?ticket=` from `/sar audit export`
 * in Teams. Neither the token nor a ticket is ever logged.
 */
import { once } from "node:events";
import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { AUDIT_EXPORT_PATH, type AuditExportService, type OpenedExport } from "../../governance/audit/index.js";
import { sendJson, type HttpServer } from "./server.js";

export interface AuditExportRouteOptions {
  /** AUDIT_EXPORT_TOKEN; null: only tickets open the route, and a bare request answers 404. */
  token: string | null;
  exports: Pick<AuditExportService, "openWithToken" | "openWithTicket">;
  logger: Logger;
}

const digest = (value: string): Buffer => createHash("sha256").update(value, "utf8").digest();

/** Whether the Authorization header carries `token` (hashing first makes the compare constant-time whatever the lengths). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? "")?.[1] ?? "";
  return timingSafeEqual(digest(presented), digest(token)) && presented !== "";
}

async function stream(res: ServerResponse, opened: Extract<OpenedExport, { ok: true }>, logger: Logger, correlationId: string): Promise<void> {
  const aborted = new AbortController();
  res.once("close", () => aborted.abort());
  res.writeHead(200, {
    "content-type": "application/x-ndjson; charset=utf-8",
    "content-disposition": `attachment; filename="${opened.filename}"`,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  let records = 0;
  try {
    for await (const line of opened.lines(aborted.signal)) {
      records += 1;
      if (!res.write(line)) await Promise.race([once(res, "drain"), once(res, "close")]);
      if (aborted.signal.aborted) break;
    }
    res.end();
    logger.info({ correlationId, records, since: opened.since?.toISOString() ?? null }, "audit export streamed");
  } catch (err) {
    if (aborted.signal.aborted) return;
    // The status line is gone: cutting the connection is the only way to say the file is incomplete.
    logger.error({ err, correlationId, records }, "audit export failed while streaming");
    res.destroy();
  }
}

/** Mounts `GET /audit/export`. */
export function mountAuditExport(http: Pick<HttpServer, "route">, options: AuditExportRouteOptions): void {
  const { token, exports, logger } = options;
  http.route("GET", AUDIT_EXPORT_PATH, async (req: IncomingMessage, res: ServerResponse) => {
    const query = new URL(req.url ?? "/", "http://localhost").searchParams;
    const correlationId = `http-audit-export-${randomUUID()}`;
    const ticket = query.get("ticket");
    let opened: OpenedExport;
    if (ticket !== null) {
      opened = await exports.openWithTicket(ticket, { correlationId });
    } else {
      if (token === null) return sendJson(res, 404, { error: "not_found", path: AUDIT_EXPORT_PATH });
      if (!bearerMatches(req.headers.authorization, token)) {
        logger.warn({ correlationId, remote: req.socket.remoteAddress }, "audit export refused: wrong or missing admin token");
        res.setHeader("www-authenticate", 'Bearer realm="audit-export"');
        return sendJson(res, 401, { error: "unauthorized", message: "Send the admin token as Authorization: Bearer <AUDIT_EXPORT_TOKEN>." });
      }
      opened = await exports.openWithToken({ since: query.get("since") ?? undefined, user: query.get("user") ?? undefined, correlationId });
    }
    if (!opened.ok) {
      return sendJson(res, opened.status, { error: opened.status === 400 ? "bad_request" : "forbidden", message: opened.message });
    }
    await stream(res, opened, logger, correlationId);
  });
}
