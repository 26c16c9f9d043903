import { describe, expect, it } from "vitest";
import { REQUESTS_READ, SAR_MANAGE, USERS_READ, bearerToken, call, registerClient, startTestSandbox } from "./harness.js";

describe("API calls: SSWS and Bearer tokens", () => {
  it("the SSWS API token is accepted and the handler sees an ssws caller", async () => {
    const sandbox = await startTestSandbox();
    const { status, body } = await call(`${sandbox.url}/api/v1/users/00u1`, { headers: { authorization: `SSWS ${sandbox.server.apiToken}` } });
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: "00u1", caller: "ssws" });
  });

  it("a wrong SSWS token is refused with 401 E0000011", async () => {
    const sandbox = await startTestSandbox();
    const { status, body } = await call(`${sandbox.url}/api/v1/users/00u1`, { headers: { authorization: `SSWS ${sandbox.server.apiToken}x` } });
    expect(status).toBe(401);
    expect(body).toMatchObject({ errorCode: "E0000011", errorSummary: "Invalid token provided" });
  });

  it("a call without credentials is refused with 401 and a Bearer challenge", async () => {
    const sandbox = await startTestSandbox();
    const { status, body, headers } = await call(`${sandbox.url}/api/v1/users/00u1`);
    expect(status).toBe(401);
    expect(body.errorCode).toBe("E0000011");
    expect(headers.get("www-authenticate")).toMatch(/^Bearer /);
  });

  it("a valid Bearer token reaches the handler as its OAuth client", async () => {
    const sandbox = await startTestSandbox();
    const token = await bearerToken(sandbox);
    const { status, body } = await call(`${sandbox.url}/api/v1/users/00u1`, { headers: { authorization: `Bearer ${token}` } });
    expect(status).toBe(200);
    expect(body.caller).toBe(sandbox.client.clientId);
  });

  it("an access token past its hour is refused as expired", async () => {
    const sandbox = await startTestSandbox();
    const token = await bearerToken(sandbox);
    sandbox.clock.advance(3600_000);
    const { status, body, headers } = await call(`${sandbox.url}/api/v1/users/00u1`, { headers: { authorization: `Bearer ${token}` } });
    expect(status).toBe(401);
    expect(body.errorCode).toBe("E0000011");
    expect(headers.get("www-authenticate")).toContain('error="invalid_token", error_description="The access token is expired."');
  });

  it("a tampered access token is refused", async () => {
    const sandbox = await startTestSandbox();
    const [header, payload, signature] = (await bearerToken(sandbox)).split(".");
    const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, scp: [...(claims.scp as string[]), "okta.users.manage"] })).toString("base64url");
    const { status, headers } = await call(`${sandbox.url}/api/v1/users/00u1`, {
      headers: { authorization: `Bearer ${header}.${forged}.${signature}` },
    });
    expect(status).toBe(401);
    expect(headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("a token issued by another sandbox is refused", async () => {
    const first = await startTestSandbox();
    const second = await startTestSandbox();
    const token = await bearerToken(first);
    const { status } = await call(`${second.url}/api/v1/users/00u1`, { headers: { authorization: `Bearer ${token}` } });
    expect(status).toBe(401);
  });
});

describe("API calls: scope enforcement", () => {
  it("a token without the operation's scope gets 403 E0000006 with Okta's insufficient_scope challenge", async () => {
    const sandbox = await startTestSandbox();
    const token = await bearerToken(sandbox, `${USERS_READ} ${REQUESTS_READ}`);
    const path = "/governance/api/v2/security-access-reviews";
    const { status, body, headers } = await call(`${sandbox.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(status).toBe(403);
    expect(body).toMatchObject({ errorCode: "E0000006", errorSummary: "You do not have permission to perform the requested action" });
    expect(headers.get("www-authenticate")).toBe(
      `Bearer authorization_uri="${sandbox.url}/oauth2/v1/authorize", realm="${sandbox.url}", scope="${SAR_MANAGE}", ` +
        `error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${path}"`,
    );
  });

  it("a token with the operation's scope passes the same check", async () => {
    const sandbox = await startTestSandbox();
    const token = await bearerToken(sandbox, SAR_MANAGE);
    const { status, body } = await call(`${sandbox.url}/governance/api/v2/security-access-reviews`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "x" }),
    });
    expect(status).toBe(202);
    expect(body).toEqual({ received: { name: "x" } });
  });

  it("the SSWS token passes every scope check", async () => {
    const sandbox = await startTestSandbox();
    const { status } = await call(`${sandbox.url}/governance/api/v2/security-access-reviews`, {
      method: "POST",
      headers: { authorization: `SSWS ${sandbox.server.apiToken}` },
    });
    expect(status).toBe(202);
  });

  it("a client granted fewer scopes gets a token for those and cannot obtain one for the others", async () => {
    const sandbox = await startTestSandbox();
    const limited = await registerClient(sandbox, { scopes: [USERS_READ] });
    const token = await bearerToken(sandbox, USERS_READ, limited);
    const user = await call(`${sandbox.url}/api/v1/users/00u1`, { headers: { authorization: `Bearer ${token}` } });
    expect(user.body.caller).toBe(limited.clientId);
    await expect(bearerToken(sandbox, SAR_MANAGE, limited)).rejects.toThrow(/invalid_scope/);
  });
});
