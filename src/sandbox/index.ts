/**
 * `startSandbox()`: a fake Okta org on a loopback port, faithful to the
 * official specs, with a demo OAuth service app ready for the bot. Used by
 * tests, by `npm start` when no Okta is configured, and by `npm run sandbox`.
 */
import type { JWK } from "jose";
import type { ClientRegistration, NewClient, SignInUser, WebClient } from "./auth/index.js";
import type { CallLog } from "./call-log.js";
import { systemClock } from "./clock.js";
import type { SandboxClock } from "./clock.js";
import type { Faults } from "./faults.js";
import { createOrg, sequentialIds } from "./org/index.js";
import type { SandboxOrg } from "./org/index.js";
import type { RateLimitSetting, RateLimits } from "./rate-limit.js";
import { createRoutes } from "./routes/index.js";
import { createSandboxServer } from "./server.js";
import type { SandboxLogger } from "./server.js";
import { BOT_SCOPES } from "./okta-scopes.js";

export type { ClientRegistration, NewClient, SignInUser, WebClient, WebClientRegistration } from "./auth/index.js";
export type { CallFilter, CallLog, CallRecord } from "./call-log.js";
export type { SandboxClock } from "./clock.js";
export type { ActiveFault, FaultRule, FaultScope, Faults } from "./faults.js";
export type { BucketState, RateLimitSetting, RateLimits } from "./rate-limit.js";
export type { SandboxLogger, SandboxServer, SandboxServerOptions } from "./server.js";
export { createSandboxServer } from "./server.js";
export { defaultRateLimits } from "./rate-limit.js";

export { BOT_SCOPES };

/** The demo app's id when `deterministicIds` is set. */
export const DETERMINISTIC_CLIENT_ID = "0oasandboxbot0000001";
/** The demo OIDC web app (step-up sign-in) when `deterministicIds` is set. */
export const DETERMINISTIC_WEB_CLIENT_ID = "0oasandboxweb0000001";

export interface StartSandboxOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The base URL clients use, when not `http://host:port`. */
  publicUrl?: string;
  /** The admin host's port (default 0: any free port). */
  adminPort?: number;
  /** The admin host's base URL clients use, when not `http://host:adminPort`. */
  adminPublicUrl?: string;
  /** `demo` (default) seeds users, groups and requests; `empty` leaves the org bare. */
  seed?: "demo" | "empty";
  clock?: SandboxClock;
  /** Sequential org ids and a fixed demo client id, for runs that compare ids. */
  deterministicIds?: boolean;
  /** How long a new SAR stays PENDING. */
  sarActivationDelayMs?: number;
  /** How long a revoke or restore of a SAR item stays IN_PROGRESS (default 5 s); governance AI on or off (default off). */
  remediationDelayMs?: number;
  governanceAi?: boolean;
  rateLimits?: Record<string, Partial<RateLimitSetting>>;
  logger?: SandboxLogger;
  /** The SSWS token; default a fresh random one. */
  apiToken?: string;
  /** Whether the demo app requires DPoP (Okta's default for new service apps). Default false. */
  requireDpop?: boolean;
  /** The demo app's key algorithm (default RS256). */
  clientKeyAlg?: "RS256" | "ES256";
  /** Draws for unseeded error-rate faults. */
  random?: () => number;
  /** How injected latency waits. */
  delay?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface RunningSandbox {
  /** Base URL of the org, e.g. `http://127.0.0.1:41234` (the `OKTA_ORG_URL`). */
  url: string;
  /** The org's admin host on a second loopback port (where governance paging links point; the client's `adminUrl`). */
  adminUrl: string;
  issuer: string;
  tokenEndpoint: string;
  /** The demo service app. */
  clientId: string;
  privateJwk: JWK;
  keyId: string;
  scopes: string[];
  /** The SSWS token (every scope). */
  apiToken: string;
  org: SandboxOrg;
  faults: Faults;
  rateLimits: RateLimits;
  calls: CallLog;
  registerClient(registration: ClientRegistration): Promise<NewClient>;
  /** The demo OIDC web app (authorization code + PKCE, client secret) for step-up sign-in; no redirect URI until one is allowed. */
  webClient: WebClient;
  /** Adds a sign-in redirect URI to a web app (the bot's `/stepup/callback`, known once it listens). */
  allowRedirectUri(clientId: string, uri: string): void;
  /** Stops the server and drops every connection. */
  close(): Promise<void>;
}

/** Starts the sandbox org and its HTTP server, with a demo service app granted the bot's scopes. */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const clock = options.clock ?? systemClock;
  const org = createOrg({
    seed: options.seed ?? "demo",
    clock: () => clock.now(),
    ...(options.deterministicIds ? { ids: sequentialIds() } : {}),
    ...(options.sarActivationDelayMs !== undefined ? { sarActivationDelayMs: options.sarActivationDelayMs } : {}),
    ...(options.remediationDelayMs !== undefined ? { remediationDelayMs: options.remediationDelayMs } : {}),
    ...(options.governanceAi !== undefined ? { governanceAi: options.governanceAi } : {}),
  });
  const routes = createRoutes(org);
  const server = await createSandboxServer({
    routes,
    clock,
    ...pick(options, ["logger", "rateLimits", "apiToken", "random", "delay"]),
    signInUsers: () => signInUsers(org),
  });
  const scopes = [...new Set([...BOT_SCOPES, ...routes.map((route) => route.scope)])];
  const demo = await server.registerClient({
    scopes,
    requireDpop: options.requireDpop ?? false,
    keyAlg: options.clientKeyAlg ?? "RS256",
    ...(options.deterministicIds ? { clientId: DETERMINISTIC_CLIENT_ID } : {}),
  });
  if (!demo.privateJwk) throw new Error("the sandbox did not generate the demo app's key");
  const webClient = server.registerWebClient(options.deterministicIds ? { clientId: DETERMINISTIC_WEB_CLIENT_ID } : {});
  const url = await server.listen({
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.publicUrl !== undefined ? { publicUrl: options.publicUrl } : {}),
    ...(options.adminPort !== undefined ? { adminPort: options.adminPort } : {}),
    ...(options.adminPublicUrl !== undefined ? { adminPublicUrl: options.adminPublicUrl } : {}),
  });
  return {
    url,
    adminUrl: server.adminUrl,
    issuer: url,
    tokenEndpoint: server.tokenEndpoint,
    clientId: demo.clientId,
    privateJwk: demo.privateJwk,
    keyId: demo.keyId,
    scopes,
    apiToken: server.apiToken,
    org,
    faults: server.faults,
    rateLimits: server.rateLimits,
    calls: server.calls,
    registerClient: (registration) => server.registerClient(registration),
    webClient,
    allowRedirectUri: (clientId, uri) => server.allowRedirectUri(clientId, uri),
    close: () => server.close(),
  };
}

/** The org's ACTIVE users, as the sign-in page lists them. */
function signInUsers(org: SandboxOrg): SignInUser[] {
  return org
    .listUsers()
    .filter((user) => user.status === "ACTIVE")
    .map((user) => {
      const { firstName, lastName, login } = user.profile as { firstName?: unknown; lastName?: unknown; login: string };
      const name = [firstName, lastName].filter((part): part is string => typeof part === "string" && part !== "").join(" ");
      return { id: user.id, login, displayName: name === "" ? login : name };
    });
}

function pick<T extends object, K extends keyof T>(source: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
