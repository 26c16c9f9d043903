// /readyz checks: each dependency really asked, failures said in one line,
// and the Okta probe rate-limited so load-balancer probes cannot burn Okta's budget.
import { describe, expect, it } from "vitest";
import { cachedCheck, oktaReadiness, runChecks, type ReadinessCheck } from "../../../src/adapters/http/health.js";
import { OktaForbidden } from "../../../src/adapters/okta/index.js";

describe("readiness checks", () => {
  it("runs a cached check at most once per time to live, and again after it", async () => {
    let runs = 0;
    let now = 1_000;
    const check = cachedCheck({ name: "x", check: async () => (runs++, { status: "ok" }) }, 30_000, () => now);
    await check.check();
    await check.check();
    expect(runs).toBe(1);
    now += 30_000;
    await check.check();
    expect(runs).toBe(2);
  });

  it("reports an Okta refusal as failing with the admin's hint", async () => {
    const refused = new OktaForbidden("Okta refused listUsers.", { operation: "listUsers", status: 403, missingScope: "okta.users.read" });
    const result = await oktaReadiness(() => Promise.reject(refused), "https://acme.okta.com").check();
    expect(result.status).toBe("failing");
    expect(result.detail).toContain("okta.users.read");
    expect(result.detail).toContain("Okta API Scopes");
    expect(result.detail).not.toContain("..");
  });

  it("reports a working Okta as ok naming the org", async () => {
    expect(await oktaReadiness(async () => [], "https://acme.okta.com").check()).toEqual({ status: "ok", detail: "https://acme.okta.com" });
  });

  it("turns a check that throws or hangs into a failing line, not an exception", async () => {
    const checks: ReadinessCheck[] = [
      { name: "throws", check: () => Promise.reject(new Error("database is down")) },
      { name: "hangs", check: () => new Promise(() => {}) },
    ];
    const results = await runChecks(checks, 50);
    expect(results.throws).toEqual({ status: "failing", detail: "database is down" });
    expect(results.hangs).toEqual({ status: "failing", detail: "no answer within 50 ms" });
  });
});
