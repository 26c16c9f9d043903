/** Key pairs: the sandbox's own token-signing key, and keys generated for registered clients. */
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from "jose";
import type { CryptoKey, JWK } from "jose";

/** Signature algorithms accepted for client assertions and DPoP proofs (asymmetric only). */
export const ASYMMETRIC_ALGS = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"] as const;

export interface GeneratedKeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** Public JWK with `kid` (its SHA-256 thumbprint), `alg` and `use: "sig"`. */
  publicJwk: JWK & { kid: string };
  /** Private JWK with the same `kid`, `alg` and `use`. */
  privateJwk: JWK & { kid: string };
  kid: string;
}

/** A fresh key pair (RS256 unless asked for ES256) whose key id is its JWK thumbprint. */
export async function generateSigningKeyPair(alg: "RS256" | "ES256" = "RS256"): Promise<GeneratedKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, modulusLength: 2048 });
  const publicBase = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicBase, "sha256");
  const meta = { kid, alg, use: "sig" };
  return {
    privateKey,
    publicKey,
    publicJwk: { ...publicBase, ...meta },
    privateJwk: { ...(await exportJWK(privateKey)), ...meta },
    kid,
  };
}
