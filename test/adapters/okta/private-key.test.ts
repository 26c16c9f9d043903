import { createPrivateKey, generateKeyPairSync } from "node:crypto";
import { SignJWT, exportJWK, jwtVerify, type CryptoKey } from "jose";
import { describe, expect, it } from "vitest";
import { importSigningKey, PrivateKeyError } from "../../../src/adapters/okta/private-key.js";

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });

/** The imported key really signs: its signature verifies with the public half. */
async function signsFor(key: { key: CryptoKey; alg: string }, publicKey: ReturnType<typeof createPrivateKey>) {
  const jwt = await new SignJWT({ sub: "x" }).setProtectedHeader({ alg: key.alg }).sign(key.key);
  await expect(jwtVerify(jwt, publicKey)).resolves.toBeTruthy();
}

describe("importing the service app's private key", () => {
  it("reads a PKCS#8 PEM RSA key as RS256", async () => {
    const key = await importSigningKey(rsa.privateKey.export({ type: "pkcs8", format: "pem" }).toString());
    expect(key.alg).toBe("RS256");
    await signsFor(key, rsa.publicKey);
  });

  it("reads a PKCS#1 PEM and takes the configured key id", async () => {
    const pem = rsa.privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    const key = await importSigningKey(pem, "kid-from-config");
    expect(key).toMatchObject({ alg: "RS256", kid: "kid-from-config" });
    await signsFor(key, rsa.publicKey);
  });

  it("reads an EC JWK as ES256 and keeps its kid", async () => {
    const jwk = { ...(await exportJWK(ec.privateKey)), kid: "ec-1" };
    const key = await importSigningKey(JSON.stringify(jwk));
    expect(key).toMatchObject({ alg: "ES256", kid: "ec-1" });
    await signsFor(key, ec.publicKey);
  });

  it("refuses a public key", async () => {
    const pem = rsa.publicKey.export({ type: "spki", format: "pem" }).toString();
    await expect(importSigningKey(pem)).rejects.toBeInstanceOf(PrivateKeyError);
  });

  it("refuses garbage without echoing it", async () => {
    const err = await importSigningKey('{"kty":"RSA","d":"TOPSECRET"}').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrivateKeyError);
    expect((err as Error).message).not.toContain("TOPSECRET");
  });
});
