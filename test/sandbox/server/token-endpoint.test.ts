import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { ALL_SCOPES, SAR_MANAGE, USERS_READ, call, credentialsForm, signAssertion, startTestSandbox, tokenRequest } from "./harness.js";

const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

describe("OAuth discovery", () => {
  it("publishes the org issuer, token endpoint, keys and private_key_jwt with DPoP algorithms", async () => {
    const sandbox = await startTestSandbox();
    for (const path of ["/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"]) {
      const { status, body } = await call(`${sandbox.url}${path}`);
      expect(status).toBe(200);
      expect(body.issuer).toBe(sandbox.url);
      expect(body.token_endpoint).toBe(`${sandbox.url}/oauth2/v1/token`);
      expect(body.jwks_uri).toBe(`${sandbox.url}/oauth2/v1/keys`);
      expect(body.token_endpoint_auth_methods_supported).toContain("private_key_jwt");
      expect(body.dpop_signing_alg_values_supported).toEqual(expect.arrayContaining(["ES256", "RS256"]));
    }
  });
});

describe("token endpoint: client credentials with private_key_jwt", () => {
  it("a valid assertion gets a Bearer token, signed by a key from /oauth2/v1/keys, carrying the scopes and client id", async () => {
    const sandbox = await startTestSandbox({ clientKeyAlg: "RS256" });
    expect(sandbox.client.privateJwk).toMatchObject({ kty: "RSA", alg: "RS256", kid: sandbox.client.keyId });
    const { status, body, headers } = await tokenRequest(sandbox, await credentialsForm(sandbox, `${USERS_READ} ${SAR_MANAGE}`));
    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("no-store");
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: `${USERS_READ} ${SAR_MANAGE}` });

    const keys = await call(`${sandbox.url}/oauth2/v1/keys`);
    const { payload } = await jwtVerify(body.access_token as string, createLocalJWKSet(keys.body as never), {
      issuer: sandbox.url,
      currentDate: sandbox.clock.now(),
    });
    expect(payload).toMatchObject({ cid: sandbox.client.clientId, scp: [USERS_READ, SAR_MANAGE], sub: sandbox.client.clientId });
    expect(payload.exp).toBe(sandbox.clock.seconds() + 3600);
    expect(payload.cnf).toBeUndefined();
  });

  it("an assertion signed by a key the client did not register is rejected as invalid_client", async () => {
    const sandbox = await startTestSandbox();
    const { privateKey } = await generateKeyPair("ES256", { extractable: true });
    const stranger = { ...sandbox.client, privateJwk: { ...(await exportJWK(privateKey)), alg: "ES256" } };
    const form = { ...(await credentialsForm(sandbox, USERS_READ)), client_assertion: await signAssertion(sandbox, {}, stranger) };
    const { status, body } = await tokenRequest(sandbox, form);
    expect(status).toBe(401);
    expect(body).toEqual({ error: "invalid_client", error_description: "The client_assertion signature is invalid." });
  });

  it("an assertion whose aud is the issuer rather than the token endpoint is rejected, with Okta's message", async () => {
    const sandbox = await startTestSandbox();
    const { status, body } = await tokenRequest(sandbox, await credentialsForm(sandbox, USERS_READ, { aud: sandbox.url }));
    expect(status).toBe(401);
    expect(body).toEqual({
      error: "invalid_client",
      error_description: "The audience claim for client_assertion must be the endpoint invoked for the request.",
    });
  });

  it("an expired assertion is rejected", async () => {
    const sandbox = await startTestSandbox();
    const form = await credentialsForm(sandbox, USERS_READ, { exp: sandbox.clock.seconds() + 60 });
    sandbox.clock.advance(61_000);
    const { status, body } = await tokenRequest(sandbox, form);
    expect(status).toBe(401);
    expect(body).toMatchObject({ error: "invalid_client", error_description: "The client_assertion token is expired." });
  });

  it("an assertion expiring more than an hour ahead is rejected", async () => {
    const sandbox = await startTestSandbox();
    const form = await credentialsForm(sandbox, USERS_READ, { exp: sandbox.clock.seconds() + 3601 });
    const { status, body } = await tokenRequest(sandbox, form);
    expect(status).toBe(401);
    expect(body.error).toBe("invalid_client");
    expect(body.error_description).toMatch(/too far into the future/);
  });

  it("a replayed assertion (same jti) is rejected after its first use", async () => {
    const sandbox = await startTestSandbox();
    const form = await credentialsForm(sandbox, USERS_READ, { jti: "once-only" });
    expect((await tokenRequest(sandbox, form)).status).toBe(200);
    const replay = await tokenRequest(sandbox, form);
    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ error: "invalid_client", error_description: "The client_assertion token has already been used." });
  });

  it("an assertion for a client the org does not know is rejected", async () => {
    const sandbox = await startTestSandbox();
    const form = await credentialsForm(sandbox, USERS_READ, { iss: "0oaUnknownClient0000", sub: "0oaUnknownClient0000" });
    const { status, body } = await tokenRequest(sandbox, form);
    expect(status).toBe(401);
    expect(body).toEqual({ error: "invalid_client", error_description: "Invalid value for the `client_id` parameter" });
  });

  it("an assertion whose iss differs from sub is rejected", async () => {
    const sandbox = await startTestSandbox();
    const { status, body } = await tokenRequest(sandbox, await credentialsForm(sandbox, USERS_READ, { iss: "someone-else" }));
    expect(status).toBe(401);
    expect(body.error).toBe("invalid_client");
  });

  it("an assertion naming a key id the client does not have is rejected", async () => {
    const sandbox = await startTestSandbox();
    const { status, body } = await tokenRequest(sandbox, await credentialsForm(sandbox, USERS_READ, { kid: "not-a-key" }));
    expect(status).toBe(401);
    expect(body).toEqual({ error: "invalid_client", error_description: "The client_assertion JWT kid is invalid." });
  });

  it("a request with no client credentials is refused with 401 invalid_client", async () => {
    const sandbox = await startTestSandbox();
    const { status, body } = await tokenRequest(sandbox, { grant_type: "client_credentials", scope: USERS_READ });
    expect(status).toBe(401);
    expect(body).toEqual({ error: "invalid_client", error_description: "No client credentials found" });
  });

  it("a wrong client_assertion_type is invalid_request", async () => {
    const sandbox = await startTestSandbox();
    const form = { ...(await credentialsForm(sandbox, USERS_READ)), client_assertion_type: "urn:example:other" };
    const { status, body } = await tokenRequest(sandbox, form);
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_request");
  });

  it("a scope the client was not granted is invalid_scope, and no token is issued", async () => {
    const sandbox = await startTestSandbox();
    const { status, body } = await tokenRequest(sandbox, await credentialsForm(sandbox, `${USERS_READ} okta.users.manage`));
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_scope");
    expect(body.error_description).toContain("okta.users.manage");
    expect(body.access_token).toBeUndefined();
  });

  it("a request without any scope is invalid_scope", async () => {
    const sandbox = await startTestSandbox();
    const { status, body } = await tokenRequest(sandbox, await credentialsForm(sandbox, ""));
    expect(status).toBe(400);
    expect(body).toEqual({ error: "invalid_scope", error_description: "No scopes were requested." });
  });

  it("a grant type other than client_credentials is unsupported_grant_type", async () => {
    const sandbox = await startTestSandbox();
    const form = { ...(await credentialsForm(sandbox, USERS_READ)), grant_type: "password" };
    const { status, body } = await tokenRequest(sandbox, form);
    expect(status).toBe(400);
    expect(body.error).toBe("unsupported_grant_type");
  });

  it("a JSON body instead of a form is invalid_request", async () => {
    const sandbox = await startTestSandbox();
    const form = await credentialsForm(sandbox, USERS_READ);
    const { status, body } = await call(sandbox.server.tokenEndpoint, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(form),
    });
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_request");
  });

  it("a client registered with its own public key gets tokens for exactly its granted scopes", async () => {
    const sandbox = await startTestSandbox();
    const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
    const registered = await sandbox.server.registerClient({ publicJwk: await exportJWK(publicKey), scopes: [USERS_READ] });
    expect(registered.privateJwk).toBeUndefined();
    const ownKeySandbox = { ...sandbox, client: { ...sandbox.client, clientId: registered.clientId, keyId: registered.keyId } };
    const { SignJWT } = await import("jose");
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: "ES256", kid: registered.keyId })
      .setIssuer(registered.clientId)
      .setSubject(registered.clientId)
      .setAudience(sandbox.server.tokenEndpoint)
      .setExpirationTime(sandbox.clock.seconds() + 60)
      .setJti("own-key-1")
      .sign(privateKey);
    const base = { grant_type: "client_credentials", client_assertion_type: ASSERTION_TYPE, client_assertion: assertion };
    expect((await tokenRequest(ownKeySandbox, { ...base, scope: ALL_SCOPES.join(" ") })).body.error).toBe("invalid_scope");
    const granted = await tokenRequest(ownKeySandbox, { ...base, scope: USERS_READ });
    expect(granted.status).toBe(200);
    expect(granted.body.scope).toBe(USERS_READ);
  });
});
