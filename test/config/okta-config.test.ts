import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultOktaScopes, type Env, loadConfig } from "../../src/config.js";
import { jwk, oauthEnv, pem, sswsEnv } from "./fixtures.js";
import { problemsOf } from "./problems.js";

const problems = (env: Env, cwd?: string): readonly string[] => problemsOf(env, cwd === undefined ? {} : { cwd });

describe("Okta configuration", () => {
  it("without OKTA_ORG_URL the sandbox org is used", () => {
    expect(loadConfig({}).okta).toEqual({ kind: "sandbox" });
  });

  it("a client id and an inline PEM key give private_key_jwt with the default scopes, DPoP off", () => {
    const okta = loadConfig({ ...oauthEnv, OKTA_KEY_ID: "kid-7" }).okta;
    expect(okta).toEqual({
      kind: "privateKeyJwt",
      orgUrl: new URL("https://acme.okta.com"),
      clientId: "0oa1client",
      privateKey: pem.trim(),
      keyId: "kid-7",
      dpop: false,
      scopes: [...defaultOktaScopes],
    });
  });

  it("a private JWK as JSON text is accepted", () => {
    const okta = loadConfig({ ...oauthEnv, OKTA_PRIVATE_KEY: jwk }).okta;
    expect(okta.kind === "privateKeyJwt" && okta.privateKey).toBe(jwk);
  });

  it("a one-line PEM with literal \\n escapes gets its line breaks back", () => {
    const okta = loadConfig({ ...oauthEnv, OKTA_PRIVATE_KEY: pem.trim().replace(/\n/g, "\\n") }).okta;
    expect(okta.kind === "privateKeyJwt" && okta.privateKey).toBe(pem.trim());
  });

  it("the key is read from OKTA_PRIVATE_KEY_FILE, relative to cwd", () => {
    const dir = mkdtempSync(join(tmpdir(), "oig-config-"));
    writeFileSync(join(dir, "okta.pem"), pem);
    const { OKTA_PRIVATE_KEY: _inline, ...env } = oauthEnv;
    const okta = loadConfig({ ...env, OKTA_PRIVATE_KEY_FILE: "okta.pem" }, { cwd: dir }).okta;
    expect(okta.kind === "privateKeyJwt" && okta.privateKey).toBe(pem.trim());
  });

  it("an unreadable OKTA_PRIVATE_KEY_FILE is an error naming the path", () => {
    const dir = mkdtempSync(join(tmpdir(), "oig-config-"));
    const { OKTA_PRIVATE_KEY: _inline, ...env } = oauthEnv;
    expect(problems({ ...env, OKTA_PRIVATE_KEY_FILE: "missing.pem" }, dir)).toEqual([`OKTA_PRIVATE_KEY_FILE cannot be read: ${join(dir, "missing.pem")} (ENOENT)`]);
  });

  it("a file that holds no private key is an error naming the file, not its contents", () => {
    const dir = mkdtempSync(join(tmpdir(), "oig-config-"));
    writeFileSync(join(dir, "notes.txt"), "hunter2-not-a-key");
    const { OKTA_PRIVATE_KEY: _inline, ...env } = oauthEnv;
    const [problem] = problems({ ...env, OKTA_PRIVATE_KEY_FILE: "notes.txt" }, dir);
    expect(problem).toContain(join(dir, "notes.txt"));
    expect(problem).toContain("neither a PEM private key");
    expect(problem).not.toContain("hunter2");
  });

  it("an API token gives SSWS", () => {
    expect(loadConfig(sswsEnv).okta).toEqual({ kind: "ssws", orgUrl: new URL("https://acme.okta.com"), apiToken: "00sswsTokenValue" });
  });

  it("plain http is refused for a non-loopback org, saying why", () => {
    const [problem] = problems({ ...sswsEnv, OKTA_ORG_URL: "http://acme.okta.com" });
    expect(problem).toMatch(/^OKTA_ORG_URL must use https: tokens would cross the network in clear text/);
  });

  it.each(["http://127.0.0.1:8080", "http://127.9.9.9", "http://localhost:3001", "http://[::1]:4000"])("plain http is accepted for the loopback org %s", (url) => {
    const okta = loadConfig({ ...sswsEnv, OKTA_ORG_URL: url }).okta;
    expect(okta.kind === "ssws" && okta.orgUrl.origin).toBe(new URL(url).origin);
  });

  it("an org URL with a path is refused", () => {
    expect(problems({ ...sswsEnv, OKTA_ORG_URL: "https://acme.okta.com/oauth2/default" })[0]).toMatch(/without a path/);
  });

  it("OKTA_ORG_URL with no credentials is an error naming the missing variables", () => {
    const [problem] = problems({ OKTA_ORG_URL: "https://acme.okta.com" });
    for (const name of ["OKTA_CLIENT_ID", "OKTA_PRIVATE_KEY", "OKTA_PRIVATE_KEY_FILE", "OKTA_API_TOKEN"]) expect(problem).toContain(name);
  });

  it("a client id without a key is an error naming the key variables", () => {
    const { OKTA_PRIVATE_KEY: _key, ...env } = oauthEnv;
    expect(problems(env)[0]).toMatch(/^OKTA_PRIVATE_KEY \(or OKTA_PRIVATE_KEY_FILE\) is missing/);
  });

  it("a key without a client id is an error naming OKTA_CLIENT_ID", () => {
    const { OKTA_CLIENT_ID: _id, ...env } = oauthEnv;
    expect(problems(env)[0]).toMatch(/^OKTA_CLIENT_ID is missing/);
  });

  it("OAuth and SSWS together are refused as ambiguous", () => {
    expect(problems({ ...oauthEnv, OKTA_API_TOKEN: "00ssws" })[0]).toMatch(/^both OAuth 2.0 \(OKTA_CLIENT_ID, OKTA_PRIVATE_KEY\) and OKTA_API_TOKEN are set; the choice is ambiguous/);
  });

  it("both OKTA_PRIVATE_KEY and OKTA_PRIVATE_KEY_FILE are refused", () => {
    expect(problems({ ...oauthEnv, OKTA_PRIVATE_KEY_FILE: "k.pem" })).toEqual(["both OKTA_PRIVATE_KEY and OKTA_PRIVATE_KEY_FILE are set; keep one"]);
  });

  it("credentials without OKTA_ORG_URL are refused rather than silently using the sandbox", () => {
    expect(problems({ OKTA_API_TOKEN: "00ssws" })[0]).toMatch(/^OKTA_API_TOKEN is set but OKTA_ORG_URL is not/);
  });

  it.each([
    ["true", true], ["TRUE", true], ["1", true], ["yes", true],
    ["false", false], ["0", false], ["no", false], ["", false],
  ])("OKTA_DPOP=%j means %s", (value, dpop) => {
    const okta = loadConfig({ ...oauthEnv, OKTA_DPOP: value }).okta;
    expect(okta.kind === "privateKeyJwt" && okta.dpop).toBe(dpop);
  });

  it.each(["on", "enabled", "2"])("OKTA_DPOP=%s is refused", (value) => {
    expect(problems({ ...oauthEnv, OKTA_DPOP: value })).toEqual([`OKTA_DPOP must be one of true, false, 1, 0, yes, no (got "${value}")`]);
  });

  it("OKTA_SCOPES is split on spaces and commas", () => {
    const okta = loadConfig({ ...oauthEnv, OKTA_SCOPES: "okta.users.read, okta.roles.read  okta.groups.read" }).okta;
    expect(okta.kind === "privateKeyJwt" && okta.scopes).toEqual(["okta.users.read", "okta.roles.read", "okta.groups.read"]);
  });

  it("OKTA_SCOPES that lists nothing is refused", () => {
    expect(problems({ ...oauthEnv, OKTA_SCOPES: " , " })).toEqual(["OKTA_SCOPES lists no scope; unset it for the default scopes"]);
  });
});
