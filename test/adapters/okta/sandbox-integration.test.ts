// The real Okta client against the real sandbox over HTTP: every gateway
// operation, DPoP, a withheld scope, hostile filter values, faults, and each
// exchange (token endpoint included) held to Okta's official OpenAPI specs.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOktaClient,
  OktaForbidden,
  OktaOutcomeUnknown,
  OktaRateLimited,
  OktaUnauthorized,
  type OktaAuth,
  type OktaClientOptions,
} from "../../../src/adapters/okta/index.js";
import type { AccessRequestId, OktaUserId, SarId } from "../../../src/governance/okta/types.js";
import type { OktaGovernance } from "../../../src/governance/ports.js";
import { BOT_SCOPES, startSandbox, type RunningSandbox } from "../../../src/sandbox/index.js";
import { DEMO_GROUPS, DEMO_REQUESTS, DEMO_ROLES, DEMO_USERS } from "../../../src/sandbox/org/index.js";
import { contractErrors, loadOktaContract, oktaSpecsPresent } from "../../support/okta-openapi.js";
import { recordingFetch, type RecordedExchange } from "../../support/recording-fetch.js";
import { sharedAbsentMessage } from "../../support/shared-dir.js";

const id = (s: string) => s as OktaUserId;
const { alice, carol, dan, erin, frank, grace } = DEMO_USERS;

let sandbox: RunningSandbox;
const silent = pino({ level: "silent" });

beforeAll(async () => {
  // Generous limits: these tests share one org and must not trip its per-minute budgets.
  sandbox = await startSandbox({ sarActivationDelayMs: 0, rateLimits: { "governance-sar": { limit: 1_000 }, "governance-requests": { limit: 1_000 } } });
});
afterAll(async () => {
  await sandbox.close();
});

function oauth(client: { clientId: string; privateJwk?: object; keyId: string }, over: Partial<Extract<OktaAuth, { kind: "privateKeyJwt" }>> = {}): OktaAuth {
  return {
    kind: "privateKeyJwt",
    clientId: client.clientId,
    privateKey: JSON.stringify(client.privateJwk),
    keyId: client.keyId,
    scopes: [...BOT_SCOPES],
    dpop: false,
    ...over,
  };
}

function clientFor(auth: OktaAuth, over: Partial<OktaClientOptions> = {}): { client: OktaGovernance; exchanges: RecordedExchange[] } {
  const recorder = recordingFetch();
  const client = createOktaClient({ orgUrl: new URL(sandbox.url), adminUrl: new URL(sandbox.adminUrl), auth, logger: silent, fetch: recorder.fetch, retry: { minDelayMs: 1, maxDelayMs: 5 }, ...over });
  return { client, exchanges: recorder.exchanges };
}

const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

/** Runs every gateway operation once and returns the created review's id. */
async function everyOperation(client: OktaGovernance, ref: string): Promise<SarId> {
  const found = await client.findUsersByProfileAttribute("email", alice.email);
  expect(found.map((u) => u.id)).toEqual([alice.id]);
  await expect(client.getUser(alice.login)).resolves.toMatchObject({ id: alice.id, status: "ACTIVE" });
  const groups = await client.listUserGroups(id(alice.id));
  expect(groups.map((g) => g.profile.name)).toContain(DEMO_GROUPS.incidentResponders.name);
  await expect(client.listUserAdminRoles(id(carol.id))).resolves.toEqual([expect.objectContaining({ type: "SUPER_ADMIN" })]);
  await expect(client.listUserAdminRoles(id(grace.id))).resolves.toEqual([
    expect.objectContaining({ type: "CUSTOM", role: DEMO_ROLES.governanceResponder.roleId }),
  ]);

  const created = await client.createSecurityAccessReview({
    principalId: id(dan.id),
    name: `SAR dan INC-4711 ${ref}`,
    endTime: inAWeek(),
    reviewerIds: [id(erin.id), id(frank.id)],
  });
  expect(created).toMatchObject({ name: `SAR dan INC-4711 ${ref}`, reviewerSettings: { type: "USER" } });
  await expect(client.getSecurityAccessReview(created.id)).resolves.toMatchObject({ id: created.id });
  const page = await client.listSecurityAccessReviews({ limit: 200 });
  expect(page.items.map((s) => s.id)).toContain(created.id);
  await expect(client.findSecurityAccessReviewsByNameContaining(ref)).resolves.toEqual([expect.objectContaining({ id: created.id })]);
  await expect(client.getSecurityAccessReviewStats()).resolves.toBeTypeOf("object");
  await client.addSecurityAccessReviewComment(created.id, "Responder note: revoked the OAuth grant");
  await expect(client.listSecurityAccessReviewAccesses(created.id, { limit: 20 })).resolves.toHaveProperty("items");

  const pending = await client.listRequests({ filter: 'status eq "PENDING"', limit: 20 });
  expect(pending.items.map((r) => r.id)).toContain(DEMO_REQUESTS.danPending.id);
  expect(pending.items.every((r) => r.status === "PENDING")).toBe(true);
  const request = await client.getRequest(DEMO_REQUESTS.danPending.id as AccessRequestId);
  expect(request).toMatchObject({ id: DEMO_REQUESTS.danPending.id, status: "PENDING" });
  await expect(client.createRequestMessage(request.id, "Checking this during INC-4711")).resolves.toMatchObject({ message: "Checking this during INC-4711" });
  return created.id;
}

describe("the Okta client against the sandbox", () => {
  it("performs every gateway operation with a private_key_jwt service app", async () => {
    const { client } = clientFor(oauth(sandbox));
    await everyOperation(client, "ref-jwt-1");
  });

  it("performs every gateway operation with DPoP-bound tokens", async () => {
    const app = await sandbox.registerClient({ scopes: [...BOT_SCOPES], requireDpop: true, keyAlg: "ES256" });
    const { client, exchanges } = clientFor(oauth(app, { dpop: true }));
    await everyOperation(client, "ref-dpop-1");
    const apiCalls = exchanges.filter((e) => !e.request.url.includes("/oauth2/") && !e.request.url.includes("/.well-known/"));
    expect(apiCalls.every((e) => /^DPoP /.test(e.request.headers.authorization ?? "") && e.request.headers.dpop !== undefined)).toBe(true);
  });

  it("performs every gateway operation with an SSWS API token", async () => {
    const { client } = clientFor({ kind: "ssws", apiToken: sandbox.apiToken });
    await everyOperation(client, "ref-ssws-1");
  });

  it("names a scope the app was not granted (403 insufficient_scope on the API)", async () => {
    const scopes = BOT_SCOPES.filter((s) => s !== "okta.roles.read");
    const app = await sandbox.registerClient({ scopes, keyAlg: "ES256" });
    const { client } = clientFor(oauth(app, { scopes }));
    await expect(client.listUserGroups(id(alice.id))).resolves.toBeInstanceOf(Array);
    const err = await client.listUserAdminRoles(id(carol.id)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaForbidden);
    expect((err as OktaForbidden).missingScope).toBe("okta.roles.read");
    expect((err as OktaForbidden).hint).toContain("Okta API Scopes > Grant okta.roles.read");
  });

  it("names a scope the app was not granted when the token request asks for it", async () => {
    const app = await sandbox.registerClient({ scopes: BOT_SCOPES.filter((s) => s !== "okta.roles.read"), keyAlg: "ES256" });
    const { client } = clientFor(oauth(app));
    const err = await client.getUser(alice.login).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaForbidden);
    expect((err as OktaForbidden).missingScope).toBe("okta.roles.read");
  });

  it("tells the admin to turn DPoP on when the app requires it and the bot does not send proofs", async () => {
    const app = await sandbox.registerClient({ scopes: [...BOT_SCOPES], requireDpop: true, keyAlg: "ES256" });
    const { client } = clientFor(oauth(app, { dpop: false }));
    const err = await client.getUser(alice.login).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaUnauthorized);
    expect((err as OktaUnauthorized).hint).toContain("OKTA_DPOP=true");
  });

  it.each([
    `${alice.email}" or status eq "ACTIVE`,
    `${alice.email}\\" or status eq \\"ACTIVE`,
    `x\\`,
    `") or (profile.email sw "`,
  ])("a search value holding quotes, backslashes or ' or ' cannot widen the result (%j)", async (value) => {
    const { client } = clientFor({ kind: "ssws", apiToken: sandbox.apiToken });
    await expect(client.findUsersByProfileAttribute("email", value)).resolves.toEqual([]);
    await expect(client.findSecurityAccessReviewsByNameContaining(`${value} or name co "`)).resolves.toEqual([]);
  });

  it("reports an unknown outcome for a review whose create failed with a 5xx, and the check finds it did not land", async () => {
    const { client } = clientFor({ kind: "ssws", apiToken: sandbox.apiToken });
    const fault = sandbox.faults.errorRate(1, { operationId: "createSecurityAccessReview", status: 502 });
    try {
      const before = sandbox.calls.count({ operationId: "createSecurityAccessReview" });
      const err = await client
        .createSecurityAccessReview({ principalId: id(dan.id), name: "SAR dan ref-lost-1", endTime: inAWeek(), reviewerIds: [id(erin.id)] })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OktaOutcomeUnknown);
      expect(sandbox.calls.count({ operationId: "createSecurityAccessReview" }) - before).toBe(1);
    } finally {
      sandbox.faults.remove(fault);
    }
    await expect(client.findSecurityAccessReviewsByNameContaining("ref-lost-1")).resolves.toEqual([]);
  });

  it("waits out a 429 storm by the sandbox's X-Rate-Limit-Reset, then gives up with OktaRateLimited", async () => {
    const waits: number[] = [];
    const { client } = clientFor(
      { kind: "ssws", apiToken: sandbox.apiToken },
      { sleep: async (ms) => void waits.push(ms), retry: { rateLimitRetries: 2, jitterMs: 0, maxRateLimitWaitMs: 60_000 } },
    );
    const fault = sandbox.faults.rateLimitStorm(new Date(Date.now() + 30_000), { operationId: "getRequestV2" });
    try {
      const err = await client.getRequest(DEMO_REQUESTS.danPending.id as AccessRequestId).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OktaRateLimited);
      expect(waits).toHaveLength(2);
      for (const w of [...waits, (err as OktaRateLimited).retryAfterMs]) {
        expect(w).toBeGreaterThan(20_000);
        expect(w).toBeLessThanOrEqual(32_000);
      }
    } finally {
      sandbox.faults.remove(fault);
    }
  });
});

const contractSuite = oktaSpecsPresent ? "the client's exchanges with the sandbox hold to Okta's OpenAPI specs" : sharedAbsentMessage;
describe.skipIf(!oktaSpecsPresent)(contractSuite, () => {
  it.each([
    ["private_key_jwt", false],
    ["private_key_jwt + DPoP", true],
  ])("every request and response validates (%s, token endpoint included)", async (_name, dpop) => {
    const contract = await loadOktaContract();
    const app = await sandbox.registerClient({ scopes: [...BOT_SCOPES], requireDpop: dpop, keyAlg: "ES256" });
    const { client, exchanges } = clientFor(oauth(app, { dpop }));
    await everyOperation(client, `ref-contract-${dpop ? "dpop" : "jwt"}`);
    expect(exchanges.some((e) => e.request.url.endsWith("/oauth2/v1/token"))).toBe(true);
    expect(contractErrors(contract, exchanges)).toEqual([]);
  });
});
