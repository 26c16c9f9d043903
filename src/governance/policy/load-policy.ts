/** Reading the policy file from disk. */
import { readFile as fsReadFile } from "node:fs/promises";
import { denyAllPolicy } from "./defaults.js";
import { parsePolicy } from "./parse-policy.js";
import { PolicyError } from "./policy-error.js";
import type { Policy } from "./policy-types.js";

/** Reads a whole file as UTF-8; rejects with a Node-style `code` (e.g. `ENOENT`). */
export type ReadTextFile = (path: string) => Promise<string>;

const readUtf8: ReadTextFile = (path) => fsReadFile(path, "utf8");

/**
 * Loads and validates the policy at `path`. A missing file is not an error:
 * it yields the deny-all policy with `source: "none"` so start-up can warn.
 * An unreadable or malformed file throws `PolicyError`.
 */
export async function loadPolicy(path: string, readFile: ReadTextFile = readUtf8): Promise<Policy> {
  let text: string;
  try {
    text = await readFile(path);
  } catch (error) {
    const code = errorCode(error);
    if (code === "ENOENT") return denyAllPolicy(path);
    const why = code ?? (error instanceof Error ? error.message : String(error));
    throw new PolicyError([{ source: path, line: 0, column: 0, reason: `cannot read the policy file (${why})` }], {
      cause: error,
    });
  }
  return parsePolicy(text, path);
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}
