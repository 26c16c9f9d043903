/**
 * What the sandbox's own endpoints send and answer holds to the official
 * Okta specs (shared/okta-openapi), through the shared contract checker.
 */
import { describe, expect, it } from "vitest";
import { loadOktaContract, oktaSpecsPresent } from "../../support/okta-openapi.js";
import type { OktaContract } from "../../support/okta-openapi.js";
import { sharedAbsentMessage } from "../../support/shared-dir.js";
import { REQUESTS_READ, USERS_READ, bearerToken, credentialsForm, dpopKey, dpopProof, registerClient, startTestSandbox } from "./harness.js";
import type { TestSandbox } from "./harness.js";

interface Exchange {
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  response: { status: number; headers: Record<string, string>; body: unknown };
}

async function exchange(url: string, request: Exchange["request"]): Promise<Exchange> {
  const response = await fetch(url, { method: request.method, headers: request.headers, ...(request.body !== undefined ? { body: request.body } : {}) });
  const text = await response.text();
  return { request, response: { status: response.status, headers: Object.fromEntries(response.headers), body: text ? JSON.parse(text) : undefined } };
}

const tokenExchange = async (sandbox: TestSandbox, form: Record<string, string>, headers: Record<string, string> = {}) =>
  exchange(sandbox.server.tokenEndpoint, {
    method: "POST",
    url: "/oauth2/v1/token",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form).toString(),
  });

function expectConforming(contract: OktaContract, exchanges: Exchange[]): void {
  const errors = exchanges.flatMap(({ request, response }) => [
    ...contract.validateRequest(request).errors,
    ...contract.validateResponse(request, response).errors,
  ]);
  expect(errors).toEqual([]);
}

const suite = oktaSpecsPresent ? "sandbox OAuth endpoints and error bodies against the Okta specs" : `sandbox server contract: ${sharedAbsentMessage}`;
describe.skipIf(!oktaSpecsPresent)(suite, () => {
  it("token responses, OAuth errors, the DPoP nonce challenge and 429s validate against oauth.yaml", async () => {
    const contract = await loadOktaContract();
    const sandbox = await startTestSandbox({ rateLimits: { token: { limit: 8 } } });
    const dpopClient = await registerClient(sandbox, { scopes: [USERS_READ], requireDpop: true });
    const key = await dpopKey();
    const htu = sandbox.server.tokenEndpoint;

    const exchanges = [
      await tokenExchange(sandbox, await credentialsForm(sandbox, USERS_READ)),
      await tokenExchange(sandbox, await credentialsForm(sandbox, "okta.users.manage")),
      await tokenExchange(sandbox, await credentialsForm(sandbox, USERS_READ, { aud: sandbox.url })),
      await tokenExchange(sandbox, { grant_type: "client_credentials", scope: USERS_READ }),
    ];
    const challenge = await tokenExchange(sandbox, await credentialsForm(sandbox, USERS_READ, {}, dpopClient), {
      dpop: await dpopProof(key, sandbox.clock, { htm: "POST", htu }),
    });
    const nonce = challenge.response.headers["dpop-nonce"] ?? "";
    const bound = await tokenExchange(sandbox, await credentialsForm(sandbox, USERS_READ, {}, dpopClient), {
      dpop: await dpopProof(key, sandbox.clock, { htm: "POST", htu, nonce }),
    });
    exchanges.push(challenge, bound);
    while (exchanges.at(-1)?.response.status !== 429) exchanges.push(await tokenExchange(sandbox, await credentialsForm(sandbox, USERS_READ)));

    expect(exchanges.map((e) => e.response.status)).toEqual([200, 400, 401, 401, 400, 200, 200, 200, 429]);
    expectConforming(contract, exchanges);
  });

  it("discovery and keys validate against oauth.yaml", async () => {
    const contract = await loadOktaContract();
    const sandbox = await startTestSandbox();
    const get = (path: string) => exchange(`${sandbox.url}${path}`, { method: "GET", url: path, headers: {} });
    expectConforming(contract, [await get("/.well-known/openid-configuration"), await get("/oauth2/v1/keys")]);
  });

  it("401, 403, 404 and 429 Okta error bodies on an API operation validate against its documented responses", async () => {
    const contract = await loadOktaContract();
    const sandbox = await startTestSandbox({ rateLimits: { "governance-requests": { limit: 3 } } });
    const usersOnly = await bearerToken(sandbox, USERS_READ);
    const full = await bearerToken(sandbox, REQUESTS_READ);
    const get = (id: string, authorization?: string) => {
      const path = `/governance/api/v2/requests/${id}`;
      return exchange(`${sandbox.url}${path}`, { method: "GET", url: path, headers: authorization ? { authorization } : {} });
    };
    const exchanges = [
      await get("req00000000000000001"),
      await get("req00000000000000001", `Bearer ${usersOnly}`),
      await get("missing", `Bearer ${full}`),
      await get("req00000000000000001", `Bearer ${full}`),
    ];
    expect(exchanges.map((e) => e.response.status)).toEqual([401, 403, 404, 429]);
    // The 404 probe's id is not a 20-character Okta id, which the request check rightly flags; only its answer is checked.
    const [unauthorized, forbidden, notFound, limited] = exchanges as [Exchange, Exchange, Exchange, Exchange];
    expectConforming(contract, [unauthorized, forbidden, limited]);
    expect(contract.validateResponse(notFound.request, notFound.response).errors).toEqual([]);
  });
});
