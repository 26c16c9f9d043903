/** The sandbox's authorization server: clients, tokens, DPoP, web apps' sign-in, and the guard for API calls. */
import type { SandboxClock } from "../clock.js";
import { randomBase62 } from "../clock.js";
import type { PublicRoute } from "../public-route.js";
import { createAccessTokens } from "./access-tokens.js";
import { createClientRegistry } from "./clients.js";
import type { ClientRegistration, ClientRegistry, NewClient } from "./clients.js";
import { discoveryRoutes } from "./discovery.js";
import { createDpopNonces } from "./dpop.js";
import { generateSigningKeyPair } from "./keys.js";
import type { GeneratedKeyPair } from "./keys.js";
import { createReplayCache } from "./replay-cache.js";
import { createResourceGuard } from "./resource-auth.js";
import type { ResourceGuard } from "./resource-auth.js";
import { tokenRoute } from "./token-endpoint.js";
import { authorizeRoutes, type SignInUser } from "./authorize.js";
import { createAuthorizationCodes } from "./code-grant.js";
import { createWebClients, type WebClient, type WebClientRegistration, type WebClients } from "./web-clients.js";

export type { ClientRegistration, NewClient } from "./clients.js";
export type { Caller, ResourceCall, ResourceGuard } from "./resource-auth.js";
export type { SignInUser } from "./authorize.js";
export type { WebClient, WebClientRegistration } from "./web-clients.js";

export interface Authority {
  /** Discovery, keys and token endpoints. */
  routes: PublicRoute[];
  guard: ResourceGuard;
  clients: ClientRegistry;
  /** The SSWS API token that grants every scope. */
  apiToken: string;
  registerClient(registration: ClientRegistration): Promise<NewClient>;
  /** OIDC web apps (authorization code + PKCE), e.g. the bot's step-up client. */
  webClients: WebClients;
  registerWebClient(registration?: WebClientRegistration): WebClient;
}

let sharedSigningKey: Promise<GeneratedKeyPair> | undefined;

/**
 * The token-signing key, generated once per process: RSA key generation
 * costs a noticeable fraction of a second, and sandboxes in one process
 * still refuse each other's tokens because the issuer (the port) differs.
 */
function processSigningKey(): Promise<GeneratedKeyPair> {
  sharedSigningKey ??= generateSigningKeyPair();
  void sharedSigningKey.catch(() => {
    sharedSigningKey = undefined;
  });
  return sharedSigningKey;
}

/** A new Okta-style SSWS API token (`00` and 40 characters). */
export const newApiToken = (): string => `00${randomBase62(40)}`;

/** Builds the authorization server; `issuer` is read per call (the port is known only after listen). */
export async function createAuthority(options: {
  clock: SandboxClock;
  issuer: () => string;
  apiToken?: string;
  newClientId?: () => string;
  /** Who may sign in at the authorize page (default nobody). */
  signInUsers?: () => SignInUser[];
}): Promise<Authority> {
  const { clock, issuer } = options;
  const signingKey = await processSigningKey();
  const tokens = createAccessTokens({ key: signingKey, issuer, clock });
  const replay = createReplayCache(clock);
  const nonces = createDpopNonces(clock);
  const clients = createClientRegistry(options.newClientId ? { newClientId: options.newClientId } : {});
  const apiToken = options.apiToken ?? newApiToken();
  const webClients = createWebClients();
  const codes = createAuthorizationCodes({ clients: webClients, key: signingKey, tokens, issuer, clock });
  return {
    routes: [
      ...discoveryRoutes({ issuer, signingJwks: () => [signingKey.publicJwk] }),
      tokenRoute({ clients, tokens, replay, nonces, clock, codes }),
      ...authorizeRoutes({ clients: webClients, codes, users: options.signInUsers ?? (() => []), clock }),
    ],
    guard: createResourceGuard({ tokens, apiTokens: () => [apiToken], replay, clock, issuer }),
    clients,
    apiToken,
    registerClient: (registration) => clients.register(registration),
    webClients,
    registerWebClient: (registration) => webClients.register(registration),
  };
}
