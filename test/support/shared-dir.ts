/**
 * Where the shared reference data (`../shared` beside the repository) lives.
 * Resolved from this file's location, not the cwd, so tests find it however
 * vitest is started. `OIG_SHARED_DIR` points it elsewhere: set it to a
 * missing folder to check that every suite reading it skips cleanly.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute path of the repository root (two levels above `test/support/`). */
export const repoRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Absolute path of `../shared` relative to the repository root (or `OIG_SHARED_DIR`). */
export const sharedDir: string = resolve(repoRoot, process.env.OIG_SHARED_DIR ?? join("..", "shared"));

/** The reason given by `describe.skipIf(!sharedPresent(...))` suites. */
export const sharedAbsentMessage =
  "../shared is absent (it sits beside the repository in the dev and CI checkouts): skipping contract tests";

const inCi = process.env.CI !== undefined && process.env.CI !== "";

/**
 * Whether `../shared` (or `../shared/<sub>`) exists. With CI set a missing
 * `../shared` is an error, not a skip: CI must run the contract tests.
 */
export function sharedPresent(sub?: string): boolean {
  if (inCi && !existsSync(sharedDir)) throw new Error(`${sharedDir} is absent but CI is set: the contract tests need ../shared beside the repository`);
  return existsSync(sub === undefined ? sharedDir : join(sharedDir, sub));
}
