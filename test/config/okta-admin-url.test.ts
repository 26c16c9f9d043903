// OKTA_ADMIN_URL: the org's admin host, where Okta's governance paging links
// point, for orgs whose admin host cannot be derived (custom domains, a
// sandbox started on its own). The bot's tokens go there, so it must be the
// same org or a sibling host, over https (plain http on loopback only).
import { describe, expect, it } from "vitest";
import { describeConfig, type Env, loadConfig } from "../../src/config.js";
import { oauthEnv, sswsEnv } from "./fixtures.js";
import { problemsOf } from "./problems.js";

const adminOf = (env: Env): string | undefined => {
  const okta = loadConfig(env).okta;
  return okta.kind === "sandbox" ? undefined : okta.adminUrl?.href;
};

describe("OKTA_ADMIN_URL", () => {
  it("is absent from the Okta settings when unset or blank (the client derives the admin host)", () => {
    expect(loadConfig(oauthEnv).okta).not.toHaveProperty("adminUrl");
    expect(loadConfig({ ...sswsEnv, OKTA_ADMIN_URL: "" }).okta).not.toHaveProperty("adminUrl");
  });

  it.each([
    ["an Okta org's own admin host", "https://acme.okta.com", "https://acme-admin.okta.com/", "https://acme-admin.okta.com/"],
    ["the org itself", "https://acme.okta.com", "https://acme.okta.com", "https://acme.okta.com/"],
    ["a custom domain's Okta admin host", "https://login.acme.com", "https://acme-admin.okta.com", "https://acme-admin.okta.com/"],
    ["a custom domain's sibling host", "https://login.acme.com", "https://login-admin.acme.com", "https://login-admin.acme.com/"],
    ["a loopback sandbox's second port", "http://127.0.0.1:8090", "http://127.0.0.1:8091", "http://127.0.0.1:8091/"],
  ])("accepts %s", (_what, org, admin, expected) => {
    expect(adminOf({ ...sswsEnv, OKTA_ORG_URL: org, OKTA_ADMIN_URL: admin })).toBe(expected);
    expect(adminOf({ ...oauthEnv, OKTA_ORG_URL: org, OKTA_ADMIN_URL: admin })).toBe(expected);
  });

  it("names the admin host in the startup description", () => {
    const lines = describeConfig(loadConfig({ ...sswsEnv, OKTA_ORG_URL: "https://login.acme.com", OKTA_ADMIN_URL: "https://acme-admin.okta.com" }));
    expect(lines).toContain("okta: https://login.acme.com (admin host https://acme-admin.okta.com) with an SSWS API token (legacy; OAuth 2.0 private_key_jwt is recommended)");
  });

  it.each([
    [
      "another Okta org's admin host",
      "https://acme.okta.com",
      "https://evil-admin.okta.com",
      "OKTA_ADMIN_URL https://evil-admin.okta.com is not the admin host of https://acme.okta.com; that is https://acme-admin.okta.com; unset it where the admin host can be derived (*.okta.com-style orgs)",
    ],
    [
      "a host unrelated to a custom domain",
      "https://login.acme.com",
      "https://login.evil.example",
      "OKTA_ADMIN_URL https://login.evil.example is unrelated to the org https://login.acme.com; the admin host must be a sibling of the org's host (under acme.com) or the org's -admin host on an Okta domain (e.g. https://acme-admin.okta.com); unset it where the admin host can be derived (*.okta.com-style orgs)",
    ],
    [
      "a lookalike of an Okta admin host",
      "https://login.acme.com",
      "https://acme-admin.okta.com.evil.example",
      "OKTA_ADMIN_URL https://acme-admin.okta.com.evil.example is unrelated to the org https://login.acme.com; the admin host must be a sibling of the org's host (under acme.com) or the org's -admin host on an Okta domain (e.g. https://acme-admin.okta.com); unset it where the admin host can be derived (*.okta.com-style orgs)",
    ],
    [
      "a remote host for a loopback org",
      "http://127.0.0.1:8090",
      "https://acme-admin.okta.com",
      "OKTA_ADMIN_URL https://acme-admin.okta.com is not a loopback host like the org http://127.0.0.1:8090; unset it where the admin host can be derived (*.okta.com-style orgs)",
    ],
  ])("refuses %s, naming what it expects", (_what, org, admin, problem) => {
    expect(problemsOf({ ...sswsEnv, OKTA_ORG_URL: org, OKTA_ADMIN_URL: admin })).toEqual([problem]);
  });

  it("refuses plain http on a non-loopback host, saying why", () => {
    const [problem] = problemsOf({ ...sswsEnv, OKTA_ORG_URL: "https://login.acme.com", OKTA_ADMIN_URL: "http://acme-admin.okta.com" });
    expect(problem).toMatch(/^OKTA_ADMIN_URL must use https: tokens would cross the network in clear text/);
  });

  it.each([
    ["not a URL", "acme-admin.okta.com", /^OKTA_ADMIN_URL is not a URL \(got "acme-admin\.okta\.com"\); expected e\.g\. https:\/\/acme-admin\.okta\.com$/],
    ["a path", "https://acme-admin.okta.com/admin/dashboard", /^OKTA_ADMIN_URL must be the admin host's base URL without a path or query \(e\.g\. https:\/\/acme-admin\.okta\.com\)$/],
    ["credentials", "https://user:pw@acme-admin.okta.com", /^OKTA_ADMIN_URL must not carry credentials/],
  ])("refuses %s", (_what, admin, problem) => {
    const problems = problemsOf({ ...sswsEnv, OKTA_ADMIN_URL: admin });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
    expect(problems[0]).not.toContain("pw@");
  });

  it("without OKTA_ORG_URL is refused rather than silently ignored", () => {
    expect(problemsOf({ OKTA_ADMIN_URL: "http://127.0.0.1:8091" })).toEqual([
      "OKTA_ADMIN_URL is set but OKTA_ORG_URL is not; set OKTA_ORG_URL to your org (e.g. https://acme.okta.com)",
    ]);
  });
});
