/**
 * Where the shared reference data (`../shared` beside the repository) lives.
 * Resolved from this file's location, not the cwd, so tests find it however
 * vitest is started.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute path of the repository root (two levels above `test/support/`). */
export const repoRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Absolute path of `../shared` relative to the repository root. */
export const sharedDir: string = resolve(repoRoot, "..", "shared");

/** The reason given by `describe.skipIf(!sharedPresent(...))` suites. */
export const sharedAbsentMessage =
  "../shared is absent (it sits beside the repository in the dev and CI checkouts): skipping contract tests";

/** Whether `../shared` (or `../shared/<sub>`) exists. */
export function sharedPresent(sub?: string): boolean {
  return existsSync(sub === undefined ? sharedDir : join(sharedDir, sub));
}
