import { generateKeyPair, exportPKCS8 } from "jose";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOktaClient, OktaUnauthorized, PrivateKeyError, type OktaAuth } from "../../../src/adapters/okta/index.js";
import { startFakeOkta, type FakeOkta } from "./support/fake-okta.js";
import { capturingLogger, fakeClock } from "./support/test-kit.js";

const user = { id: "00u1aaaaaaaaaaaaaaaa", status: "ACTIVE", profile: { login: "ada@example.com" } };
const silent = pino({ level: "silent" });

let okta: FakeOkta;
beforeEach(async () => {
  okta = await startFakeOkta();
  okta.setApi(() => ({ status: 200, body: user }));
});
afterEach(async () => {
  await okta.close();
});

function jwtAuth(over: Partial<Extract<OktaAuth, { kind: "privateKeyJwt" }>> = {}): OktaAuth {
  return { kind: "privateKeyJwt", clientId: okta.clientId, privateKey: okta.privateKeyPem, scopes: ["okta.users.read"], dpop: false, ...over };
}

describe("OAuth service-app authentication", () => {
  it("signs the client assertion with aud = the token endpoint, not the issuer", async () => {
    const client = createOktaClient({ orgUrl: okta.orgUrl, auth: jwtAuth(), logger: silent });
    await expect(client.getUser("00u1aaaaaaaaaaaaaaaa")).resolves.toMatchObject({ id: user.id });
    expect(okta.tokenCalls).toHaveLength(1);
    expect(okta.tokenCalls[0]!.assertion.aud).toBe(okta.tokenEndpoint);
    expect(okta.tokenCalls[0]!.scope).toBe("okta.users.read");
    expect(okta.apiCalls[0]!.headers.authorization).toMatch(/^Bearer tok-/);
  });

  it("accepts the key as a JWK (JSON) and sends its kid", async () => {
    const client = createOktaClient({ orgUrl: okta.orgUrl, auth: jwtAuth({ privateKey: okta.privateJwkJson }), logger: silent });
    await client.getUser("00u1aaaaaaaaaaaaaaaa");
    expect(okta.tokenCalls[0]!.kid).toBe(okta.keyId);
  });

  it("lets concurrent calls share one token request", async () => {
    const client = createOktaClient({ orgUrl: okta.orgUrl, auth: jwtAuth(), logger: silent });
    await Promise.all(Array.from({ length: 8 }, () => client.getUser("00u1aaaaaaaaaaaaaaaa")));
    expect(okta.apiCalls).toHaveLength(8);
    expect(okta.tokenCalls).toHaveLength(1);
  });

  it("reuses the token until 60 s before it expires, then gets a new one", async () => {
    okta.setTokenLifetime(300);
    const clock = fakeClock();
    const client = createOktaClient({ orgUrl: okta.orgUrl, auth: jwtAuth(), logger: silent, clock });
    await client.getUser("00u1aaaaaaaaaaaaaaaa");
    clock.advance(239_000);
    await client.getUser("00u1aaaaaaaaaaaaaaaa");
    expect(okta.tokenCalls).toHaveLength(1);
    clock.advance(2_000);
    await client.getUser("00u1aaaaaaaaaaaaaaaa");
    expect(okta.tokenCalls).toHaveLength(2);
    const [first, , third] = okta.apiCalls;
    expect(third!.token).not.toBe(first!.token);
  });

  it("drops a token Okta refuses and retries the call once with a new token", async () => {
    const client = createOktaClient({ orgUrl: okta.orgUrl, auth: jwtAuth(), logger: silent });
    await client.getUser("00u1aaaaaaaaaaaaaaaa");
    okta.validTokens.clear(); // Okta revoked it early
    await expect(client.getUser("00u1aaaaaaaaaaaaaaaa")).resolves.toMatchObject({ id: user.id });
    expect(okta.tokenCalls).toHaveLength(2);
    expect(okta.apiCalls.map((c) => c.token === okta.apiCalls[0]!.token)).toEqual([true, true, false]);
  });

  it("gives up with OktaUnauthorized when a fresh token is refused too (one retry only)", async () => {
    okta.setApi(() => ({ status: 401, body: { errorCode: "E0000011", errorSummary: "Invalid token provided", errorId: "oae123" } }));
    const client = createOktaClient({ orgUrl: okta.orgUrl, auth: jwtAuth(), logger: silent });
    const err = await client.getUser("00u1aaaaaaaaaaaaaaaa").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaUnauthorized);
    expect((err as OktaUnauthorized).errorId).toBe("oae123");
    expect(okta.apiCalls).toHaveLength(2);
    expect(okta.tokenCalls).toHaveLength(2);
  });

  it("reports a key Okta does not know as OktaUnauthorized, without retrying the token request", async () => {
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    const client = createOktaClient({ orgUrl: okta.orgUrl, auth: jwtAuth({ privateKey: await exportPKCS8(privateKey) }), logger: silent });
    await expect(client.getUser("00u1aaaaaaaaaaaaaaaa")).rejects.toBeInstanceOf(OktaUnauthorized);
    expect(okta.tokenCalls).toHaveLength(1);
    expect(okta.apiCalls).toHaveLength(0);
  });

  it("refuses an unreadable private key with an error that does not repeat it", async () => {
    const secret = "-----BEGIN PRIVATE KEY-----\nnot-really-a-key-SECRET\n-----END PRIVATE KEY-----";
    const client = createOktaClient({ orgUrl: okta.orgUrl, auth: jwtAuth({ privateKey: secret }), logger: silent });
    const err = await client.getUser("00u1aaaaaaaaaaaaaaaa").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrivateKeyError);
    expect((err as Error).message).not.toContain("SECRET");
  });

  it("binds tokens with DPoP and answers the nonce challenge at the token endpoint and the API", async () => {
    okta.requireDpop(true);
    const client = createOktaClient({ orgUrl: okta.orgUrl, auth: jwtAuth({ dpop: true }), logger: silent });
    await expect(client.getUser("00u1aaaaaaaaaaaaaaaa")).resolves.toMatchObject({ id: user.id });
    // Token endpoint: challenged without a nonce, then accepted with it.
    expect(okta.tokenCalls.map((c) => c.dpopProof?.nonce === undefined)).toEqual([true, false]);
    // API: the first proof (no resource nonce yet) is challenged, the re-sent one accepted.
    expect(okta.apiCalls).toHaveLength(2);
    const last = okta.apiCalls[1]!;
    expect(last.headers.authorization).toMatch(/^DPoP tok-/);
    expect(last.headers.dpop).toBeTypeOf("string");
    // The nonce is remembered: the next call needs no challenge.
    await client.getUser("00u1aaaaaaaaaaaaaaaa");
    expect(okta.apiCalls).toHaveLength(3);
  });

  it("follows a rotated DPoP nonce on the API without a new token", async () => {
    okta.requireDpop(true);
    const client = createOktaClient({ orgUrl: okta.orgUrl, auth: jwtAuth({ dpop: true }), logger: silent });
    await client.getUser("00u1aaaaaaaaaaaaaaaa");
    okta.rotateNonce();
    await expect(client.getUser("00u1aaaaaaaaaaaaaaaa")).resolves.toMatchObject({ id: user.id });
    expect(okta.apiCalls).toHaveLength(4);
    expect(okta.tokenCalls.filter((c) => c.dpopProof?.nonce !== undefined)).toHaveLength(1);
  });

  it("sends an API token as Authorization: SSWS", async () => {
    okta.validTokens.add("ssws-secret-value");
    const client = createOktaClient({ orgUrl: okta.orgUrl, auth: { kind: "ssws", apiToken: "ssws-secret-value" }, logger: silent });
    await client.getUser("00u1aaaaaaaaaaaaaaaa");
    expect(okta.apiCalls[0]!.headers.authorization).toBe("SSWS ssws-secret-value");
    expect(okta.tokenCalls).toHaveLength(0);
  });

  it("never writes tokens, assertions or proofs into log lines", async () => {
    okta.requireDpop(true);
    const { logger, lines } = capturingLogger();
    const client = createOktaClient({ orgUrl: okta.orgUrl, auth: jwtAuth({ dpop: true }), logger });
    await client.getUser("00u1aaaaaaaaaaaaaaaa");
    okta.validTokens.clear();
    await client.getUser("00u1aaaaaaaaaaaaaaaa").catch(() => undefined);
    expect(lines.length).toBeGreaterThan(0);
    const log = lines.join("\n");
    for (const call of okta.apiCalls) {
      expect(log).not.toContain(call.token);
      expect(log).not.toContain(String(call.headers.dpop));
    }
    expect(log).not.toMatch(/eyJ[\w-]+\.eyJ/); // no JWT at all
  });

  it("refuses a plain-http org URL that is not loopback", () => {
    expect(() => createOktaClient({ orgUrl: new URL("http://acme.okta.com"), auth: jwtAuth(), logger: silent })).toThrow(/https/);
  });
});
