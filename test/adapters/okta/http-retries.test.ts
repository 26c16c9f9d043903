import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  OktaBadRequest,
  OktaForbidden,
  OktaInvalidResponse,
  OktaNotFound,
  OktaOutcomeUnknown,
  OktaRateLimited,
  OktaTimeout,
  OktaUnavailable,
} from "../../../src/adapters/okta/index.js";
import type { OktaUserId } from "../../../src/governance/okta/types.js";
import type { ApiResponse } from "./support/fake-okta.js";
import { startHarness, T0, type Harness } from "./support/harness.js";
import { capturingLogger } from "./support/test-kit.js";

const USER_ID = "00u1aaaaaaaaaaaaaaaa" as OktaUserId;
const user = { id: USER_ID, status: "ACTIVE", profile: { login: "ada@example.com" } };
const ok: ApiResponse = { status: 200, body: user };

let h: Harness;
beforeEach(async () => {
  h = await startHarness(() => ({ kind: "ssws", apiToken: "api-token" }));
  h.okta.validTokens.add("api-token");
});
afterEach(async () => {
  await h.okta.close();
});

/** Answers each call with the next response of the script, repeating the last. */
function script(...responses: Array<ApiResponse | "hang">) {
  let i = 0;
  h.okta.setApi(() => responses[Math.min(i++, responses.length - 1)]!);
}

const rateLimited = (resetInS: number, extra: Record<string, string> = {}): ApiResponse => ({
  status: 429,
  headers: {
    "x-rate-limit-limit": "50",
    "x-rate-limit-remaining": "0",
    "x-rate-limit-reset": String(Math.floor(h.clock.now().getTime() / 1000) + resetInS),
    ...extra,
  },
  body: { errorCode: "E0000047", errorSummary: "API call exceeded rate limit due to too many requests.", errorId: "oae429" },
});

const sarInput = {
  principalId: USER_ID,
  name: "SAR ada INC-1 ref-abc",
  endTime: new Date(T0.getTime() + 7 * 86_400_000).toISOString(),
  reviewerIds: ["00u2bbbbbbbbbbbbbbbb" as OktaUserId],
};
const sar = { id: "sar12345678901234567", name: sarInput.name, status: "PENDING", endTime: sarInput.endTime, reviewerSettings: { type: "USER" } };

describe("rate limits", () => {
  it("a 429 waits until X-Rate-Limit-Reset (plus jitter), then succeeds", async () => {
    let i = 0;
    h.okta.setApi(() => (i++ === 0 ? rateLimited(7) : ok));
    await expect(h.client({ random: () => 0.5 }).getUser(USER_ID)).resolves.toMatchObject({ id: USER_ID });
    expect(h.waits).toEqual([7_500]);
    expect(h.okta.apiCalls).toHaveLength(2);
  });

  it("caps the wait for a far-away reset at maxRateLimitWaitMs", async () => {
    let i = 0;
    h.okta.setApi(() => (i++ === 0 ? rateLimited(600) : ok));
    await h.client({ retry: { maxRateLimitWaitMs: 30_000 } }).getUser(USER_ID);
    expect(h.waits).toEqual([30_000]);
  });

  it("gives up after rateLimitRetries 429s with OktaRateLimited naming the wait and bucket", async () => {
    h.okta.setApi(() => rateLimited(10));
    const err = await h.client({ retry: { rateLimitRetries: 2 } }).getUser(USER_ID).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaRateLimited);
    expect(err).toMatchObject({ retryAfterMs: 10_000, bucket: "users", errorId: "oae429", code: "okta_rate_limited" });
    expect(h.waits).toEqual([10_000, 10_000]);
    expect(h.okta.apiCalls).toHaveLength(3);
  });

  it("waits for the reset instead of sending once the window reports no calls left", async () => {
    const reset = String(T0.getTime() / 1000 + 5);
    h.okta.setApi(() => ({ ...ok, headers: { "x-rate-limit-limit": "50", "x-rate-limit-remaining": "0", "x-rate-limit-reset": reset } }));
    const c = h.client();
    await c.getUser(USER_ID);
    expect(h.waits).toEqual([]);
    await c.getUser(USER_ID);
    expect(h.waits).toEqual([5_000]);
    expect(h.okta.apiCalls).toHaveLength(2);
  });

  it("background calls leave the last 20% of a window to interactive ones", async () => {
    const reset = String(T0.getTime() / 1000 + 30);
    let left = 4;
    h.okta.setApi(() => ({ ...ok, headers: { "x-rate-limit-limit": "10", "x-rate-limit-remaining": String(--left), "x-rate-limit-reset": reset } }));
    const c = h.client();
    await c.getUser(USER_ID); // learns: 3 of 10 left
    await c.getUser(USER_ID, { priority: "background" }); // 3 > reserve of 2: goes
    expect(h.waits).toEqual([]);
    await c.getUser(USER_ID, { priority: "interactive" }); // 2 left: a person still gets through
    expect(h.waits).toEqual([]);
    await c.getUser(USER_ID, { priority: "background" }); // 1 left, inside the reserve: waits for the reset
    expect(h.waits).toEqual([30_000]);
    expect(h.okta.apiCalls).toHaveLength(4);
  });
});

describe("transient failures", () => {
  it("retries a 5xx with backoff, then succeeds", async () => {
    const down: ApiResponse = { status: 503, body: { errorCode: "E0000010", errorSummary: "Service is in read only mode" } };
    script(down, down, ok);
    await expect(h.client().getUser(USER_ID)).resolves.toMatchObject({ id: USER_ID });
    expect(h.okta.apiCalls).toHaveLength(3);
  });

  it("ends as OktaUnavailable once the retries are spent", async () => {
    script({ status: 500, body: { errorCode: "E0000009", errorSummary: "Internal Server Error", errorId: "oae500" } });
    const err = await h.client().getUser(USER_ID).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaUnavailable);
    expect(err).toMatchObject({ status: 500, errorId: "oae500", hint: "Okta is not answering; retrying." });
    expect(h.okta.apiCalls).toHaveLength(3);
  });

  it("times out an attempt when Okta never answers, and retries it", async () => {
    script("hang");
    const err = await h.client({ timeoutMs: 150, retry: { retries: 1, minDelayMs: 1 } }).getUser(USER_ID).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaTimeout);
    expect(err).toBeInstanceOf(OktaUnavailable);
    expect(h.okta.apiCalls).toHaveLength(2);
  });

  it("with retry 'never' makes exactly one attempt, even for a 429", async () => {
    h.okta.setApi(() => rateLimited(3));
    await expect(h.client({ retry: "never" }).getUser(USER_ID)).rejects.toBeInstanceOf(OktaRateLimited);
    expect(h.okta.apiCalls).toHaveLength(1);
    expect(h.waits).toEqual([]);
  });

  it("stops when the caller aborts, with the caller's reason", async () => {
    script("hang");
    const controller = new AbortController();
    const call = h.client({ timeoutMs: 60_000 }).getUser(USER_ID, { signal: controller.signal });
    while (h.okta.apiCalls.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort(new Error("user went away"));
    await expect(call).rejects.toThrow("user went away");
    expect(h.okta.apiCalls).toHaveLength(1);
  });
});

describe("final errors", () => {
  it("never retries a 400 and lists Okta's causes", async () => {
    script({ status: 400, body: { errorCode: "E0000001", errorSummary: "Api validation failed: name", errorCauses: [{ errorSummary: "name: too long" }] } });
    const err = await h.client().getUser(USER_ID).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaBadRequest);
    expect((err as OktaBadRequest).causes).toEqual(["name: too long"]);
    expect(h.okta.apiCalls).toHaveLength(1);
  });

  it("never retries a 404", async () => {
    script({ status: 404, body: { errorCode: "E0000007", errorSummary: "Not found: Resource not found: x (User)" } });
    await expect(h.client().getUser(USER_ID)).rejects.toBeInstanceOf(OktaNotFound);
    expect(h.okta.apiCalls).toHaveLength(1);
  });

  it("a 403 insufficient_scope names the scope and tells the admin where to grant it", async () => {
    script({
      status: 403,
      headers: { "www-authenticate": 'Bearer authorization_uri="http://x/oauth2/v1/authorize", realm="IdeaTest", scope="okta.users.read", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/users"' },
      body: { errorCode: "E0000006", errorSummary: "You do not have permission to perform the requested action" },
    });
    const err = await h.client().getUser(USER_ID).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaForbidden);
    expect((err as OktaForbidden).missingScope).toBe("okta.users.read");
    expect((err as OktaForbidden).hint).toContain("Okta API Scopes > Grant okta.users.read");
    expect(h.okta.apiCalls).toHaveLength(1);
  });
});

describe("createSecurityAccessReview after an unknown outcome", () => {
  it("is not re-sent after a 5xx; it reports OktaOutcomeUnknown", async () => {
    script({ status: 502 });
    const err = await h.client().createSecurityAccessReview(sarInput).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaOutcomeUnknown);
    expect((err as OktaOutcomeUnknown).status).toBe(502);
    expect(h.okta.apiCalls.filter((c) => c.method === "POST")).toHaveLength(1);
  });

  it("is not re-sent after a timeout", async () => {
    script("hang");
    const err = await h.client({ timeoutMs: 150 }).createSecurityAccessReview(sarInput).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaOutcomeUnknown);
    expect((err as Error).cause).toBeInstanceOf(OktaTimeout);
    expect(h.okta.apiCalls).toHaveLength(1);
  });

  it("is re-sent after a 429, which Okta did not process", async () => {
    let i = 0;
    h.okta.setApi(() => (i++ === 0 ? rateLimited(2) : { status: 202, body: sar }));
    await expect(h.client().createSecurityAccessReview(sarInput)).resolves.toMatchObject({ id: sar.id });
    expect(h.okta.apiCalls).toHaveLength(2);
    expect(h.waits).toEqual([2_000]);
  });

  it("is re-sent when the connection was refused, so it never reached Okta", async () => {
    h.okta.setApi(() => ({ status: 202, body: sar }));
    let calls = 0;
    const flaky: typeof fetch = async (input, init) => {
      if (calls++ === 0) throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
      return fetch(input, init);
    };
    await expect(h.client({ fetch: flaky }).createSecurityAccessReview(sarInput)).resolves.toMatchObject({ id: sar.id });
    expect(calls).toBe(2);
    expect(h.okta.apiCalls).toHaveLength(1);
  });
});

describe("paging", () => {
  const group = (n: number) => ({ id: `00g${n}`, profile: { name: `Group ${n}` } });

  it("follows rel=next links across three pages", async () => {
    h.okta.setApi((req) => {
      const after = req.query.get("after");
      const page = after === null ? 1 : Number(after);
      const next = page < 3 ? { link: `<${h.okta.orgUrl.origin}${req.path}?after=${page + 1}&limit=2>; rel="next", <${h.okta.orgUrl.origin}${req.path}>; rel="self"` } : undefined;
      return { status: 200, headers: next, body: [group(page * 2 - 1), group(page * 2)] };
    });
    const groups = await h.client().listUserGroups(USER_ID);
    expect(groups.map((g) => g.id)).toEqual(["00g1", "00g2", "00g3", "00g4", "00g5", "00g6"]);
    expect(h.okta.apiCalls.map((c) => c.query.get("after"))).toEqual([null, "2", "3"]);
  });

  it("refuses a next link that leaves the Okta org, so the token is not sent there", async () => {
    h.okta.setApi(() => ({ status: 200, headers: { link: '<http://127.0.0.2:9/api/v1/users/x/groups?after=2>; rel="next"' }, body: [group(1)] }));
    await expect(h.client().listUserGroups(USER_ID)).rejects.toBeInstanceOf(OktaInvalidResponse);
    expect(h.okta.apiCalls).toHaveLength(1);
  });
});

describe("logging", () => {
  it("logs each call at debug with operation, status, Okta request id and correlation id", async () => {
    h.okta.setApi(() => ({ ...ok, headers: { "x-okta-request-id": "req-xyz" } }));
    const { logger, lines } = capturingLogger();
    await h.client({ logger }).getUser(USER_ID, { correlationId: "corr-1" });
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.msg === "okta call");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ level: 20, operation: "getUser", status: 200, oktaRequestId: "req-xyz", correlationId: "corr-1" });
    expect(lines.join("\n")).not.toContain("api-token");
  });
});
