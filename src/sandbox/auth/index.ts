/** The sandbox's authorization server: clients, tokens, DPoP, and the guard for API calls. */
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

export type { ClientRegistration, NewClient } from "./clients.js";
export type { Caller, ResourceCall, ResourceGuard } from "./resource-auth.js";

export interface Authority {
  /** Discovery, keys and token endpoints. */
  routes: PublicRoute[];
  guard: ResourceGuard;
  clients: ClientRegistry;
  /** The SSWS API token that grants every scope. */
  apiToken: string;
  registerClient(registration: ClientRegistration): Promise<NewClient>;
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
}): Promise<Authority> {
  const { clock, issuer } = options;
  const signingKey = await processSigningKey();
  const tokens = createAccessTokens({ key: signingKey, issuer, clock });
  const replay = createReplayCache(clock);
  const nonces = createDpopNonces(clock);
  const clients = createClientRegistry(options.newClientId ? { newClientId: options.newClientId } : {});
  const apiToken = options.apiToken ?? newApiToken();
  return {
    routes: [
      ...discoveryRoutes({ issuer, signingJwks: () => [signingKey.publicJwk] }),
      tokenRoute({ clients, tokens, replay, nonces, clock }),
    ],
    guard: createResourceGuard({ tokens, apiTokens: () => [apiToken], replay, clock, issuer }),
    clients,
    apiToken,
    registerClient: (registration) => clients.register(registration),
  };
}
