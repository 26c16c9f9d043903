/**
 * `/__sandbox/...`: the control API, so benchmarks in another process can set
 * faults and rate limits, register clients and read the call log. Not part
 * of Okta: no auth, no rate limits, no faults, not logged.
 */
import type { ClientRegistration, NewClient } from "./auth/index.js";
import type { CallFilter, CallLog } from "./call-log.js";
import type { SandboxClock } from "./clock.js";
import { oktaErrors } from "./contract.js";
import type { HttpMethod, SandboxResponse } from "./contract.js";
import { parseFaultRule } from "./faults.js";
import type { Faults } from "./faults.js";
import type { RateLimits } from "./rate-limit.js";

export const CONTROL_PREFIX = "/__sandbox/";

export interface ControlRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

export interface ControlRoute {
  method: HttpMethod;
  path: string;
  handle(req: ControlRequest): SandboxResponse | Promise<SandboxResponse>;
}

export interface ControlDeps {
  faults: Faults;
  rateLimits: RateLimits;
  calls: CallLog;
  clock: SandboxClock;
  registerClient(registration: ClientRegistration): Promise<NewClient>;
}

/** The control endpoints; a `RangeError` from bad input becomes Okta's 400. */
export function controlRoutes(deps: ControlDeps): ControlRoute[] {
  const noContent: SandboxResponse = { status: 204 };
  return [
    { method: "GET", path: "/__sandbox/calls", handle: ({ query }) => ({ status: 200, body: { calls: deps.calls.list(callFilter(query)) } }) },
    { method: "DELETE", path: "/__sandbox/calls", handle: () => (deps.calls.clear(), noContent) },
    { method: "GET", path: "/__sandbox/faults", handle: () => ({ status: 200, body: { faults: deps.faults.list() } }) },
    {
      method: "POST",
      path: "/__sandbox/faults",
      handle: ({ body }) => {
        const id = deps.faults.add(parseFaultRule(body, deps.clock.now()));
        return { status: 201, body: deps.faults.list().find((fault) => fault.id === id) };
      },
    },
    { method: "DELETE", path: "/__sandbox/faults", handle: () => (deps.faults.clear(), noContent) },
    {
      method: "DELETE",
      path: "/__sandbox/faults/{faultId}",
      handle: ({ params }) => {
        if (!deps.faults.remove(params.faultId ?? "")) throw oktaErrors.notFound(`fault ${params.faultId}`);
        return noContent;
      },
    },
    { method: "GET", path: "/__sandbox/rate-limits", handle: () => ({ status: 200, body: { buckets: deps.rateLimits.snapshot() } }) },
    {
      method: "PUT",
      path: "/__sandbox/rate-limits/{bucket}",
      handle: ({ params, body }) => {
        const bucket = params.bucket ?? "";
        const setting = asObject(body);
        deps.rateLimits.set(bucket, {
          limit: setting.limit as number,
          ...(setting.windowMs !== undefined ? { windowMs: setting.windowMs as number } : {}),
        });
        return { status: 200, body: { bucket, ...deps.rateLimits.get(bucket) } };
      },
    },
    { method: "DELETE", path: "/__sandbox/rate-limits", handle: () => (deps.rateLimits.reset(), noContent) },
    {
      method: "POST",
      path: "/__sandbox/clients",
      handle: async ({ body }) => {
        const raw = asObject(body);
        const registration: ClientRegistration = { scopes: raw.scopes as string[] };
        if (raw.clientId !== undefined) registration.clientId = raw.clientId as string;
        if (raw.publicJwk !== undefined) registration.publicJwk = asObject(raw.publicJwk);
        if (raw.keyAlg !== undefined) registration.keyAlg = raw.keyAlg as "RS256";
        if (raw.requireDpop !== undefined) {
          if (typeof raw.requireDpop !== "boolean") throw new RangeError('"requireDpop" must be a boolean');
          registration.requireDpop = raw.requireDpop;
        }
        return { status: 201, body: await deps.registerClient(registration) };
      },
    },
  ];
}

function callFilter(query: URLSearchParams): CallFilter {
  const filter: CallFilter = {};
  const operationId = query.get("operationId");
  const caller = query.get("caller");
  const status = query.get("status");
  if (operationId) filter.operationId = operationId;
  if (caller) filter.caller = caller;
  if (status) filter.status = Number(status);
  return filter;
}

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new RangeError("the body must be a JSON object");
  return value as Record<string, unknown>;
}
