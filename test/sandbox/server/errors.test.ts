import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { call, startTestSandbox } from "./harness.js";
import type { TestSandbox } from "./harness.js";

const ssws = (sandbox: TestSandbox) => `SSWS ${sandbox.server.apiToken}`;
const OKTA_ERROR_FIELDS = ["errorCauses", "errorCode", "errorId", "errorLink", "errorSummary"];

describe("Okta error bodies", () => {
  it("an unknown path is 404 E0000007 with every Okta error field, errorLink = errorCode, and a fresh errorId each time", async () => {
    const sandbox = await startTestSandbox();
    const first = await call(`${sandbox.url}/api/v1/nothing-here`, { headers: { authorization: ssws(sandbox) } });
    const second = await call(`${sandbox.url}/api/v1/nothing-here`, { headers: { authorization: ssws(sandbox) } });
    expect(first.status).toBe(404);
    expect(first.headers.get("content-type")).toBe("application/json");
    expect(Object.keys(first.body).sort()).toEqual(OKTA_ERROR_FIELDS);
    expect(first.body).toMatchObject({ errorCode: "E0000007", errorLink: "E0000007", errorCauses: [] });
    expect(first.body.errorId).toMatch(/^oae[0-9A-Za-z]{22}$/);
    expect(second.body.errorId).not.toBe(first.body.errorId);
  });

  it("a known path with an unsupported method is 405 E0000022", async () => {
    const sandbox = await startTestSandbox();
    const { status, body } = await call(`${sandbox.url}/api/v1/users/00u1`, { method: "DELETE", headers: { authorization: ssws(sandbox) } });
    expect(status).toBe(405);
    expect(body.errorCode).toBe("E0000022");
  });

  it("a handler's SandboxApiError is rendered with its status, code and causes as given", async () => {
    const sandbox = await startTestSandbox();
    const missing = await call(`${sandbox.url}/governance/api/v2/requests/missing`, { headers: { authorization: ssws(sandbox) } });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ errorCode: "E0000007", errorSummary: "Not found: request missing" });
    const invalid = await call(`${sandbox.url}/governance/api/v2/requests/invalid`, { headers: { authorization: ssws(sandbox) } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errorCauses).toEqual([{ errorSummary: "requestId is invalid", reason: "INVALID_VALUE", location: "requestId" }]);
  });

  it("a handler that throws gets 500 E0000009, the failure is logged, and the server keeps serving", async () => {
    const sandbox = await startTestSandbox();
    const failed = await call(`${sandbox.url}/governance/api/v2/requests/boom`, { headers: { authorization: ssws(sandbox) } });
    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject({ errorCode: "E0000009", errorSummary: "Internal Server Error" });
    expect(sandbox.logged).toMatchObject([{ message: "sandbox handler failed", fields: { operationId: "getRequestV2" } }]);
    expect((await call(`${sandbox.url}/governance/api/v2/requests/r1`, { headers: { authorization: ssws(sandbox) } })).status).toBe(200);
  });

  it("malformed JSON is 400 E0000003, and the server keeps serving", async () => {
    const sandbox = await startTestSandbox();
    const url = `${sandbox.url}/governance/api/v2/security-access-reviews`;
    const headers = { authorization: ssws(sandbox), "content-type": "application/json" };
    const malformed = await call(url, { method: "POST", headers, body: '{"name": "unterminated' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ errorCode: "E0000003", errorSummary: "The request body was not well-formed." });
    const fine = await call(url, { method: "POST", headers, body: '{"name":"ok"}' });
    expect(fine).toMatchObject({ status: 202, body: { received: { name: "ok" } } });
  });

  it("a body over the limit is 413 with an Okta error body, and the server keeps serving", async () => {
    const sandbox = await startTestSandbox({ maxBodyBytes: 1024 });
    const url = `${sandbox.url}/governance/api/v2/security-access-reviews`;
    const headers = { authorization: ssws(sandbox), "content-type": "application/json" };
    const huge = await call(url, { method: "POST", headers, body: JSON.stringify({ name: "x".repeat(64 * 1024) }) });
    expect(huge.status).toBe(413);
    expect(Object.keys(huge.body).sort()).toEqual(OKTA_ERROR_FIELDS);
    expect((await call(url, { method: "POST", headers, body: "{}" })).status).toBe(202);
  });

  it("a request target that is not a valid URL gets an Okta 400, not a crash", async () => {
    const sandbox = await startTestSandbox();
    const { port } = new URL(sandbox.url);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path: "http://[bad", method: "GET" }, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.end();
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ errorCode: "E0000001" });
    expect((await call(`${sandbox.url}/api/v1/users/00u1`, { headers: { authorization: ssws(sandbox) } })).status).toBe(200);
  });

  it("a SandboxRequest's baseUrl is the URL the client reached", async () => {
    const sandbox = await startTestSandbox();
    const { body } = await call(`${sandbox.url}/api/v1/users/00u1`, { headers: { authorization: ssws(sandbox) } });
    expect(body.baseUrl).toBe(sandbox.url);
  });
});
