/** The OAuth service apps the sandbox knows: their public keys, granted scopes and DPoP setting. */
import { calculateJwkThumbprint, importJWK } from "jose";
import type { JWK } from "jose";
import { randomBase62 } from "../clock.js";
import { ASYMMETRIC_ALGS, generateSigningKeyPair } from "./keys.js";

export interface ClientRegistration {
  /** Defaults to a fresh Okta-style app id (`0oa...`). */
  clientId?: string;
  /** The client's public key; absent: the sandbox generates a key pair and returns the private half. */
  publicJwk?: JWK;
  /** The Okta API scopes granted to the app. */
  scopes: string[];
  /** Okta's "Require DPoP header in token requests". */
  requireDpop?: boolean;
  /** The algorithm of a generated key pair (default RS256; ES256 is much faster to generate). */
  keyAlg?: "RS256" | "ES256";
}

export interface RegisteredClient {
  clientId: string;
  publicJwks: (JWK & { kid: string; alg: string })[];
  scopes: string[];
  requireDpop: boolean;
}

export interface NewClient {
  clientId: string;
  keyId: string;
  publicJwk: JWK;
  /** Present when the sandbox generated the key pair. */
  privateJwk?: JWK;
  scopes: string[];
  requireDpop: boolean;
}

export interface ClientRegistry {
  register(registration: ClientRegistration): Promise<NewClient>;
  get(clientId: string): RegisteredClient | undefined;
}

/** A new Okta-style app id: `0oa` and 17 characters. */
export const newClientId = (): string => `0oa${randomBase62(17)}`;

/** An in-memory client registry. */
export function createClientRegistry(options: { newClientId?: () => string } = {}): ClientRegistry {
  const clients = new Map<string, RegisteredClient>();
  const nextId = options.newClientId ?? newClientId;
  return {
    async register(registration) {
      const clientId = registration.clientId ?? nextId();
      if (!/^[A-Za-z0-9._-]{1,100}$/.test(clientId)) throw new RangeError("clientId must be 1-100 characters of [A-Za-z0-9._-]");
      if (clients.has(clientId)) throw new RangeError(`client ${clientId} is already registered`);
      const scopes = validScopes(registration.scopes);
      const requireDpop = registration.requireDpop ?? false;
      let publicJwk: JWK & { kid: string; alg: string };
      let privateJwk: JWK | undefined;
      if (registration.publicJwk) {
        publicJwk = await acceptPublicJwk(registration.publicJwk);
      } else {
        const alg = registration.keyAlg ?? "RS256";
        if (alg !== "RS256" && alg !== "ES256") throw new RangeError('keyAlg must be "RS256" or "ES256"');
        const pair = await generateSigningKeyPair(alg);
        publicJwk = { ...pair.publicJwk, alg };
        privateJwk = pair.privateJwk;
      }
      clients.set(clientId, { clientId, publicJwks: [publicJwk], scopes, requireDpop });
      return { clientId, keyId: publicJwk.kid, publicJwk, ...(privateJwk ? { privateJwk } : {}), scopes, requireDpop };
    },
    get: (clientId) => clients.get(clientId),
  };
}

function validScopes(scopes: unknown): string[] {
  if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === "string" && /^[\x21\x23-\x5B\x5D-\x7E]+$/.test(s))) {
    throw new RangeError("scopes must be a list of OAuth scope tokens");
  }
  return [...new Set(scopes as string[])];
}

/** Checks a caller-supplied public key and fills in `kid` and `alg` like Okta does. */
async function acceptPublicJwk(jwk: JWK): Promise<JWK & { kid: string; alg: string }> {
  if (typeof jwk !== "object" || jwk === null) throw new RangeError("publicJwk must be a JWK object");
  if ("d" in jwk || "p" in jwk || "k" in jwk) throw new RangeError("publicJwk must hold a public key only");
  const alg = jwk.alg ?? defaultAlg(jwk);
  if (!(ASYMMETRIC_ALGS as readonly string[]).includes(alg)) throw new RangeError(`unsupported key algorithm ${alg}`);
  try {
    await importJWK(jwk, alg);
  } catch (cause) {
    throw new RangeError("publicJwk is not a usable public key", { cause });
  }
  const kid = jwk.kid ?? (await calculateJwkThumbprint(jwk, "sha256"));
  return { ...jwk, kid, alg };
}

function defaultAlg(jwk: JWK): string {
  if (jwk.kty === "RSA") return "RS256";
  if (jwk.kty === "EC") return { "P-256": "ES256", "P-384": "ES384", "P-521": "ES512" }[jwk.crv ?? ""] ?? "ES256";
  return "unknown";
}
