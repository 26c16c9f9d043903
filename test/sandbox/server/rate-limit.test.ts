import { describe, expect, it } from "vitest";
import { createRateLimits } from "../../../src/sandbox/rate-limit.js";
import { FakeClock, call, credentialsForm, startTestSandbox, tokenRequest } from "./harness.js";
import type { TestSandbox } from "./harness.js";

const ssws = (sandbox: TestSandbox) => ({ headers: { authorization: `SSWS ${sandbox.server.apiToken}` } });
const limitHeaders = (headers: Headers) => ({
  limit: headers.get("x-rate-limit-limit"),
  remaining: headers.get("x-rate-limit-remaining"),
  reset: headers.get("x-rate-limit-reset"),
});

describe("rate limits over HTTP", () => {
  it("each answer carries X-Rate-Limit headers; remaining counts down and reset is the window's end in epoch seconds", async () => {
    const sandbox = await startTestSandbox({ rateLimits: { "governance-requests": { limit: 3 } } });
    const resetAt = String(sandbox.clock.seconds() + 60);
    const seen = [];
    for (let i = 0; i < 3; i++) seen.push(limitHeaders((await call(`${sandbox.url}/governance/api/v2/requests/r1`, ssws(sandbox))).headers));
    expect(seen).toEqual([
      { limit: "3", remaining: "2", reset: resetAt },
      { limit: "3", remaining: "1", reset: resetAt },
      { limit: "3", remaining: "0", reset: resetAt },
    ]);
  });

  it("the call over the limit gets 429 E0000047 with the same headers, and the bucket recovers after the window", async () => {
    const sandbox = await startTestSandbox({ rateLimits: { "governance-requests": { limit: 2 } } });
    const url = `${sandbox.url}/governance/api/v2/requests/r1`;
    await call(url, ssws(sandbox));
    await call(url, ssws(sandbox));
    const limited = await call(url, ssws(sandbox));
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ errorCode: "E0000047", errorLink: "E0000047", errorCauses: [] });
    expect(limitHeaders(limited.headers)).toEqual({ limit: "2", remaining: "0", reset: String(sandbox.clock.seconds() + 60) });

    sandbox.clock.advance(59_999);
    expect((await call(url, ssws(sandbox))).status).toBe(429);
    sandbox.clock.advance(1);
    const recovered = await call(url, ssws(sandbox));
    expect(recovered.status).toBe(200);
    expect(limitHeaders(recovered.headers)).toMatchObject({ remaining: "1", reset: String(sandbox.clock.seconds() + 60) });
  });

  it("buckets are independent: exhausting one leaves the others serving", async () => {
    const sandbox = await startTestSandbox({ rateLimits: { "governance-requests": { limit: 1 } } });
    await call(`${sandbox.url}/governance/api/v2/requests/r1`, ssws(sandbox));
    expect((await call(`${sandbox.url}/governance/api/v2/requests/r1`, ssws(sandbox))).status).toBe(429);
    const user = await call(`${sandbox.url}/api/v1/users/00u1`, ssws(sandbox));
    expect(user.status).toBe(200);
    expect(user.headers.get("x-rate-limit-limit")).toBe("600");
  });

  it("a limit changed at run time applies to the next call", async () => {
    const sandbox = await startTestSandbox();
    const url = `${sandbox.url}/api/v1/users/00u1`;
    await call(url, ssws(sandbox));
    sandbox.server.rateLimits.set("users", { limit: 2 });
    expect((await call(url, ssws(sandbox))).headers.get("x-rate-limit-remaining")).toBe("0");
    expect((await call(url, ssws(sandbox))).status).toBe(429);
  });

  it("refused calls count too: a 401 carries the headers and uses the budget", async () => {
    const sandbox = await startTestSandbox({ rateLimits: { users: { limit: 5 } } });
    const refused = await call(`${sandbox.url}/api/v1/users/00u1`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("x-rate-limit-remaining")).toBe("4");
  });

  it("the token endpoint has its own bucket", async () => {
    const sandbox = await startTestSandbox({ rateLimits: { token: { limit: 1 } } });
    expect((await tokenRequest(sandbox, await credentialsForm(sandbox, "okta.users.read"))).status).toBe(200);
    const limited = await tokenRequest(sandbox, await credentialsForm(sandbox, "okta.users.read"));
    expect(limited.status).toBe(429);
    expect(limited.body.errorCode).toBe("E0000047");
  });
});

describe("rate-limit buckets", () => {
  it("a bad limit is refused with a clear error", () => {
    const limits = createRateLimits({ clock: new FakeClock() });
    expect(() => limits.set("users", { limit: 0 })).toThrow(/positive integer/);
    expect(() => limits.set("users", { limit: 5, windowMs: -1 })).toThrow(/window/);
  });

  it("peeking does not count a call nor open a window", () => {
    const clock = new FakeClock();
    const limits = createRateLimits({ clock, settings: { users: { limit: 2, windowMs: 1000 } } });
    limits.peek("users");
    clock.advance(500);
    expect(limits.consume("users")).toEqual({ allowed: true, limit: 2, remaining: 1, resetAt: Math.ceil((clock.now().getTime() + 1000) / 1000) });
  });
});
