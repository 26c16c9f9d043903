/** Renders Okta's error body (`errorCode`, `errorSummary`, `errorLink`, `errorId`, `errorCauses`). */
import { randomBase62 } from "./clock.js";
import { SandboxApiError } from "./contract.js";
import type { OktaErrorCause, SandboxResponse } from "./contract.js";

export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  /** Each cause as the handler gave it (governance adds `reason`, `location`, ...). */
  errorCauses: OktaErrorCause[];
}

/** A fresh Okta-style error id (`oae` + 22 characters). */
export function newErrorId(): string {
  return `oae${randomBase62(22)}`;
}

/** The HTTP response Okta sends for `error`; `errorId` is fresh each time. */
export function oktaErrorResponse(error: SandboxApiError, errorId: string = newErrorId()): SandboxResponse {
  const body: OktaErrorBody = {
    errorCode: error.errorCode,
    errorSummary: error.errorSummary,
    errorLink: error.errorCode,
    errorId,
    errorCauses: error.errorCauses.map((cause) => ({ ...cause })),
  };
  return { status: error.status, body, headers: { ...error.headers } };
}

/** Errors the server itself raises, with the codes Okta uses for them. */
export const serverErrors = {
  /** Okta answers a path it does not know with E0000007. */
  unknownPath: (method: string, path: string) =>
    new SandboxApiError(404, "E0000007", `Not found: Resource not found: ${path} (${method})`),
  methodNotAllowed: () =>
    new SandboxApiError(405, "E0000022", "The endpoint does not support the provided HTTP method"),
  malformedBody: () => new SandboxApiError(400, "E0000003", "The request body was not well-formed."),
  bodyTooLarge: (limit: number) =>
    new SandboxApiError(413, "E0000003", `The request body was too large (limit ${limit} bytes).`),
} as const;
