/**
 * Routes the server answers itself, before any access-token check: the
 * OAuth/OIDC endpoints authenticate their callers on their own terms.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { HttpMethod, SandboxResponse } from "./contract.js";

export interface PublicRequest {
  method: HttpMethod;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body as received (the token endpoint reads a form, not JSON). */
  rawBody: Buffer;
  /** `http://<host>` as the client reached the sandbox. */
  requestBase: string;
}

export interface PublicResponse extends SandboxResponse {
  /** Who called, when the route could tell (an OAuth client id). */
  caller?: string;
}

export interface PublicRoute {
  operationId: string;
  method: HttpMethod;
  path: string;
  bucket: string;
  handle(req: PublicRequest): PublicResponse | Promise<PublicResponse>;
}
