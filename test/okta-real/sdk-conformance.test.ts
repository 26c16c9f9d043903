// Okta's own Node SDK (@okta/okta-sdk-nodejs), not our client, drives the
// sandbox as a service app (authorizationMode 'PrivateKey'), with and without
// DPoP: if the sandbox answers the way Okta does, Okta's SDK works against it
// unchanged. Everything stays on loopback: orgUrl is the sandbox's http URL
// (the SDK accepts it as given) and its fetch is wrapped only to record.
import { Client, DefaultRequestExecutor, type OktaApiError } from "@okta/okta-sdk-nodejs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/index.js";
import { DEMO_USERS } from "../../src/sandbox/org/index.js";

type RequestOptions = Parameters<DefaultRequestExecutor["fetch"]>[0];
type SdkResponse = Awaited<ReturnType<DefaultRequestExecutor["fetch"]>>;

interface Exchange {
  method: string;
  url: string;
  authorization: string;
  status: number;
  headers: Map<string, string>;
  body: string;
}

/** The SDK's own executor (its 429 handling and all), recording each exchange. */
class RecordingExecutor extends DefaultRequestExecutor {
  readonly exchanges: Exchange[] = [];

  override async fetch(options: RequestOptions): Promise<SdkResponse> {
    const res = await super.fetch(options);
    const headers = new Map<string, string>();
    res.headers.forEach((value: string, name: string) => headers.set(name, value));
    // node-fetch's RequestInit (the SDK's base type) has no types installed here.
    const init = options as { method?: string; headers?: Record<string, string> };
    const sent = init.headers ?? {};
    this.exchanges.push({
      method: (init.method ?? "GET").toUpperCase(),
      url: String(options.url),
      authorization: sent.Authorization ?? sent.authorization ?? "",
      status: res.status,
      headers,
      body: await res.clone().text(),
    });
    return res;
  }
}

const USERS_READ = "okta.users.read";
const ROLES_READ = "okta.roles.read";
const GROUPS_READ = "okta.groups.read";

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: "demo" });
});
afterAll(async () => {
  await sandbox.close();
});

async function sdkClient(options: { dpop: boolean; granted: string[]; requested: string[] }): Promise<{ client: Client; executor: RecordingExecutor }> {
  const app = await sandbox.registerClient({ scopes: options.granted, requireDpop: options.dpop, keyAlg: "RS256" });
  const executor = new RecordingExecutor();
  // The SDK routes every call through $https_proxy when set (even http ones); nothing here may leave loopback.
  const proxies = { https_proxy: process.env.https_proxy, HTTPS_PROXY: process.env.HTTPS_PROXY };
  delete process.env.https_proxy;
  delete process.env.HTTPS_PROXY;
  const client = new Client({
    orgUrl: sandbox.url,
    authorizationMode: "PrivateKey",
    clientId: app.clientId,
    scopes: options.requested,
    privateKey: app.privateJwk as Record<string, string>,
    keyId: app.keyId,
    requestExecutor: executor,
    // The SDK caches GET answers by default; every call here must reach the sandbox.
    cacheMiddleware: null,
  });
  for (const [name, value] of Object.entries(proxies)) if (value !== undefined) process.env[name] = value;
  return { client, executor };
}

async function all<T>(collection: AsyncIterable<T | null>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of collection) if (item !== null) out.push(item);
  return out;
}

const ids = (items: { id?: string }[]) => items.map((item) => item.id);

describe.each([
  ["without DPoP", false],
  ["with DPoP", true],
])("Okta's Node SDK against the sandbox (%s)", (_name, dpop) => {
  let client: Client;
  let executor: RecordingExecutor;
  beforeAll(async () => {
    ({ client, executor } = await sdkClient({ dpop, granted: [USERS_READ, ROLES_READ, GROUPS_READ], requested: [USERS_READ, ROLES_READ, GROUPS_READ] }));
  });

  it("gets the token type the app calls for, and calls the API with it", async () => {
    await client.userApi.getUser({ userId: DEMO_USERS.alice.id });
    const token = executor.exchanges.filter((e) => e.url.endsWith("/oauth2/v1/token"));
    // The SDK sends a DPoP proof to the token endpoint even for an app that does not require DPoP:
    // such an app gets a Bearer token at once, a DPoP app first the nonce challenge (as recorded from real Okta).
    if (dpop) {
      expect(token.map((e) => e.status)).toEqual([400, 200]);
      expect(JSON.parse(token[0]!.body)).toMatchObject({ error: "use_dpop_nonce" });
      expect(token[0]!.headers.get("dpop-nonce")).toBeTruthy();
      expect(JSON.parse(token[1]!.body)).toMatchObject({ token_type: "DPoP" });
    } else {
      expect(token.map((e) => e.status)).toEqual([200]);
      expect(JSON.parse(token[0]!.body)).toMatchObject({ token_type: "Bearer" });
    }
    const api = executor.exchanges.find((e) => e.url.includes("/api/v1/users/"))!;
    expect(api.status).toBe(200);
    expect(api.authorization.split(" ")[0]).toBe(dpop ? "DPoP" : "Bearer");
  });

  it("lists users page by page through the Link header", async () => {
    const before = executor.exchanges.length;
    const users = await all(await client.userApi.listUsers({ limit: 2 }));
    const expected = sandbox.org
      .listUsers()
      .filter((u) => u.status !== "DEPROVISIONED")
      .map((u) => u.id)
      .sort();
    expect(ids(users)).toEqual(expected);
    const pages = executor.exchanges.slice(before).filter((e) => new URL(e.url).pathname === "/api/v1/users");
    expect(pages.length).toBe(Math.ceil(expected.length / 2));
    expect(pages.slice(1).every((e) => new URL(e.url).searchParams.has("after"))).toBe(true);
  });

  it("searches users by email", async () => {
    const found = await all(await client.userApi.listUsers({ search: `profile.email eq "${DEMO_USERS.alice.email}"` }));
    expect(ids(found)).toEqual([DEMO_USERS.alice.id]);
  });

  it("gets a user by id and by login", async () => {
    const byId = await client.userApi.getUser({ userId: DEMO_USERS.dan.id });
    const login = String(byId.profile?.login);
    const byLogin = await client.userApi.getUser({ userId: login });
    expect(byId.id).toBe(DEMO_USERS.dan.id);
    expect(byLogin.id).toBe(DEMO_USERS.dan.id);
  });

  it("lists a user's groups and admin roles", async () => {
    const groups = await all(await client.userApi.listUserGroups({ userId: DEMO_USERS.dan.id }));
    expect(ids(groups).sort()).toEqual(sandbox.org.groupsOfUser(DEMO_USERS.dan.id).map((g) => g.id).sort());
    const admin = sandbox.org.listUsers().find((u) => sandbox.org.rolesOfUser(u.id).length > 0)!;
    const roles = await all(await client.roleAssignmentApi.listAssignedRolesForUser({ userId: admin.id }));
    expect(ids(roles as { id?: string }[]).sort()).toEqual(sandbox.org.rolesOfUser(admin.id).map((r) => r.assignment.id).sort());
    expect(roles.length).toBeGreaterThan(0);
  });

  it("lists groups", async () => {
    const groups = await all(await client.groupApi.listGroups());
    expect(ids(groups).sort()).toEqual(sandbox.org.listGroups().map((g) => g.id).sort());
  });
});

describe("Okta's Node SDK without the scope for a call", () => {
  it("gets Okta's 403 insufficient_scope for a route outside its token's scopes", async () => {
    const { client, executor } = await sdkClient({ dpop: false, granted: [USERS_READ, GROUPS_READ], requested: [USERS_READ] });
    let failure: unknown;
    try {
      await all(await client.groupApi.listGroups());
    } catch (error) {
      failure = error;
    }
    expect((failure as OktaApiError).status).toBe(403);
    const answer = executor.exchanges.find((e) => new URL(e.url).pathname === "/api/v1/groups")!;
    expect(answer.status).toBe(403);
    expect(answer.headers.get("www-authenticate")).toMatch(/error="insufficient_scope"/);
    expect(JSON.parse(answer.body)).toMatchObject({ errorCode: "E0000006" });
  });

  it("gets Okta's 400 invalid_scope for a scope the app was not granted, which the SDK ignores", async () => {
    const { client, executor } = await sdkClient({ dpop: false, granted: [USERS_READ], requested: [USERS_READ, GROUPS_READ] });
    const failure = (await client.userApi.getUser({ userId: DEMO_USERS.alice.id }).catch((error: unknown) => error)) as OktaApiError;
    // What the sandbox sent: Okta's OAuth error body (`error`, `error_description`), as the token endpoint answers.
    const token = executor.exchanges.filter((e) => e.url.endsWith("/oauth2/v1/token"));
    expect(token[0]!.status).toBe(400);
    const body = JSON.parse(token[0]!.body) as { error: string; error_description: string };
    expect(body.error).toBe("invalid_scope");
    expect(body.error_description).toContain(GROUPS_READ);
    // The SDK is wrong here: it takes the 400 error body for a token (it only looks for `use_dpop_nonce`),
    // calls the API with `Bearer undefined` and reports Okta's 401 for that call, never `invalid_scope`.
    const api = executor.exchanges.find((e) => e.url.includes("/api/v1/users/"))!;
    expect(api.authorization).toBe("Bearer undefined");
    expect(api.status).toBe(401);
    expect(failure.status).toBe(401);
    expect(failure.errorCode).toBe("E0000011");
    expect(failure.message).not.toContain("invalid_scope");
  });
});
