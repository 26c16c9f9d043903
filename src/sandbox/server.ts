/**
 * The sandbox's HTTP server over `node:http`: routes Okta API calls through
 * the request pipeline and `/__sandbox/...` to the control API.
 */
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createAuthority } from "./auth/index.js";
import type { ClientRegistration, NewClient, SignInUser, WebClient, WebClientRegistration } from "./auth/index.js";
import { createCallLog } from "./call-log.js";
import type { CallLog } from "./call-log.js";
import { delay as realDelay, systemClock } from "./clock.js";
import type { SandboxClock } from "./clock.js";
import { SandboxApiError, oktaErrors } from "./contract.js";
import type { SandboxRoute } from "./contract.js";
import { CONTROL_PREFIX, controlRoutes } from "./control.js";
import type { ControlRoute } from "./control.js";
import { createFaults } from "./faults.js";
import type { Faults } from "./faults.js";
import { parseJson, readBody } from "./http-body.js";
import type { RawBody } from "./http-body.js";
import { sendResponse } from "./http-response.js";
import { oktaErrorResponse, serverErrors } from "./okta-error-body.js";
import { createRateLimits } from "./rate-limit.js";
import type { RateLimitSetting, RateLimits } from "./rate-limit.js";
import { handleApiCall, silentLogger } from "./request-pipeline.js";
import type { AnyRoute, SandboxLogger } from "./request-pipeline.js";
import { createRouter } from "./router.js";

export type { SandboxLogger } from "./request-pipeline.js";

export interface SandboxServerOptions {
  /** The org's operations (see `contract.ts`). */
  routes: readonly SandboxRoute[];
  clock?: SandboxClock;
  logger?: SandboxLogger;
  /** Overrides of the default rate limits, by bucket. */
  rateLimits?: Record<string, Partial<RateLimitSetting>>;
  /** The SSWS token; default a fresh random one. */
  apiToken?: string;
  newClientId?: () => string;
  /** Draws for unseeded error-rate faults (default `Math.random`). */
  random?: () => number;
  /** How injected latency waits (default a timer); tests pass a controllable one. */
  delay?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Largest accepted request body (default 1 MiB); larger ones get 413. */
  maxBodyBytes?: number;
  /** Who may sign in at `/oauth2/v1/authorize` (default nobody). */
  signInUsers?: () => SignInUser[];
}

export interface ListenOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The base URL clients use, when it differs from `http://host:port` (e.g. behind a proxy). */
  publicUrl?: string;
  /** The admin host's port (default 0: any free port). */
  adminPort?: number;
  /** The admin host's base URL clients use, when it differs from `http://host:adminPort`. */
  adminPublicUrl?: string;
}

export interface SandboxServer {
  readonly http: Server;
  /** Starts listening; resolves to the base URL (also the issuer). */
  listen(options?: ListenOptions): Promise<string>;
  /** The base URL; throws before `listen`. */
  readonly url: string;
  /**
   * The org's admin host (`https://acme-admin.okta.com` to `https://acme.okta.com`), served on a
   * second loopback port: real Okta puts governance paging links there. Throws before `listen`.
   */
  readonly adminUrl: string;
  readonly tokenEndpoint: string;
  readonly apiToken: string;
  readonly faults: Faults;
  readonly rateLimits: RateLimits;
  readonly calls: CallLog;
  registerClient(registration: ClientRegistration): Promise<NewClient>;
  /** Registers an OIDC web app (authorization code + PKCE). */
  registerWebClient(registration?: WebClientRegistration): WebClient;
  /** Adds a sign-in redirect URI to a web app. */
  allowRedirectUri(clientId: string, uri: string): void;
  /** Stops listening and drops every connection, hanging and keep-alive ones included. */
  close(): Promise<void>;
}

/** Builds the sandbox server around `routes`; call `listen()` to start it. */
export async function createSandboxServer(options: SandboxServerOptions): Promise<SandboxServer> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  let baseUrl: string | undefined;
  let adminBaseUrl: string | undefined;
  const issuer = () => {
    if (baseUrl === undefined) throw new Error("the sandbox server is not listening yet");
    return baseUrl;
  };
  const adminBase = () => {
    if (adminBaseUrl === undefined) throw new Error("the sandbox server is not listening yet");
    return adminBaseUrl;
  };

  const authority = await createAuthority({
    clock,
    issuer,
    ...(options.apiToken ? { apiToken: options.apiToken } : {}),
    ...(options.newClientId ? { newClientId: options.newClientId } : {}),
    ...(options.signInUsers ? { signInUsers: options.signInUsers } : {}),
  });
  const faults = createFaults({ clock, ...(options.random ? { random: options.random } : {}) });
  const rateLimits = createRateLimits({ clock, ...(options.rateLimits ? { settings: options.rateLimits } : {}) });
  const calls = createCallLog({ clock });

  const apiRoutes: { method: SandboxRoute["method"]; path: string; entry: AnyRoute }[] = [
    ...authority.routes.map((route) => ({ method: route.method, path: route.path, entry: { kind: "public" as const, route } })),
    ...options.routes.map((route) => ({ method: route.method, path: route.path, entry: { kind: "org" as const, route } })),
  ];
  const matchApi = createRouter(apiRoutes);
  const matchControl = createRouter(
    controlRoutes({ faults, rateLimits, calls, clock, registerClient: (registration) => authority.registerClient(registration) }),
  );
  const deps = { match: matchApi, guard: authority.guard, faults, rateLimits, calls, clock, logger, maxBodyBytes, delay: options.delay ?? realDelay };

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const aborter = new AbortController();
    res.once("close", () => aborter.abort(new Error("connection closed")));
    const target = parseTarget(req.url);
    const requestBase = baseFrom(req.headers.host, issuer());
    const body = await readBody(req, maxBodyBytes);
    const method = (req.method ?? "GET").toUpperCase();
    if (!target) {
      sendResponse(res, oktaErrorResponse(oktaErrors.badRequest("The request URL is not valid.")));
      return;
    }
    if (target.path.startsWith(CONTROL_PREFIX)) {
      await handleControl(matchControl, res, method, target, body);
      return;
    }
    await handleApiCall(deps, { req, res, method, ...target, body, requestBase, adminBase: adminBase(), signal: aborter.signal });
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    onRequest(req, res).catch((error: unknown) => {
      // Reaching here means the pipeline itself failed (or the client vanished mid-body).
      if (!res.headersSent && !res.destroyed) {
        logger.error({ err: error, method: req.method, path: parseTarget(req.url)?.path }, "sandbox request failed");
        sendResponse(res, oktaErrorResponse(oktaErrors.internal()));
      }
    });
  };
  const http = createServer({ keepAlive: true }, handler);
  // The same org on a second origin, as Okta serves it on `<org>-admin`: a client must follow links there for real.
  const adminHttp = createServer({ keepAlive: true }, handler);

  return {
    http,
    async listen(listenOptions = {}) {
      const host = listenOptions.host ?? "127.0.0.1";
      const port = await listenOn(http, listenOptions.port ?? 0, host);
      const adminPort = await listenOn(adminHttp, listenOptions.adminPort ?? 0, host).catch(async (error: unknown) => {
        await closeServer(http);
        throw error;
      });
      baseUrl = (listenOptions.publicUrl ?? `http://${urlHost(host)}:${port}`).replace(/\/+$/, "");
      adminBaseUrl = (listenOptions.adminPublicUrl ?? `http://${urlHost(host)}:${adminPort}`).replace(/\/+$/, "");
      return baseUrl;
    },
    get url() {
      return issuer();
    },
    get adminUrl() {
      return adminBase();
    },
    get tokenEndpoint() {
      return `${issuer()}/oauth2/v1/token`;
    },
    apiToken: authority.apiToken,
    faults,
    rateLimits,
    calls,
    registerClient: (registration) => authority.registerClient(registration),
    registerWebClient: (registration) => authority.registerWebClient(registration),
    allowRedirectUri: (clientId, uri) => authority.webClients.allowRedirectUri(clientId, uri),
    async close() {
      await Promise.all([closeServer(http), closeServer(adminHttp)]);
    },
  };
}

function listenOn(server: Server, port: number, host: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

async function handleControl(
  match: ReturnType<typeof createRouter<ControlRoute>>,
  res: ServerResponse,
  method: string,
  target: { path: string; query: URLSearchParams },
  body: RawBody,
): Promise<void> {
  try {
    const found = match(method, target.path);
    if (found.kind === "not-found") throw serverErrors.unknownPath(method, target.path);
    if (found.kind === "method-not-allowed") throw serverErrors.methodNotAllowed();
    if (body.kind === "too-large") throw serverErrors.bodyTooLarge(body.received);
    const parsed = parseJson(body.bytes);
    if (parsed.kind === "malformed") throw serverErrors.malformedBody();
    const response = await found.route.handle({
      params: found.params,
      query: target.query,
      body: parsed.kind === "json" ? parsed.value : undefined,
    });
    sendResponse(res, response);
  } catch (error) {
    if (error instanceof SandboxApiError) sendResponse(res, oktaErrorResponse(error));
    else if (error instanceof RangeError) sendResponse(res, oktaErrorResponse(oktaErrors.badRequest(error.message)));
    else throw error;
  }
}

function parseTarget(rawUrl: string | undefined): { path: string; query: URLSearchParams } | undefined {
  try {
    // Prefixing (rather than resolving against a base) keeps `//x` a path, not a host.
    const url = rawUrl?.startsWith("/") ? new URL(`http://sandbox.invalid${rawUrl}`) : new URL(rawUrl ?? "");
    return { path: url.pathname, query: url.searchParams };
  } catch {
    return undefined;
  }
}

/** `http://<Host header>`, or the issuer when the header is absent or not a plain host[:port]. */
function baseFrom(host: string | undefined, fallback: string): string {
  return host && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? `http://${host}` : fallback;
}

function urlHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}
