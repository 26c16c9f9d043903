import { once } from "node:events";
import { describe, expect, it, vi } from "vitest";
import { call, startTestSandbox } from "./harness.js";
import type { TestSandbox } from "./harness.js";

const ssws = (sandbox: TestSandbox) => ({ headers: { authorization: `SSWS ${sandbox.server.apiToken}` } });
const userUrl = (sandbox: TestSandbox) => `${sandbox.url}/api/v1/users/00u1`;
const requestUrl = (sandbox: TestSandbox) => `${sandbox.url}/governance/api/v2/requests/r1`;

describe("fault injection", () => {
  it("added latency holds the answer until the injected wait ends", async () => {
    const waits: { ms: number; release: () => void }[] = [];
    const sandbox = await startTestSandbox({ delay: (ms) => new Promise<void>((release) => waits.push({ ms, release })) });
    sandbox.server.faults.latency(250);
    let settled = false;
    const answer = call(userUrl(sandbox), ssws(sandbox)).finally(() => (settled = true));
    await vi.waitFor(() => expect(waits).toHaveLength(1));
    expect(waits[0]?.ms).toBe(250);
    expect(settled).toBe(false);
    waits[0]?.release();
    expect((await answer).status).toBe(200);
  });

  it("an error rate of 1 answers every call with 500 E0000009; removing the rule restores service", async () => {
    const sandbox = await startTestSandbox();
    const id = sandbox.server.faults.errorRate(1);
    const failed = await call(userUrl(sandbox), ssws(sandbox));
    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject({ errorCode: "E0000009", errorSummary: "Internal Server Error" });
    sandbox.server.faults.remove(id);
    expect((await call(userUrl(sandbox), ssws(sandbox))).status).toBe(200);
  });

  it("a seeded error rate fails the same calls in every run, and only some of them", async () => {
    const statuses = async () => {
      const sandbox = await startTestSandbox();
      sandbox.server.faults.errorRate(0.5, { seed: 42, status: 503 });
      const seen: number[] = [];
      for (let i = 0; i < 16; i++) seen.push((await call(userUrl(sandbox), ssws(sandbox))).status);
      return seen;
    };
    const first = await statuses();
    expect(await statuses()).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 503]));
  });

  it("an outage answers 503 until its end, then the org serves again", async () => {
    const sandbox = await startTestSandbox();
    sandbox.server.faults.outage(new Date(sandbox.clock.now().getTime() + 10_000));
    const down = await call(userUrl(sandbox), ssws(sandbox));
    expect(down.status).toBe(503);
    expect(down.body.errorCode).toBe("E0000010");
    expect((await call(`${sandbox.url}/.well-known/openid-configuration`)).status).toBe(503);
    sandbox.clock.advance(10_000);
    expect((await call(userUrl(sandbox), ssws(sandbox))).status).toBe(200);
  });

  it("a 429 storm answers E0000047 with X-Rate-Limit-Reset at the storm's end", async () => {
    const sandbox = await startTestSandbox();
    const until = new Date(sandbox.clock.now().getTime() + 30_000);
    sandbox.server.faults.rateLimitStorm(until);
    const stormed = await call(requestUrl(sandbox), ssws(sandbox));
    expect(stormed.status).toBe(429);
    expect(stormed.body.errorCode).toBe("E0000047");
    expect(stormed.headers.get("x-rate-limit-remaining")).toBe("0");
    expect(stormed.headers.get("x-rate-limit-reset")).toBe(String(until.getTime() / 1000));
    sandbox.clock.advance(30_000);
    expect((await call(requestUrl(sandbox), ssws(sandbox))).status).toBe(200);
  });

  it("faults scoped to a bucket or an operation leave other calls alone", async () => {
    const sandbox = await startTestSandbox();
    const later = new Date(sandbox.clock.now().getTime() + 60_000);
    sandbox.server.faults.outage(later, { bucket: "governance-requests" });
    sandbox.server.faults.errorRate(1, { operationId: "createSecurityAccessReview" });
    expect((await call(requestUrl(sandbox), ssws(sandbox))).status).toBe(503);
    expect((await call(`${sandbox.url}/governance/api/v2/security-access-reviews`, { method: "POST", ...ssws(sandbox) })).status).toBe(500);
    expect((await call(userUrl(sandbox), ssws(sandbox))).status).toBe(200);
  });

  it("a hanging call never answers; when the client gives up it is logged unanswered and the server keeps serving", async () => {
    const sandbox = await startTestSandbox();
    const hangId = sandbox.server.faults.hang({ operationId: "getUser" });
    const received = once(sandbox.server.http, "request");
    const giveUp = new AbortController();
    const hanging = fetch(userUrl(sandbox), { ...ssws(sandbox), signal: giveUp.signal });
    await received;
    giveUp.abort();
    await expect(hanging).rejects.toThrow();
    await vi.waitFor(() => expect(sandbox.server.calls.list({ operationId: "getUser" })).toMatchObject([{ status: 0 }]));
    sandbox.server.faults.remove(hangId);
    expect((await call(userUrl(sandbox), ssws(sandbox))).status).toBe(200);
  });

  it("close() ends hanging calls instead of waiting for them", async () => {
    const sandbox = await startTestSandbox();
    sandbox.server.faults.hang();
    const received = once(sandbox.server.http, "request");
    const hanging = fetch(userUrl(sandbox), ssws(sandbox));
    await received;
    await sandbox.server.close();
    await expect(hanging).rejects.toThrow();
    expect(sandbox.server.http.listening).toBe(false);
  });

  it("a fault rule with a bad value is refused with a clear error", async () => {
    const { server } = await startTestSandbox();
    expect(() => server.faults.errorRate(1.5)).toThrow(/between 0 and 1/);
    expect(() => server.faults.latency(-1)).toThrow(/>= 0/);
    expect(() => server.faults.errorRate(0.1, { status: 404 as 500 })).toThrow(/500, 502, 503 or 504/);
    expect(server.faults.list()).toEqual([]);
  });
});
