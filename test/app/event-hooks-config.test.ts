// OKTA_EVENT_HOOK_SECRET and OKTA_EVENT_HOOK_HEADER: off without a secret,
// the header defaulting to Okta's Authorization, every mistake named
// without ever repeating the secret.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { problemsOf } from "../config/problems.js";

const SECRET = "0123456789abcdef0123456789abcdef";

const problems = (env: Record<string, string>) => [...problemsOf(env)];

describe("event hook configuration", () => {
  it("is off without a secret", () => {
    expect(loadConfig({}).eventHooks).toEqual({ mode: "off" });
    expect(loadConfig({ OKTA_EVENT_HOOK_SECRET: "  " }).eventHooks).toEqual({ mode: "off" });
  });

  it("is on with a secret, checked in the Authorization header unless another is named", () => {
    expect(loadConfig({ OKTA_EVENT_HOOK_SECRET: SECRET }).eventHooks).toEqual({ mode: "on", secret: SECRET, headerName: "authorization" });
    expect(loadConfig({ OKTA_EVENT_HOOK_SECRET: SECRET, OKTA_EVENT_HOOK_HEADER: "X-Okta-Hook-Secret" }).eventHooks).toEqual({ mode: "on", secret: SECRET, headerName: "x-okta-hook-secret" });
  });

  it("refuses a short secret without printing it", () => {
    const found = problems({ OKTA_EVENT_HOOK_SECRET: "hunter2" }).join("\n");
    expect(found).toMatch(/OKTA_EVENT_HOOK_SECRET must be 16 to 1024 characters \(it has 7\)/);
    expect(found).not.toContain("hunter2");
  });

  it("refuses a header that is no header name, and a header without a secret", () => {
    expect(problems({ OKTA_EVENT_HOOK_SECRET: SECRET, OKTA_EVENT_HOOK_HEADER: "X Hook: secret" }).join("\n")).toMatch(/OKTA_EVENT_HOOK_HEADER must be an HTTP header name/);
    expect(problems({ OKTA_EVENT_HOOK_HEADER: "Authorization" }).join("\n")).toMatch(/OKTA_EVENT_HOOK_HEADER is set but OKTA_EVENT_HOOK_SECRET is not/);
  });
});
