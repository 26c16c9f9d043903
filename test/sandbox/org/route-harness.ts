/**
 * Calls the org's route handlers directly (no HTTP server), the way the
 * sandbox server does after authenticating: a `SandboxRequest` in, a
 * `SandboxResponse` out, Okta errors rendered as the server renders them.
 */
import { SandboxApiError } from "../../../src/sandbox/contract.js";
import type { SandboxRequest, SandboxResponse, SandboxRoute } from "../../../src/sandbox/contract.js";
import { oktaErrorResponse } from "../../../src/sandbox/okta-error-body.js";
import { createOrg, sequentialIds } from "../../../src/sandbox/org/index.js";
import type { OrgOptions, SandboxOrg } from "../../../src/sandbox/org/index.js";
import { createRoutes } from "../../../src/sandbox/routes/index.js";

export const BASE_URL = "http://127.0.0.1:4010";
export const T0 = new Date("2025-06-02T09:00:00.000Z");

export interface Call {
  params?: Record<string, string>;
  query?: Record<string, string> | URLSearchParams;
  body?: unknown;
  caller?: SandboxRequest["caller"];
}

export interface CalledResponse extends SandboxResponse {
  /** The URL the call stands for (path with params filled in, plus the query). */
  url: string;
  method: string;
  /** The Okta error the handler threw, when it threw one. */
  error?: SandboxApiError;
}

/** A fake clock starting at `T0` that only moves when told to. */
export function fakeClock(start: Date = T0) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

/** An org on a fake clock with deterministic ids, and a `call(operationId, ...)` into its routes. */
export function orgHarness(options: OrgOptions = {}) {
  const clock = fakeClock();
  const org: SandboxOrg = createOrg({ clock: clock.now, ids: sequentialIds(), sarActivationDelayMs: 60_000, ...options });
  const routes = createRoutes(org);

  async function call(operationId: string, init: Call = {}): Promise<CalledResponse> {
    const route = routes.find((r) => r.operationId === operationId);
    if (!route) throw new Error(`no route ${operationId}`);
    const params = init.params ?? {};
    const path = fillPath(route, params);
    const query = new URLSearchParams(init.query);
    const req: SandboxRequest = {
      method: route.method,
      path,
      params,
      query,
      body: init.body,
      headers: {},
      baseUrl: BASE_URL,
      caller: init.caller ?? { kind: "oauth", clientId: "0oabotclient00000001", scopes: [route.scope] },
    };
    const url = `${path}${query.size > 0 ? `?${query.toString()}` : ""}`;
    try {
      return { ...(await route.handle(req)), url, method: route.method };
    } catch (error) {
      if (!(error instanceof SandboxApiError)) throw error;
      return { ...oktaErrorResponse(error, "oaeTestErrorId0000000000"), url, method: route.method, error };
    }
  }

  return { org, clock, routes, call };
}

function fillPath(route: SandboxRoute, params: Record<string, string>): string {
  return route.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}

/** The URL of `rel="next"` in a `Link` header, if any. */
export function nextLink(response: SandboxResponse): URL | undefined {
  const header = response.headers?.link ?? "";
  const match = /<([^>]+)>;\s*rel="next"/.exec(header);
  return match?.[1] ? new URL(match[1]) : undefined;
}
