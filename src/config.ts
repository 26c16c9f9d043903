/**
 * Configuration: the environment of PRODUCT.md section 5, with `.env`
 * beneath it, parsed once into a typed object. `loadConfig` is pure (it
 * reads no global state but the private key file it is pointed at);
 * `readDotEnv` is the one place that reads `process.env` and `.env`.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse as parseDotEnv } from "dotenv";
import { ConfigError } from "./config/config-error.js";
import { parseEnvDuration } from "./config/duration.js";
import { type Env, EnvReader } from "./config/env-reader.js";
import { parseAuditExport } from "./config/audit-export.js";
import { parsePublicUrl } from "./config/public-url.js";
import { parseEventHooks } from "./config/event-hooks.js";
import { parseHost } from "./config/host.js";
import { parseOkta } from "./config/okta.js";
import { parseSlack } from "./config/slack.js";
import { parseStepUp } from "./config/step-up.js";
import { parseTeams } from "./config/teams.js";
import { type Config, type DatabaseConfig, logLevels } from "./config/types.js";

export { ConfigError } from "./config/config-error.js";
export { describeConfig } from "./config/describe.js";
export { parseEnvDuration } from "./config/duration.js";
export { defaultOktaScopes } from "./config/okta.js";
export { defaultSlackApiUrl } from "./config/slack.js";
export type { AuditExportConfig, Config, DatabaseConfig, EventHooksConfig, IdentityConfig, LogLevel, OktaConfig, SlackConfig, StepUpConfig, TeamsConfig } from "./config/types.js";
export type { Env } from "./config/env-reader.js";

export interface LoadConfigOptions {
  /** Base for relative paths (DATA_DIR, POLICY_FILE, OKTA_PRIVATE_KEY_FILE); default `process.cwd()`. */
  cwd?: string;
  /** Reads OKTA_PRIVATE_KEY_FILE; default `fs.readFileSync(path, "utf8")`. */
  readFile?: (path: string) => string;
}

const defaultIdentityCacheTtlMs = 5 * 60_000;

/** Parses `env` into a `Config`; throws `ConfigError` naming every bad or missing variable. */
export function loadConfig(env: Env, options: LoadConfigOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const reader = new EnvReader(env);
  const okta = parseOkta(reader, { cwd, readFile: options.readFile ?? ((path) => readFileSync(path, "utf8")) });
  const config: Config = {
    port: parsePort(reader),
    host: parseHost(reader),
    okta,
    slack: parseSlack(reader),
    teams: parseTeams(reader),
    database: parseDatabase(reader, cwd),
    policyFile: resolve(cwd, reader.get("POLICY_FILE") ?? "./policy.yaml"),
    logLevel: reader.choice("LOG_LEVEL", logLevels, "info"),
    identity: { cacheTtlMs: parseCacheTtl(reader), matchAttribute: parseMatchAttribute(reader) },
    eventHooks: parseEventHooks(reader),
    publicUrl: parsePublicUrl(reader),
    auditExport: parseAuditExport(reader),
    stepUp: parseStepUp(reader, { sandbox: okta.kind === "sandbox", publicUrlSet: reader.get("PUBLIC_URL") !== undefined }),
  };
  if (reader.problems.length > 0) throw new ConfigError(reader.problems);
  return config;
}

/**
 * The environment with `<cwd>/.env` beneath it: a variable set in `env`
 * (even to "") wins over the file. `process.env` is never modified.
 */
export function readDotEnv(cwd: string, env: Env = process.env): Env {
  const path = join(cwd, ".env");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { ...env };
    throw new ConfigError([`.env cannot be read: ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`]);
  }
  return { ...parseDotEnv(text), ...env };
}

function parsePort(env: EnvReader): number {
  const raw = env.get("PORT");
  if (raw === undefined) return 3000;
  const port = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    env.problem(`PORT must be a whole number from 1 to 65535 (got "${raw}")`);
    return 3000;
  }
  return port;
}

function parseDatabase(env: EnvReader, cwd: string): DatabaseConfig {
  const url = env.get("DATABASE_URL");
  if (url === undefined) return { kind: "pglite", dataDir: resolve(cwd, env.get("DATA_DIR") ?? "./data") };
  // The URL may carry a password, so the message never repeats it.
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    env.problem("DATABASE_URL must be a postgres:// or postgresql:// URL (unset it to use the embedded PGlite database in DATA_DIR)");
    return { kind: "pglite", dataDir: resolve(cwd, "./data") };
  }
  try {
    new URL(url);
  } catch {
    env.problem("DATABASE_URL is not a valid URL (check the escaping of special characters in the password)");
  }
  return { kind: "postgres", url };
}

function parseCacheTtl(env: EnvReader): number {
  const raw = env.get("IDENTITY_CACHE_TTL");
  if (raw === undefined) return defaultIdentityCacheTtlMs;
  const ms = parseEnvDuration(raw);
  if (ms === undefined) {
    env.problem(`IDENTITY_CACHE_TTL must be a duration such as 30s, 5m or 1h (got "${raw}")`);
    return defaultIdentityCacheTtlMs;
  }
  return ms;
}

function parseMatchAttribute(env: EnvReader): string {
  const raw = env.get("OKTA_USER_MATCH_ATTRIBUTE") ?? "profile.email";
  // It is written into an Okta search expression, so only a plain attribute name will do.
  if (!/^profile\.[A-Za-z][A-Za-z0-9_]*$/.test(raw)) {
    env.problem(`OKTA_USER_MATCH_ATTRIBUTE must be an Okta profile attribute such as profile.email or profile.login (got "${raw}")`);
    return "profile.email";
  }
  return raw;
}
