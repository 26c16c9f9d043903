/**
 * The seam between the sandbox's HTTP server (auth, scopes, rate limits,
 * faults, error bodies) and its org (data and per-operation handlers).
 * The server authenticates and meters a request, then calls the matching
 * route's handler; a handler throws `SandboxApiError` for Okta errors.
 * The sandbox imports nothing from the bot.
 */
import type { IncomingHttpHeaders } from "node:http";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface SandboxRequest {
  method: HttpMethod;
  /** Path without query, e.g. `/governance/api/v2/requests/req123`. */
  path: string;
  /** Path parameters by their OpenAPI names, e.g. `{ requestId: "req123" }`. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body, or `undefined` when there was none. */
  body: unknown;
  headers: IncomingHttpHeaders;
  /** Base URL of the sandbox as the client reached it (for `Link` headers and `_links`). */
  baseUrl: string;
  /**
   * The org's admin host (`<org>-admin`), where real Okta points governance `_links` and paging
   * `Link`s; the management API links back to `baseUrl`. Absent: `baseUrl`.
   */
  adminBaseUrl?: string;
  /** Who called: the OAuth client id, or `ssws` for an API token. */
  caller: { kind: "oauth"; clientId: string; scopes: string[] } | { kind: "ssws" };
}

export interface SandboxResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface SandboxRoute {
  /** The operationId in shared/okta-openapi (governance.yaml / management.yaml). */
  operationId: string;
  method: HttpMethod;
  /** OpenAPI path template, e.g. `/governance/api/v2/requests/{requestId}`. */
  path: string;
  /** OAuth scope the operation requires (from the spec's `security`). */
  scope: string;
  /** Rate-limit bucket name, e.g. `governance-sar`, `governance-requests`, `users`. */
  bucket: string;
  handle(req: SandboxRequest): SandboxResponse | Promise<SandboxResponse>;
}

export interface OktaErrorCause {
  errorSummary: string;
}

/** An Okta API error; the server renders it as Okta's error body with a fresh `errorId`. */
export class SandboxApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly errorSummary: string,
    readonly errorCauses: OktaErrorCause[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(errorSummary);
    this.name = "SandboxApiError";
  }
}

/** Okta's common errors, with the codes and summaries the real org sends. */
export const oktaErrors = {
  notFound: (what = "Resource") =>
    new SandboxApiError(404, "E0000007", `Not found: ${what}`),
  badRequest: (summary: string, causes: string[] = []) =>
    new SandboxApiError(
      400,
      "E0000001",
      summary,
      causes.map((errorSummary) => ({ errorSummary })),
    ),
  forbidden: () =>
    new SandboxApiError(403, "E0000006", "You do not have permission to perform the requested action"),
  unauthorized: () => new SandboxApiError(401, "E0000011", "Invalid token provided"),
  rateLimited: () =>
    new SandboxApiError(429, "E0000047", "API call exceeded rate limit due to too many requests."),
  internal: () => new SandboxApiError(500, "E0000009", "Internal Server Error"),
  unavailable: () => new SandboxApiError(503, "E0000010", "Service is in read only mode"),
} as const;
