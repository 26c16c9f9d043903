/**
 * `runDoctor`: checks the bot's configuration against the services it
 * names (Okta, the database, the policy file, Slack) without changing
 * anything, and reports per check what works and how to fix what does not.
 */
import { pino, type Logger } from "pino";
import { type Config, ConfigError, type Env, loadConfig, readDotEnv } from "../config.js";
import type { SqlExecutor } from "../adapters/postgres/index.js";
import { checkDatabase } from "./database-check.js";
import { checkOkta } from "./okta-checks.js";
import { oktaTarget, type SandboxApp } from "./okta-target.js";
import { checkPolicy } from "./policy-check.js";
import { checkSlack } from "./slack-check.js";
import { type CheckArea, type DoctorCheck, type DoctorReport, reportOf } from "./types.js";

export interface RunDoctorOptions {
  /** The environment; `<cwd>/.env` is read beneath it, as at start-up. */
  env: Env;
  /** Base for relative paths and where `.env` is looked for. */
  cwd: string;
  /** For Okta and Slack calls (default: global fetch). */
  fetch?: typeof fetch;
  /** Where the Okta client's debug lines go (default: nowhere). */
  logger?: Logger;
  /** A running bot's database executor, used instead of opening the database again. */
  executor?: SqlExecutor;
  /** Per-request timeout for Okta and Slack (default 10 s). */
  timeoutMs?: number;
  /** A running bot's parsed configuration, used instead of reading `env` (`/sar doctor`). */
  config?: Config;
  /** A running bot's in-process sandbox org, checked instead of starting another one. */
  sandbox?: SandboxApp;
}

/** Runs every check; never throws for a problem it can report. */
export async function runDoctor(options: RunDoctorOptions): Promise<DoctorReport> {
  const parsed = options.config === undefined ? parseConfig(options) : runningConfig(options.config, options.env);
  if (!parsed.ok) {
    const skipped = (["okta", "database", "policy", "slack"] as const).map((area) => skip(area));
    return reportOf([parsed.check, ...skipped]);
  }
  const { config } = parsed;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const logger = options.logger ?? pino({ level: "silent" });

  const [okta, database, policy, slack] = await Promise.all([
    guard("okta", () => oktaChecks(config, parsed.scopesOverridden, { fetch: fetchImpl, logger, timeoutMs }, options.sandbox)),
    guard("database", () => checkDatabase(config.database, options.executor ? { executor: options.executor } : {})),
    guard("policy", async () => [await checkPolicy(config.policyFile)]),
    guard("slack", async () => [await checkSlack(config.slack, fetchImpl, timeoutMs)]),
  ]);
  return reportOf([parsed.check, ...okta, ...database, ...policy, ...slack]);
}

type Parsed = { ok: true; config: Config; check: DoctorCheck; scopesOverridden: boolean } | { ok: false; check: DoctorCheck };

function parseConfig(options: RunDoctorOptions): Parsed {
  const base = { id: "config.parse", area: "config", title: "configuration" } as const;
  try {
    const env = readDotEnv(options.cwd, options.env);
    const config = loadConfig(env, { cwd: options.cwd });
    const scopesOverridden = (env.OKTA_SCOPES ?? "").trim() !== "";
    const detail = `parses: Okta ${config.okta.kind}, Slack ${config.slack.mode}, Teams ${config.teams.mode}, database ${config.database.kind}`;
    return { ok: true, config, scopesOverridden, check: { ...base, status: "ok", detail } };
  } catch (error) {
    if (error instanceof ConfigError) {
      const count = error.problems.length;
      return { ok: false, check: { ...base, status: "failing", detail: `${count} ${count === 1 ? "problem" : "problems"} in the environment or .env`, fix: [...error.problems] } };
    }
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, check: { ...base, status: "failing", detail: `the configuration cannot be read: ${why}` } };
  }
}

/** The configuration a running bot already parsed. */
function runningConfig(config: Config, env: Env): Parsed {
  const scopesOverridden = (env.OKTA_SCOPES ?? "").trim() !== "";
  const detail = `the running bot's: Okta ${config.okta.kind}, Slack ${config.slack.mode}, Teams ${config.teams.mode}, database ${config.database.kind}`;
  return { ok: true, config, scopesOverridden, check: { id: "config.parse", area: "config", title: "configuration", status: "ok", detail } };
}

async function oktaChecks(config: Config, scopesOverridden: boolean, deps: Parameters<typeof checkOkta>[1], sandbox?: SandboxApp): Promise<DoctorCheck[]> {
  const target = await oktaTarget(config.okta, scopesOverridden, sandbox);
  try {
    return await checkOkta(target, deps);
  } finally {
    await target.close();
  }
}

/** A check that threw is reported as failing, never lost. */
async function guard(area: CheckArea, run: () => Promise<DoctorCheck[]>): Promise<DoctorCheck[]> {
  try {
    return await run();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return [{ id: `${area}.error`, area, title: area, status: "failing", detail: `the check itself failed: ${why}` }];
  }
}

function skip(area: CheckArea): DoctorCheck {
  return { id: `${area}.skipped`, area, title: area, status: "skipped", detail: "not checked until the configuration parses" };
}
