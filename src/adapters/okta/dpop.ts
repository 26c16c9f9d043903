/**
 * DPoP proofs for Okta API calls (the token endpoint's proofs are made by
 * openid-client with the same key pair), and the server nonces to put in them.
 * @see https://www.rfc-editor.org/rfc/rfc9449.html
 * @see https://developer.okta.com/docs/guides/dpop/nonoktaresourceserver/main/
 */
import { createHash, randomUUID } from "node:crypto";
import { exportJWK, SignJWT, type JWK } from "jose";
import { randomDPoPKeyPair, type CryptoKeyPair } from "openid-client";
import type { Clock } from "../../governance/ports.js";

let processKeyPair: Promise<CryptoKeyPair> | undefined;

/** The process's one DPoP key pair (ES256), made on first use. */
export function processDpopKeyPair(): Promise<CryptoKeyPair> {
  processKeyPair ??= randomDPoPKeyPair("ES256");
  return processKeyPair;
}

/** Signs DPoP proofs with one key pair and remembers each origin's latest nonce. */
export class DpopProver {
  private readonly nonces = new Map<string, string>();
  private publicJwk: Promise<JWK> | undefined;

  constructor(
    private readonly keyPair: CryptoKeyPair,
    private readonly clock: Clock,
    private readonly newId: () => string = randomUUID,
  ) {}

  /** A proof for one request, bound to the access token (`ath`). */
  async proof(method: string, url: URL, accessToken: string): Promise<string> {
    this.publicJwk ??= exportJWK(this.keyPair.publicKey);
    const jwk = await this.publicJwk;
    const nonce = this.nonces.get(url.origin);
    return new SignJWT({
      htm: method.toUpperCase(),
      htu: `${url.origin}${url.pathname}`,
      ath: createHash("sha256").update(accessToken).digest("base64url"),
      ...(nonce === undefined ? {} : { nonce }),
    })
      .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y } })
      .setIssuedAt(Math.floor(this.clock.now().getTime() / 1000))
      .setJti(this.newId())
      .sign(this.keyPair.privateKey);
  }

  /** Keeps the `DPoP-Nonce` a response carries, for the next proof to that origin. */
  rememberNonce(url: URL, headers: Headers): boolean {
    const nonce = headers.get("dpop-nonce");
    if (!nonce || nonce === this.nonces.get(url.origin)) return false;
    this.nonces.set(url.origin, nonce);
    return true;
  }
}
