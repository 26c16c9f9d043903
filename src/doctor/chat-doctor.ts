/**
 * The doctor as the core's `DoctorPort`, for `/sar doctor`: runs every check
 * on the running bot's configuration, its open database and (when it uses
 * one) its in-process sandbox org, so nothing is opened or started twice.
 */
import type { Logger } from "pino";
import type { Config, Env } from "../config.js";
import type { SqlExecutor } from "../adapters/postgres/index.js";
import type { DoctorPort } from "../governance/admin/index.js";
import type { SandboxApp } from "./okta-target.js";
import { runDoctor } from "./run-doctor.js";

export interface ChatDoctorOptions {
  config: Config;
  /** The environment the configuration came from (only whether OKTA_SCOPES is set is read). */
  env: Env;
  cwd: string;
  executor: SqlExecutor;
  sandbox?: SandboxApp;
  logger?: Logger;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** A `DoctorPort` over the running bot's parts. */
export function chatDoctor(options: ChatDoctorOptions): DoctorPort {
  return {
    async run() {
      const report = await runDoctor({
        env: options.env,
        cwd: options.cwd,
        config: options.config,
        executor: options.executor,
        ...(options.sandbox !== undefined && { sandbox: options.sandbox }),
        ...(options.logger !== undefined && { logger: options.logger }),
        ...(options.fetch !== undefined && { fetch: options.fetch }),
        ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
      });
      return { checks: report.checks, ok: report.ok };
    },
  };
}
