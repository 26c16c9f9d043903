import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OktaForbidden, OktaRateLimited, OktaUnavailable } from "../../../src/adapters/okta/index.js";
import type { OktaUserId } from "../../../src/governance/okta/types.js";
import { startHarness, T0, type Harness } from "./support/harness.js";

const USER_ID = "00u1aaaaaaaaaaaaaaaa" as OktaUserId;

let h: Harness;
beforeEach(async () => {
  h = await startHarness((okta) => ({ kind: "privateKeyJwt", clientId: okta.clientId, privateKey: okta.privateKeyPem, scopes: ["okta.users.read"], dpop: false }));
});
afterEach(async () => {
  await h.okta.close();
});

describe("token endpoint failures", () => {
  it("retries a 5xx from the token endpoint, then makes the call", async () => {
    h.okta.setApi(() => ({ status: 200, body: { id: USER_ID, status: "ACTIVE", profile: { login: "ada@example.com" } } }));
    h.okta.overrideToken((n) => (n === 0 ? { status: 503, body: { errorCode: "E0000010", errorSummary: "Service is in read only mode" } } : undefined));
    await expect(h.client().getUser(USER_ID)).resolves.toMatchObject({ id: USER_ID });
    expect(h.okta.tokenCalls).toHaveLength(1); // the verified (second) token request
    expect(h.okta.apiCalls).toHaveLength(1);
  });

  it("reports a token endpoint that stays down as OktaUnavailable", async () => {
    h.okta.overrideToken(() => ({ status: 500, body: { errorCode: "E0000009", errorSummary: "Internal Server Error" } }));
    await expect(h.client().getUser(USER_ID)).rejects.toBeInstanceOf(OktaUnavailable);
    expect(h.okta.apiCalls).toHaveLength(0);
  });

  it("waits for X-Rate-Limit-Reset after a 429 from the token endpoint", async () => {
    h.okta.setApi(() => ({ status: 200, body: { id: USER_ID, status: "ACTIVE", profile: { login: "ada@example.com" } } }));
    const reset = String(T0.getTime() / 1000 + 4);
    h.okta.overrideToken((n) =>
      n === 0
        ? { status: 429, headers: { "x-rate-limit-limit": "600", "x-rate-limit-remaining": "0", "x-rate-limit-reset": reset }, body: { errorCode: "E0000047", errorSummary: "API call exceeded rate limit due to too many requests." } }
        : undefined,
    );
    await expect(h.client().getUser(USER_ID)).resolves.toMatchObject({ id: USER_ID });
    expect(h.waits).toEqual([4_000]);
  });

  it("gives up on a token endpoint that keeps answering 429 with OktaRateLimited", async () => {
    const reset = String(T0.getTime() / 1000 + 4);
    h.okta.overrideToken(() => ({ status: 429, headers: { "x-rate-limit-remaining": "0", "x-rate-limit-reset": reset } }));
    const err = await h.client({ retry: { rateLimitRetries: 0 } }).getUser(USER_ID).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaRateLimited);
    expect((err as OktaRateLimited).retryAfterMs).toBe(4_000);
  });

  it("sends a review exactly once when only the token request failed before it", async () => {
    const sar = { id: "sar12345678901234567", name: "SAR x", status: "PENDING", endTime: "2030-01-08T00:00:00.000Z", reviewerSettings: { type: "USER" } };
    h.okta.setApi(() => ({ status: 202, body: sar }));
    h.okta.overrideToken((n) => (n === 0 ? { status: 502 } : undefined));
    const created = await h.client().createSecurityAccessReview({
      principalId: USER_ID,
      name: "SAR x",
      endTime: "2030-01-08T00:00:00.000Z",
      reviewerIds: ["00u2bbbbbbbbbbbbbbbb" as OktaUserId],
    });
    expect(created.id).toBe(sar.id);
    expect(h.okta.apiCalls).toHaveLength(1);
  });

  it("turns invalid_scope at the token endpoint into OktaForbidden naming the scope", async () => {
    h.okta.overrideToken(() => ({
      status: 400,
      body: { error: "invalid_scope", error_description: "The following scopes are not allowed: okta.users.read" },
    }));
    const err = await h.client().getUser(USER_ID).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaForbidden);
    expect((err as OktaForbidden).missingScope).toBe("okta.users.read");
    expect(h.okta.apiCalls).toHaveLength(0);
  });
});
