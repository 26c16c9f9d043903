// The ConfigError problems loadConfig reports for an environment.
import { ConfigError, type Env, loadConfig, type LoadConfigOptions } from "../../src/config.js";

/** The problems reported for `env`; fails the test if the environment is accepted. */
export function problemsOf(env: Env, options: LoadConfigOptions = {}): readonly string[] {
  try {
    loadConfig(env, options);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("loadConfig accepted the environment");
}
