/**
 * `startSandbox()` end to end with the org's own routes, driven by
 * openid-client the way the bot drives Okta.
 */
import { importJWK } from "jose";
import type { CryptoKey } from "jose";
import * as oidc from "openid-client";
import { afterEach, describe, expect, it } from "vitest";
import { startSandbox } from "../../../src/sandbox/index.js";
import type { RunningSandbox, StartSandboxOptions } from "../../../src/sandbox/index.js";

const running: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sandbox) => sandbox.close()));
});

async function start(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const sandbox = await startSandbox({ clientKeyAlg: "ES256", ...options });
  running.push(sandbox);
  return sandbox;
}

/** openid-client configured like the bot: private_key_jwt with `aud` set to the token endpoint, as Okta demands. */
async function oidcConfig(sandbox: RunningSandbox, setAudience = true): Promise<oidc.Configuration> {
  const key = (await importJWK(sandbox.privateJwk, sandbox.privateJwk.alg)) as CryptoKey;
  const auth = oidc.PrivateKeyJwt(
    { key, kid: sandbox.keyId },
    setAudience
      ? {
          [oidc.modifyAssertion]: (_header, payload) => {
            payload.aud = sandbox.tokenEndpoint;
          },
        }
      : {},
  );
  return oidc.discovery(new URL(sandbox.url), sandbox.clientId, undefined, auth, { execute: [oidc.allowInsecureRequests] });
}

describe("startSandbox", () => {
  it("serves the demo org to the demo app through openid-client's client-credentials grant", async () => {
    const sandbox = await start();
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.issuer).toBe(sandbox.url);
    expect(sandbox.tokenEndpoint).toBe(`${sandbox.url}/oauth2/v1/token`);
    expect(sandbox.scopes).toEqual(expect.arrayContaining(["okta.users.read", "okta.governance.securityAccessReviews.admin.manage"]));

    const config = await oidcConfig(sandbox);
    const tokens = await oidc.clientCredentialsGrant(config, { scope: "okta.users.read" });
    expect(tokens.token_type.toLowerCase()).toBe("bearer");
    const response = await oidc.fetchProtectedResource(config, tokens.access_token, new URL(`${sandbox.url}/api/v1/users?limit=2`), "GET");
    expect(response.status).toBe(200);
    expect(response.headers.get("x-rate-limit-limit")).toBe("600");
    expect(Array.isArray(await response.json())).toBe(true);
    expect(sandbox.calls.count({ operationId: "listUsers", status: 200 })).toBe(1);
  });

  it("refuses openid-client's default assertion audience (the issuer) with Okta's invalid_client message", async () => {
    const sandbox = await start();
    const config = await oidcConfig(sandbox, false);
    await expect(oidc.clientCredentialsGrant(config, { scope: "okta.users.read" })).rejects.toMatchObject({
      error: "invalid_client",
      error_description: "The audience claim for client_assertion must be the endpoint invoked for the request.",
    });
  });

  it("with requireDpop, openid-client's DPoP handle gets through the nonce challenge and calls the API", async () => {
    const sandbox = await start({ requireDpop: true });
    const config = await oidcConfig(sandbox);
    const dpop = oidc.getDPoPHandle(config, await oidc.randomDPoPKeyPair("ES256"));
    const tokens = await oidc.clientCredentialsGrant(config, { scope: "okta.users.read" }, { DPoP: dpop });
    expect(tokens.token_type.toLowerCase()).toBe("dpop");
    const url = new URL(`${sandbox.url}/api/v1/users?limit=1`);
    const response = await oidc.fetchProtectedResource(config, tokens.access_token, url, "GET", undefined, undefined, { DPoP: dpop });
    expect(response.status).toBe(200);
  });

  it("the SSWS token reaches the org's routes", async () => {
    const sandbox = await start({ seed: "empty" });
    const response = await fetch(`${sandbox.url}/api/v1/users`, { headers: { authorization: `SSWS ${sandbox.apiToken}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([]);
  });

  it("deterministicIds fixes the demo app's id", async () => {
    const sandbox = await start({ deterministicIds: true });
    expect(sandbox.clientId).toBe("0oasandboxbot0000001");
  });

  it("close() returns while a keep-alive connection is still open", async () => {
    const sandbox = await start();
    await fetch(`${sandbox.url}/.well-known/openid-configuration`, { headers: { connection: "keep-alive" } });
    await sandbox.close();
    await expect(fetch(`${sandbox.url}/.well-known/openid-configuration`)).rejects.toThrow();
  });
});
