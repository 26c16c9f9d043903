import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { USERS_READ, call, credentialsForm, dpopKey, dpopProof, registerClient, startTestSandbox, tokenRequest } from "./harness.js";
import type { ClientKeys, DpopKey, TestSandbox } from "./harness.js";

async function dpopSetup() {
  const sandbox = await startTestSandbox();
  const client = await registerClient(sandbox, { scopes: [USERS_READ], requireDpop: true });
  return { sandbox, client, key: await dpopKey() };
}

/** The nonce dance: a first proof without nonce, then one with the nonce the sandbox handed out. */
async function dpopToken(sandbox: TestSandbox, client: ClientKeys, key: DpopKey): Promise<string> {
  const htu = sandbox.server.tokenEndpoint;
  const challenge = await tokenRequest(sandbox, await credentialsForm(sandbox, USERS_READ, {}, client), {
    dpop: await dpopProof(key, sandbox.clock, { htm: "POST", htu }),
  });
  const nonce = challenge.headers.get("dpop-nonce") ?? "";
  const granted = await tokenRequest(sandbox, await credentialsForm(sandbox, USERS_READ, {}, client), {
    dpop: await dpopProof(key, sandbox.clock, { htm: "POST", htu, nonce }),
  });
  if (granted.status !== 200) throw new Error(JSON.stringify(granted.body));
  return granted.body.access_token as string;
}

describe("DPoP at the token endpoint", () => {
  it("a first proof without a nonce gets 400 use_dpop_nonce and a DPoP-Nonce header; with that nonce, a DPoP token bound to the key", async () => {
    const { sandbox, client, key } = await dpopSetup();
    const htu = sandbox.server.tokenEndpoint;
    const challenge = await tokenRequest(sandbox, await credentialsForm(sandbox, USERS_READ, {}, client), {
      dpop: await dpopProof(key, sandbox.clock, { htm: "POST", htu }),
    });
    expect(challenge.status).toBe(400);
    expect(challenge.body).toEqual({ error: "use_dpop_nonce", error_description: "Authorization server requires nonce in DPoP proof." });
    const nonce = challenge.headers.get("dpop-nonce");
    expect(nonce).toBeTruthy();

    const granted = await tokenRequest(sandbox, await credentialsForm(sandbox, USERS_READ, {}, client), {
      dpop: await dpopProof(key, sandbox.clock, { htm: "POST", htu, nonce: nonce ?? "" }),
    });
    expect(granted.status).toBe(200);
    expect(granted.body.token_type).toBe("DPoP");
    expect(decodeJwt(granted.body.access_token as string).cnf).toEqual({ jkt: key.thumbprint });
  });

  it("a DPoP-requiring client that sends no proof is refused with invalid_dpop_proof", async () => {
    const { sandbox, client } = await dpopSetup();
    const { status, body } = await tokenRequest(sandbox, await credentialsForm(sandbox, USERS_READ, {}, client));
    expect(status).toBe(400);
    expect(body).toEqual({ error: "invalid_dpop_proof", error_description: "The DPoP proof JWT header is missing." });
  });

  it("a proof for another URL or method is refused", async () => {
    const { sandbox, client, key } = await dpopSetup();
    for (const claims of [
      { htm: "POST", htu: `${sandbox.url}/oauth2/v1/other` },
      { htm: "GET", htu: sandbox.server.tokenEndpoint },
    ]) {
      const { status, body } = await tokenRequest(sandbox, await credentialsForm(sandbox, USERS_READ, {}, client), {
        dpop: await dpopProof(key, sandbox.clock, claims),
      });
      expect(status).toBe(400);
      expect(body.error).toBe("invalid_dpop_proof");
    }
  });

  it("a stale proof (iat ten minutes old) is refused", async () => {
    const { sandbox, client, key } = await dpopSetup();
    const proof = await dpopProof(key, sandbox.clock, { htm: "POST", htu: sandbox.server.tokenEndpoint, iat: sandbox.clock.seconds() - 600 });
    const { body } = await tokenRequest(sandbox, await credentialsForm(sandbox, USERS_READ, {}, client), { dpop: proof });
    expect(body.error).toBe("invalid_dpop_proof");
  });

  it("a client that does not require DPoP gets a Bearer token with or without a proof, as real Okta does", async () => {
    const sandbox = await startTestSandbox();
    const { body } = await tokenRequest(sandbox, await credentialsForm(sandbox, USERS_READ));
    expect(body.token_type).toBe("Bearer");
    const key = await dpopKey();
    const proof = await dpopProof(key, sandbox.clock, { htm: "POST", htu: sandbox.server.tokenEndpoint });
    const withProof = await tokenRequest(sandbox, await credentialsForm(sandbox, USERS_READ), { dpop: proof });
    expect(withProof.status).toBe(200);
    expect(withProof.body.token_type).toBe("Bearer");
    expect(decodeJwt(String(withProof.body.access_token)).cnf).toBeUndefined();
  });
});

describe("DPoP on API calls", () => {
  const userUrl = (sandbox: TestSandbox) => `${sandbox.url}/api/v1/users/00u1`;

  it("a DPoP token with a proof from its key, for this method and URL, is accepted", async () => {
    const { sandbox, client, key } = await dpopSetup();
    const token = await dpopToken(sandbox, client, key);
    const proof = await dpopProof(key, sandbox.clock, { htm: "GET", htu: userUrl(sandbox), accessToken: token });
    const { status, body } = await call(`${userUrl(sandbox)}?expand=x`, { headers: { authorization: `DPoP ${token}`, dpop: proof } });
    expect(status).toBe(200);
    expect(body.caller).toBe(client.clientId);
  });

  it("a DPoP-bound token sent as Bearer is refused", async () => {
    const { sandbox, client, key } = await dpopSetup();
    const token = await dpopToken(sandbox, client, key);
    const { status, headers } = await call(userUrl(sandbox), { headers: { authorization: `Bearer ${token}` } });
    expect(status).toBe(401);
    expect(headers.get("www-authenticate")).toMatch(/^DPoP /);
  });

  it("a DPoP token without a proof is refused", async () => {
    const { sandbox, client, key } = await dpopSetup();
    const token = await dpopToken(sandbox, client, key);
    const { status, headers } = await call(userUrl(sandbox), { headers: { authorization: `DPoP ${token}` } });
    expect(status).toBe(401);
    expect(headers.get("www-authenticate")).toContain('error="invalid_dpop_proof"');
  });

  it("a proof signed by another key than the token's is refused", async () => {
    const { sandbox, client, key } = await dpopSetup();
    const token = await dpopToken(sandbox, client, key);
    const proof = await dpopProof(await dpopKey(), sandbox.clock, { htm: "GET", htu: userUrl(sandbox), accessToken: token });
    const { status, headers } = await call(userUrl(sandbox), { headers: { authorization: `DPoP ${token}`, dpop: proof } });
    expect(status).toBe(401);
    expect(headers.get("www-authenticate")).toContain("does not match the access token's binding");
  });

  it("a proof whose ath hashes another token is refused", async () => {
    const { sandbox, client, key } = await dpopSetup();
    const token = await dpopToken(sandbox, client, key);
    const proof = await dpopProof(key, sandbox.clock, { htm: "GET", htu: userUrl(sandbox), accessToken: `${token}x` });
    const { status } = await call(userUrl(sandbox), { headers: { authorization: `DPoP ${token}`, dpop: proof } });
    expect(status).toBe(401);
  });

  it("a proof for another URL is refused", async () => {
    const { sandbox, client, key } = await dpopSetup();
    const token = await dpopToken(sandbox, client, key);
    const proof = await dpopProof(key, sandbox.clock, { htm: "GET", htu: `${sandbox.url}/api/v1/users/00u2`, accessToken: token });
    const { status } = await call(userUrl(sandbox), { headers: { authorization: `DPoP ${token}`, dpop: proof } });
    expect(status).toBe(401);
  });

  it("a replayed proof is refused the second time", async () => {
    const { sandbox, client, key } = await dpopSetup();
    const token = await dpopToken(sandbox, client, key);
    const proof = await dpopProof(key, sandbox.clock, { htm: "GET", htu: userUrl(sandbox), accessToken: token });
    const init = { headers: { authorization: `DPoP ${token}`, dpop: proof } };
    expect((await call(userUrl(sandbox), init)).status).toBe(200);
    expect((await call(userUrl(sandbox), init)).status).toBe(401);
  });

  it("a Bearer token sent with the DPoP scheme is refused", async () => {
    const sandbox = await startTestSandbox();
    const { body } = await tokenRequest(sandbox, await credentialsForm(sandbox, USERS_READ));
    const key = await dpopKey();
    const token = body.access_token as string;
    const proof = await dpopProof(key, sandbox.clock, { htm: "GET", htu: userUrl(sandbox), accessToken: token });
    const { status } = await call(userUrl(sandbox), { headers: { authorization: `DPoP ${token}`, dpop: proof } });
    expect(status).toBe(401);
  });
});
