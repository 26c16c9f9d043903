/**
 * Imports the service app's private key (PEM, PKCS#8 or PKCS#1, or a JWK as
 * JSON) as a WebCrypto key for signing client assertions.
 */
import { createPrivateKey, type KeyObject } from "node:crypto";
import { importJWK, type CryptoKey, type JWK } from "jose";

export interface SigningKey {
  key: CryptoKey;
  /** JWS algorithm the key signs with (`RS256`, `ES256`, ...). */
  alg: string;
  /** Key id: the configured one, else the JWK's `kid`. */
  kid?: string;
}

/** Thrown for a key that cannot be read; the message never repeats the key. */
export class PrivateKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PrivateKeyError";
  }
}

function algorithmFor(key: KeyObject, jwkAlg: unknown): string {
  if (typeof jwkAlg === "string" && jwkAlg.length > 0) return jwkAlg;
  if (key.asymmetricKeyType === "rsa") return "RS256";
  if (key.asymmetricKeyType === "ec") {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === "prime256v1") return "ES256";
    if (curve === "secp384r1") return "ES384";
    if (curve === "secp521r1") return "ES512";
  }
  throw new PrivateKeyError(`Unsupported private key type for Okta client assertions: ${key.asymmetricKeyType ?? "unknown"}`);
}

/** Reads a PEM or JWK-JSON private key; `keyId` overrides the JWK's `kid`. */
export async function importSigningKey(material: string, keyId?: string): Promise<SigningKey> {
  const text = material.trim();
  let parsedJwk: Record<string, unknown> | undefined;
  let keyObject: KeyObject;
  try {
    if (text.startsWith("{")) {
      parsedJwk = JSON.parse(text) as Record<string, unknown>;
      keyObject = createPrivateKey({ key: parsedJwk as never, format: "jwk" });
    } else {
      keyObject = createPrivateKey(text);
    }
  } catch {
    throw new PrivateKeyError("The Okta private key is neither a PEM private key nor a private JWK (JSON)");
  }
  if (keyObject.type !== "private") throw new PrivateKeyError("The Okta key is not a private key");
  const alg = algorithmFor(keyObject, parsedJwk?.alg);
  const jwk = keyObject.export({ format: "jwk" }) as JWK;
  const key = await importJWK({ ...jwk, alg }, alg);
  if (key instanceof Uint8Array) throw new PrivateKeyError("The Okta key must be an asymmetric private key");
  const kid = keyId ?? (typeof parsedJwk?.kid === "string" ? parsedJwk.kid : undefined);
  return kid === undefined ? { key, alg } : { key, alg, kid };
}
