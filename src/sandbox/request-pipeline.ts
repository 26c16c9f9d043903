/**
 * One Okta API call through the sandbox: faults, rate limit, injected
 * errors, then the route (public OAuth endpoint, or an org operation behind
 * the access-token and scope checks). Every outcome becomes an Okta-shaped
 * answer; nothing a client sends can crash the process.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ResourceGuard } from "./auth/index.js";
import type { CallLog } from "./call-log.js";
import { randomBase62, type SandboxClock } from "./clock.js";
import { SandboxApiError, oktaErrors } from "./contract.js";
import type { HttpMethod, SandboxResponse, SandboxRoute } from "./contract.js";
import type { FaultTarget, Faults } from "./faults.js";
import { parseJson } from "./http-body.js";
import type { RawBody } from "./http-body.js";
import { sendResponse } from "./http-response.js";
import { oktaErrorResponse, serverErrors } from "./okta-error-body.js";
import type { PublicRoute } from "./public-route.js";
import type { RateLimits } from "./rate-limit.js";
import { rateLimitHeaders } from "./rate-limit.js";
import type { RouteMatch } from "./router.js";

/** Where pino-style log lines go; never handed secrets. */
export interface SandboxLogger {
  debug(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export const silentLogger: SandboxLogger = { debug: () => undefined, error: () => undefined };

export type AnyRoute = { kind: "public"; route: PublicRoute } | { kind: "org"; route: SandboxRoute };

export interface PipelineDeps {
  match(method: string, path: string): RouteMatch<{ method: HttpMethod; path: string; entry: AnyRoute }>;
  guard: ResourceGuard;
  faults: Faults;
  rateLimits: RateLimits;
  calls: CallLog;
  clock: SandboxClock;
  logger: SandboxLogger;
  maxBodyBytes: number;
  delay(ms: number, signal: AbortSignal): Promise<void>;
}

export interface ApiCall {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  path: string;
  query: URLSearchParams;
  body: RawBody;
  requestBase: string;
  /** The org's admin host (where governance links point). */
  adminBase: string;
  /** Aborts when the client goes away or the server closes. */
  signal: AbortSignal;
}

/** Answers one API call (not the control API). */
export async function handleApiCall(deps: PipelineDeps, call: ApiCall): Promise<void> {
  const match = deps.match(call.method, call.path);
  const entry = match.kind === "found" ? match.route.entry : undefined;
  const target: FaultTarget = entry ? { bucket: entry.route.bucket, operationId: entry.route.operationId } : { bucket: "default" };
  let caller = "anonymous";
  // Okta names every answer with a fresh X-Okta-Request-Id (what its support and System Log know the call by).
  const requestId = { "X-Okta-Request-Id": randomBase62(27) };
  const finish = (response: SandboxResponse, rateHeaders: Record<string, string>) => {
    const status = sendResponse(call.res, response, rateHeaders, requestId);
    deps.calls.record({ ...target, method: call.method, path: call.path, status, caller });
    deps.logger.debug({ operationId: target.operationId, method: call.method, path: call.path, status, caller }, "sandbox call");
  };

  const plan = deps.faults.plan(target);
  if (plan.hang) {
    // Never answered: the call ends when the client gives up or the server closes.
    if (!call.signal.aborted) await new Promise((resolve) => call.signal.addEventListener("abort", resolve, { once: true }));
    finish({ status: 0 }, {});
    return;
  }
  if (plan.latencyMs > 0) {
    try {
      await deps.delay(plan.latencyMs, call.signal);
    } catch {
      finish({ status: 0 }, {});
      return;
    }
  }
  if (plan.outageUntil) {
    finish(oktaErrorResponse(oktaErrors.unavailable()), rateLimitHeaders(deps.rateLimits.peek(target.bucket)));
    return;
  }
  if (plan.stormUntil) {
    const { limit } = deps.rateLimits.get(target.bucket);
    const resetAt = Math.ceil(plan.stormUntil.getTime() / 1000);
    finish(oktaErrorResponse(oktaErrors.rateLimited()), rateLimitHeaders({ allowed: false, limit, remaining: 0, resetAt }));
    return;
  }

  const decision = deps.rateLimits.consume(target.bucket);
  const rateHeaders = rateLimitHeaders(decision);
  if (!decision.allowed) {
    finish(oktaErrorResponse(oktaErrors.rateLimited()), rateHeaders);
    return;
  }
  const injected = deps.faults.injectedError(target);
  if (injected !== undefined) {
    const base = oktaErrors.internal();
    finish(oktaErrorResponse(new SandboxApiError(injected, base.errorCode, base.errorSummary)), rateHeaders);
    return;
  }

  try {
    if (match.kind === "not-found") throw serverErrors.unknownPath(call.method, call.path);
    if (match.kind === "method-not-allowed") throw serverErrors.methodNotAllowed();
    if (call.body.kind === "too-large") throw serverErrors.bodyTooLarge(deps.maxBodyBytes);
    const { entry: found } = match.route;
    if (found.kind === "public") {
      const response = await found.route.handle({
        method: found.route.method,
        path: call.path,
        query: call.query,
        headers: call.req.headers,
        rawBody: call.body.bytes,
        requestBase: call.requestBase,
      });
      if (response.caller) caller = response.caller;
      finish(response, rateHeaders);
      return;
    }
    const route = found.route;
    const resource = { method: route.method, path: call.path, headers: call.req.headers, requestBase: call.requestBase, scope: route.scope };
    const who = await deps.guard.authenticate(resource);
    caller = who.kind === "ssws" ? "ssws" : who.clientId;
    deps.guard.authorize(who, resource);
    const parsed = parseJson(call.body.bytes);
    if (parsed.kind === "malformed") throw serverErrors.malformedBody();
    const response = await route.handle({
      method: route.method,
      path: call.path,
      params: match.params,
      query: call.query,
      body: parsed.kind === "json" ? parsed.value : undefined,
      headers: call.req.headers,
      baseUrl: call.requestBase,
      adminBaseUrl: call.adminBase,
      caller: who,
    });
    finish(response, rateHeaders);
  } catch (error) {
    if (error instanceof SandboxApiError) {
      finish(oktaErrorResponse(error), rateHeaders);
      return;
    }
    deps.logger.error({ err: error, operationId: target.operationId, method: call.method, path: call.path }, "sandbox handler failed");
    finish(oktaErrorResponse(oktaErrors.internal()), rateHeaders);
  }
}
