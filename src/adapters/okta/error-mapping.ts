/**
 * Turns an Okta HTTP error response into the coded errors of `errors.ts`.
 */
import {
  OktaBadRequest,
  OktaError,
  OktaForbidden,
  OktaInvalidResponse,
  OktaNotFound,
  OktaRateLimited,
  OktaUnauthorized,
  OktaUnavailable,
  type OktaErrorDetails,
} from "../../governance/okta/errors.js";

/** Okta's error body (`errorCode`, `errorSummary`, `errorId`, `errorCauses`). */
interface OktaErrorBody {
  errorCode?: string;
  errorSummary?: string;
  errorId?: string;
  causes: string[];
  /** OAuth endpoints answer `{ error, error_description }` instead. */
  oauthError?: string;
}

/** Reads Okta's (or the OAuth endpoints') error body, tolerating anything. */
export function readErrorBody(body: unknown): OktaErrorBody {
  if (typeof body !== "object" || body === null) return { causes: [] };
  const b = body as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : undefined);
  const causes = Array.isArray(b.errorCauses)
    ? b.errorCauses
        .map((c) => (typeof c === "object" && c !== null ? str((c as Record<string, unknown>).errorSummary) : undefined))
        .filter((c): c is string => c !== undefined)
    : [];
  return {
    errorCode: str(b.errorCode),
    errorSummary: str(b.errorSummary) ?? str(b.error_description),
    errorId: str(b.errorId),
    causes,
    oauthError: str(b.error),
  };
}

/**
 * The parameters of a `WWW-Authenticate` challenge, lower-cased names.
 * Handles quoted values with escapes; enough for Okta's Bearer/DPoP challenges.
 */
export function parseAuthenticateParams(header: string | null): Record<string, string> {
  const params: Record<string, string> = {};
  if (!header) return params;
  const re = /([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (const m of header.matchAll(re)) {
    const name = m[1]!.toLowerCase();
    params[name] = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : (m[3] ?? "");
  }
  return params;
}

export interface ErrorResponseContext {
  operation: string;
  status: number;
  headers: Headers;
  body: unknown;
  /** Milliseconds until the rate-limit window resets (computed by the pacer). */
  retryAfterMs: number;
  bucket: string;
}

/** Maps a non-2xx Okta response to the matching coded error. */
export function errorFromResponse(ctx: ErrorResponseContext): OktaError {
  const parsed = readErrorBody(ctx.body);
  const details: OktaErrorDetails = {
    operation: ctx.operation,
    status: ctx.status,
    errorId: parsed.errorId,
    oktaErrorCode: parsed.errorCode ?? parsed.oauthError,
    requestId: ctx.headers.get("x-okta-request-id") ?? undefined,
  };
  const summary = parsed.errorSummary ?? `HTTP ${ctx.status}`;
  const message = `${ctx.operation}: ${summary}`;
  const { status } = ctx;

  if (status === 429) {
    return new OktaRateLimited(message, { ...details, retryAfterMs: ctx.retryAfterMs, bucket: ctx.bucket });
  }
  if (status === 401) return new OktaUnauthorized(message, details);
  if (status === 403) {
    const challenge = parseAuthenticateParams(ctx.headers.get("www-authenticate"));
    const missingScope = challenge.error === "insufficient_scope" ? challenge.scope : undefined;
    return new OktaForbidden(message, { ...details, missingScope });
  }
  if (status === 404) return new OktaNotFound(message, details);
  if (status >= 500) return new OktaUnavailable(message, details);
  if (status >= 400) return new OktaBadRequest(message, { ...details, causes: parsed.causes });
  return new OktaInvalidResponse(`${ctx.operation}: unexpected HTTP ${status}`, details);
}
