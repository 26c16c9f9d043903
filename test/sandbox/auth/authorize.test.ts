/**
 * The sandbox's authorization-code flow for web apps: the sign-in page, the
 * redirect with a one-time code, and its exchange (PKCE, client secret) for
 * an ID token naming the user who signed in — driven with openid-client the
 * way the bot's step-up does, each token exchange held to oauth.yaml.
 */
import * as oidc from "openid-client";
import { afterEach, describe, expect, it } from "vitest";
import { startSandbox, type RunningSandbox } from "../../../src/sandbox/index.js";
import { DEMO_USERS } from "../../../src/sandbox/org/index.js";
import { contractErrors, loadOktaContract, oktaSpecsPresent, type OktaContract } from "../../support/okta-openapi.js";
import { recordingFetch } from "../../support/recording-fetch.js";
import { sharedAbsentMessage } from "../../support/shared-dir.js";

const REDIRECT = "http://127.0.0.1:9/stepup/callback";
const running: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function sandbox(): Promise<RunningSandbox> {
  const s = await startSandbox({ seed: "demo" });
  running.push(s);
  s.allowRedirectUri(s.webClient.clientId, REDIRECT);
  return s;
}

async function client(s: RunningSandbox, fetchImpl: typeof fetch = fetch): Promise<oidc.Configuration> {
  const config = await oidc.discovery(new URL(s.url), s.webClient.clientId, s.webClient.clientSecret, undefined, {
    execute: [oidc.allowInsecureRequests],
    [oidc.customFetch]: (url, init) => fetchImpl(url, init),
  });
  return config;
}

interface Started {
  url: URL;
  verifier: string;
  state: string;
  nonce: string;
}

async function begin(config: oidc.Configuration, extra: Record<string, string> = {}): Promise<Started> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: "openid",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    max_age: "0",
    ...extra,
  });
  return { url, verifier, state, nonce };
}

/** Signs in at the page as `userId` the way its form posts; returns where the org redirects. */
async function signIn(started: Started, userId: string): Promise<URL> {
  const page = await fetch(started.url);
  expect(page.status).toBe(200);
  expect(page.headers.get("content-type")).toMatch(/^text\/html/);
  const form = new URLSearchParams(started.url.searchParams);
  form.set("sandbox_user", userId);
  const posted = await fetch(new URL("/oauth2/v1/authorize", started.url), {
    method: "POST",
    body: form,
    redirect: "manual",
  });
  expect(posted.status).toBe(302);
  return new URL(posted.headers.get("location") ?? "");
}

describe("sandbox /oauth2/v1/authorize", () => {
  it("lists the org's active demo users on its sign-in page, escaped, and none who are suspended", async () => {
    const s = await sandbox();
    const started = await begin(await client(s));
    const html = await (await fetch(started.url)).text();
    expect(html).toContain(`value="${DEMO_USERS.bob.id}"`);
    expect(html).toContain(DEMO_USERS.bob.login);
    expect(html).not.toContain(DEMO_USERS.sam.id);
    expect(html).toContain(`name="code_challenge" value="${started.url.searchParams.get("code_challenge")}"`);
  });

  it("redirects with a code whose exchange yields an ID token for the user who signed in, with nonce, auth_time and acr", async () => {
    const s = await sandbox();
    const { fetch: recording, exchanges } = recordingFetch();
    const config = await client(s, recording);
    const started = await begin(config, { acr_values: "urn:okta:loa:2fa:any" });
    const back = await signIn(started, DEMO_USERS.bob.id);
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get("state")).toBe(started.state);

    const tokens = await oidc.authorizationCodeGrant(config, back, {
      pkceCodeVerifier: started.verifier,
      expectedState: started.state,
      expectedNonce: started.nonce,
      maxAge: 0,
    });
    const claims = tokens.claims();
    expect(claims).toMatchObject({ iss: s.url, aud: s.webClient.clientId, sub: DEMO_USERS.bob.id, nonce: started.nonce, acr: "urn:okta:loa:2fa:any", amr: ["pwd"] });
    expect(typeof claims?.auth_time).toBe("number");

    expect(exchanges.filter((e) => e.request.url.endsWith("/oauth2/v1/token"))).toHaveLength(1);
  });

  it.skipIf(!oktaSpecsPresent)(oktaSpecsPresent ? "its code exchange (request and response) matches oauth.yaml" : sharedAbsentMessage, async () => {
    const s = await sandbox();
    const { fetch: recording, exchanges } = recordingFetch();
    const config = await client(s, recording);
    const started = await begin(config);
    const back = await signIn(started, DEMO_USERS.bob.id);
    await oidc.authorizationCodeGrant(config, back, { pkceCodeVerifier: started.verifier, expectedState: started.state, expectedNonce: started.nonce });
    const tokenCalls = exchanges.filter((e) => e.request.url.endsWith("/oauth2/v1/token"));
    expect(tokenCalls).toHaveLength(1);
    const contract: OktaContract = await loadOktaContract();
    expect(contractErrors(contract, tokenCalls)).toEqual([]);
  });

  it("takes a code once: a replayed exchange is invalid_grant", async () => {
    const s = await sandbox();
    const config = await client(s);
    const started = await begin(config);
    const back = await signIn(started, DEMO_USERS.bob.id);
    const checks = { pkceCodeVerifier: started.verifier, expectedState: started.state, expectedNonce: started.nonce };
    await oidc.authorizationCodeGrant(config, back, checks);
    await expect(oidc.authorizationCodeGrant(config, back, checks)).rejects.toMatchObject({ error: "invalid_grant" });
  });

  it("refuses an exchange with the wrong PKCE verifier or the wrong client secret", async () => {
    const s = await sandbox();
    const config = await client(s);
    const started = await begin(config);
    const back = await signIn(started, DEMO_USERS.bob.id);
    await expect(
      oidc.authorizationCodeGrant(config, back, { pkceCodeVerifier: oidc.randomPKCECodeVerifier(), expectedState: started.state, expectedNonce: started.nonce }),
    ).rejects.toMatchObject({ error: "invalid_grant" });

    const again = await begin(config);
    const back2 = await signIn(again, DEMO_USERS.bob.id);
    const wrongSecret = await oidc.discovery(new URL(s.url), s.webClient.clientId, "not-the-secret", undefined, { execute: [oidc.allowInsecureRequests] });
    await expect(
      oidc.authorizationCodeGrant(wrongSecret, back2, { pkceCodeVerifier: again.verifier, expectedState: again.state, expectedNonce: again.nonce }),
    ).rejects.toMatchObject({ error: "invalid_client" });
  });

  it("shows an error page, never a redirect, for an unregistered redirect URI or unknown client", async () => {
    const s = await sandbox();
    const started = await begin(await client(s));
    const bad = new URL(started.url);
    bad.searchParams.set("redirect_uri", "https://evil.example/cb");
    const res = await fetch(bad, { redirect: "manual" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("sign-in redirect URIs");
    bad.searchParams.set("redirect_uri", REDIRECT);
    bad.searchParams.set("client_id", "0oanobody");
    expect((await fetch(bad, { redirect: "manual" })).status).toBe(400);
  });

  it("redirects back with invalid_request when PKCE or the nonce is missing", async () => {
    const s = await sandbox();
    const started = await begin(await client(s));
    for (const drop of ["code_challenge", "nonce"]) {
      const bad = new URL(started.url);
      bad.searchParams.delete(drop);
      const res = await fetch(bad, { redirect: "manual" });
      expect(res.status).toBe(302);
      const to = new URL(res.headers.get("location") ?? "");
      expect(to.searchParams.get("error")).toBe("invalid_request");
      expect(to.searchParams.get("state")).toBe(started.state);
    }
  });

  it("advertises the authorization-code grant and S256 in discovery", async () => {
    const s = await sandbox();
    const meta = (await (await fetch(`${s.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(meta.grant_types_supported).toContain("authorization_code");
    expect(meta.code_challenge_methods_supported).toEqual(["S256"]);
  });
});
