import { describe, expect, it } from "vitest";
import { USERS_READ, bearerToken, call, startTestSandbox } from "./harness.js";
import type { TestSandbox } from "./harness.js";

const ssws = (sandbox: TestSandbox) => ({ headers: { authorization: `SSWS ${sandbox.server.apiToken}` } });
const json = (method: string, body: unknown): RequestInit => ({ method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("call log", () => {
  it("records every API call with operationId, method, path, status, caller and sandbox time, and clears", async () => {
    const sandbox = await startTestSandbox();
    const token = await bearerToken(sandbox, USERS_READ);
    await call(`${sandbox.url}/api/v1/users/00u1`, { headers: { authorization: `Bearer ${token}` } });
    await call(`${sandbox.url}/governance/api/v2/requests/r9`, ssws(sandbox));
    await call(`${sandbox.url}/api/v1/unknown`);
    expect(sandbox.server.calls.list()).toEqual([
      expect.objectContaining({ operationId: "token", method: "POST", path: "/oauth2/v1/token", status: 200, caller: sandbox.client.clientId }),
      expect.objectContaining({ operationId: "getUser", method: "GET", path: "/api/v1/users/00u1", status: 200, caller: sandbox.client.clientId }),
      expect.objectContaining({ operationId: "getRequestV2", status: 200, caller: "ssws", bucket: "governance-requests" }),
      expect.objectContaining({ path: "/api/v1/unknown", status: 404, caller: "anonymous" }),
    ]);
    expect(sandbox.server.calls.list()[0]?.time).toBe(sandbox.clock.now().toISOString());
    expect(sandbox.server.calls.count({ operationId: "getUser" })).toBe(1);
    sandbox.server.calls.clear();
    expect(sandbox.server.calls.list()).toEqual([]);
  });

  it("the control API is not itself logged, rate limited or faulted", async () => {
    const sandbox = await startTestSandbox();
    sandbox.server.faults.outage(new Date(sandbox.clock.now().getTime() + 60_000));
    const listed = await call(`${sandbox.url}/__sandbox/calls`);
    expect(listed.status).toBe(200);
    expect(listed.headers.get("x-rate-limit-limit")).toBeNull();
    expect(sandbox.server.calls.count()).toBe(0);
  });
});

describe("control API over HTTP (/__sandbox)", () => {
  it("sets and clears faults for callers in another process", async () => {
    const sandbox = await startTestSandbox();
    const added = await call(`${sandbox.url}/__sandbox/faults`, json("POST", { kind: "outage", forMs: 5_000, bucket: "users" }));
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ kind: "outage", bucket: "users", until: new Date(sandbox.clock.now().getTime() + 5_000).toISOString() });
    expect((await call(`${sandbox.url}/api/v1/users/00u1`, ssws(sandbox))).status).toBe(503);
    expect((await call(`${sandbox.url}/__sandbox/faults`)).body.faults).toHaveLength(1);

    expect((await call(`${sandbox.url}/__sandbox/faults/${String(added.body.id)}`, { method: "DELETE" })).status).toBe(204);
    expect((await call(`${sandbox.url}/api/v1/users/00u1`, ssws(sandbox))).status).toBe(200);

    await call(`${sandbox.url}/__sandbox/faults`, json("POST", { kind: "error-rate", rate: 1, seed: 7 }));
    expect((await call(`${sandbox.url}/api/v1/users/00u1`, ssws(sandbox))).status).toBe(500);
    expect((await call(`${sandbox.url}/__sandbox/faults`, { method: "DELETE" })).status).toBe(204);
    expect((await call(`${sandbox.url}/api/v1/users/00u1`, ssws(sandbox))).status).toBe(200);
  });

  it("refuses a bad fault rule with an Okta 400 naming the problem", async () => {
    const sandbox = await startTestSandbox();
    const bad = await call(`${sandbox.url}/__sandbox/faults`, json("POST", { kind: "error-rate", rate: 3 }));
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ errorCode: "E0000001", errorSummary: "error rate must be between 0 and 1" });
    const unknown = await call(`${sandbox.url}/__sandbox/faults`, json("POST", { kind: "meteor" }));
    expect(unknown.status).toBe(400);
    const malformed = await call(`${sandbox.url}/__sandbox/faults`, { method: "POST", body: "{" });
    expect(malformed.body.errorCode).toBe("E0000003");
    expect(sandbox.server.faults.list()).toEqual([]);
  });

  it("changes a rate limit and resets the counts", async () => {
    const sandbox = await startTestSandbox();
    const set = await call(`${sandbox.url}/__sandbox/rate-limits/users`, json("PUT", { limit: 1, windowMs: 1000 }));
    expect(set).toMatchObject({ status: 200, body: { bucket: "users", limit: 1, windowMs: 1000 } });
    await call(`${sandbox.url}/api/v1/users/00u1`, ssws(sandbox));
    expect((await call(`${sandbox.url}/api/v1/users/00u1`, ssws(sandbox))).status).toBe(429);
    const { body } = await call(`${sandbox.url}/__sandbox/rate-limits`);
    expect(body.buckets).toContainEqual(expect.objectContaining({ bucket: "users", limit: 1, used: 1 }));
    await call(`${sandbox.url}/__sandbox/rate-limits`, { method: "DELETE" });
    expect((await call(`${sandbox.url}/api/v1/users/00u1`, ssws(sandbox))).status).toBe(200);
    expect((await call(`${sandbox.url}/__sandbox/rate-limits/users`, json("PUT", { limit: "many" }))).status).toBe(400);
  });

  it("reads and clears the call log", async () => {
    const sandbox = await startTestSandbox();
    await call(`${sandbox.url}/api/v1/users/00u1`, ssws(sandbox));
    await call(`${sandbox.url}/governance/api/v2/requests/r1`, ssws(sandbox));
    const { body } = await call(`${sandbox.url}/__sandbox/calls?operationId=getUser`);
    expect(body.calls).toEqual([expect.objectContaining({ operationId: "getUser", status: 200, caller: "ssws" })]);
    expect((await call(`${sandbox.url}/__sandbox/calls`, { method: "DELETE" })).status).toBe(204);
    expect((await call(`${sandbox.url}/__sandbox/calls`)).body.calls).toEqual([]);
  });

  it("registers a client whose private key it returns", async () => {
    const sandbox = await startTestSandbox();
    const { status, body } = await call(`${sandbox.url}/__sandbox/clients`, json("POST", { scopes: [USERS_READ], requireDpop: true, keyAlg: "ES256" }));
    expect(status).toBe(201);
    expect(body).toMatchObject({ scopes: [USERS_READ], requireDpop: true, privateJwk: { kty: "EC", d: expect.any(String) } });
    expect((await call(`${sandbox.url}/__sandbox/clients`, json("POST", { scopes: "all" }))).status).toBe(400);
  });
});
