import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseEnvDuration, readDotEnv } from "../../src/config.js";
import { problemsOf } from "./problems.js";

const cwd = "/srv/bot";

describe("general configuration", () => {
  it("defaults: port 3000, PGlite in ./data, ./policy.yaml, info, 5 minute cache on profile.email", () => {
    expect(loadConfig({}, { cwd })).toMatchObject({
      port: 3000,
      database: { kind: "pglite", dataDir: "/srv/bot/data" },
      policyFile: "/srv/bot/policy.yaml",
      logLevel: "info",
      identity: { cacheTtlMs: 300_000, matchAttribute: "profile.email" },
    });
  });

  it("PORT is read as a number", () => {
    expect(loadConfig({ PORT: "8080" }).port).toBe(8080);
  });

  it.each(["0", "65536", "80a", "-1", "3.5"])("PORT=%s is refused", (value) => {
    expect(problemsOf({ PORT: value })).toEqual([`PORT must be a whole number from 1 to 65535 (got "${value}")`]);
  });

  it.each(["postgres://db.internal:5432/bot", "postgresql://u@db/bot"])("DATABASE_URL %s selects PostgreSQL", (url) => {
    expect(loadConfig({ DATABASE_URL: url }).database).toEqual({ kind: "postgres", url });
  });

  it("a DATABASE_URL of another scheme is refused", () => {
    expect(problemsOf({ DATABASE_URL: "mysql://db/bot" })[0]).toMatch(/^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
  });

  it("DATA_DIR is resolved against cwd", () => {
    expect(loadConfig({ DATA_DIR: "state/pg" }, { cwd }).database).toEqual({ kind: "pglite", dataDir: "/srv/bot/state/pg" });
  });

  it("POLICY_FILE is resolved against cwd", () => {
    expect(loadConfig({ POLICY_FILE: "conf/policy.yaml" }, { cwd }).policyFile).toBe("/srv/bot/conf/policy.yaml");
  });

  it("LOG_LEVEL takes a pino level and refuses anything else", () => {
    expect(loadConfig({ LOG_LEVEL: "debug" }).logLevel).toBe("debug");
    expect(problemsOf({ LOG_LEVEL: "verbose" })).toEqual(['LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")']);
  });

  it("IDENTITY_CACHE_TTL takes a duration", () => {
    expect(loadConfig({ IDENTITY_CACHE_TTL: "90s" }).identity.cacheTtlMs).toBe(90_000);
    expect(loadConfig({ IDENTITY_CACHE_TTL: "1h30m" }).identity.cacheTtlMs).toBe(5_400_000);
    expect(problemsOf({ IDENTITY_CACHE_TTL: "5 minutes" })[0]).toMatch(/^IDENTITY_CACHE_TTL must be a duration/);
  });

  it("durations: units ms to d, combined; anything else is undefined", () => {
    expect(parseEnvDuration("250ms")).toBe(250);
    expect(parseEnvDuration("2d")).toBe(172_800_000);
    expect(parseEnvDuration("0s")).toBe(0);
    expect(parseEnvDuration("5")).toBeUndefined();
    expect(parseEnvDuration("m5")).toBeUndefined();
    expect(parseEnvDuration("5m foo")).toBeUndefined();
  });

  it("OKTA_USER_MATCH_ATTRIBUTE takes a profile attribute and refuses search syntax", () => {
    expect(loadConfig({ OKTA_USER_MATCH_ATTRIBUTE: "profile.login" }).identity.matchAttribute).toBe("profile.login");
    expect(problemsOf({ OKTA_USER_MATCH_ATTRIBUTE: 'profile.email eq "x" or id' })[0]).toMatch(/^OKTA_USER_MATCH_ATTRIBUTE must be an Okta profile attribute/);
  });

  it("every problem is reported at once", () => {
    expect(problemsOf({ PORT: "x", LOG_LEVEL: "loud", SLACK_SIGNING_SECRET: "s" })).toHaveLength(3);
  });

  it("ConfigError's message lists each problem on its own line", () => {
    try {
      loadConfig({ PORT: "x", LOG_LEVEL: "loud" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toBe(
        'Invalid configuration:\n  - PORT must be a whole number from 1 to 65535 (got "x")\n  - LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      );
    }
  });
});

describe("readDotEnv", () => {
  it("puts .env beneath the real environment, which wins, without touching the given env", () => {
    const dir = mkdtempSync(join(tmpdir(), "oig-dotenv-"));
    writeFileSync(join(dir, ".env"), 'PORT=4000\nLOG_LEVEL=debug\nOKTA_PRIVATE_KEY="-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----"\n');
    const env = { PORT: "5000" };
    const merged = readDotEnv(dir, env);
    expect(merged).toEqual({ PORT: "5000", LOG_LEVEL: "debug", OKTA_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----" });
    expect(env).toEqual({ PORT: "5000" });
  });

  it("without a .env file the environment is returned as is", () => {
    const dir = mkdtempSync(join(tmpdir(), "oig-dotenv-"));
    expect(readDotEnv(dir, { A: "1" })).toEqual({ A: "1" });
  });

  it("a .env that cannot be read is a ConfigError naming it", () => {
    const dir = mkdtempSync(join(tmpdir(), "oig-dotenv-"));
    // A directory where the file should be: reading it fails with EISDIR.
    mkdirSync(join(dir, ".env"));
    expect(() => readDotEnv(dir, {})).toThrow(ConfigError);
    expect(() => readDotEnv(dir, {})).toThrow(`.env cannot be read: ${join(dir, ".env")} (EISDIR)`);
  });
});
