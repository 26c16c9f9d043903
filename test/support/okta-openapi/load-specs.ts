/**
 * Reads Okta's OpenAPI documents from `../shared/okta-openapi`. Parsing the
 * YAML takes about three seconds, so the parsed JSON is cached under
 * `node_modules/.cache`, keyed by a hash of the YAML text; a changed spec
 * simply misses the cache.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { repoRoot, sharedDir } from "../shared-dir.js";

export const specNames = ["governance", "management", "oauth"] as const;
export type SpecName = (typeof specNames)[number];

/** A parsed OpenAPI document (only the parts the validator reads are typed). */
export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export const specDir = join(sharedDir, "okta-openapi");
const cacheDir = join(repoRoot, "node_modules", ".cache", "okta-openapi");

/** Parses one spec, from the JSON cache when the YAML is unchanged. */
export async function loadSpec(name: SpecName): Promise<OpenApiDocument> {
  const text = await readFile(join(specDir, `${name}.yaml`), "utf8");
  const hash = createHash("sha256").update(text).digest("hex").slice(0, 16);
  const cacheFile = join(cacheDir, `${name}-${hash}.json`);
  const cached = await readFile(cacheFile, "utf8").catch(() => undefined);
  if (cached !== undefined) return JSON.parse(cached) as OpenApiDocument;

  // governance.yaml repeats a dozen component keys (identical copies);
  // the later one wins, as it would with any JSON parser.
  const doc = parse(text, { uniqueKeys: false }) as unknown;
  if (!isDocument(doc)) throw new Error(`${name}.yaml is not an OpenAPI document (no paths)`);
  await writeCache(cacheFile, JSON.stringify(doc));
  return doc;
}

/** Loads all three specs in parallel. */
export async function loadSpecs(): Promise<Record<SpecName, OpenApiDocument>> {
  const [governance, management, oauth] = await Promise.all(specNames.map(loadSpec));
  return { governance: governance!, management: management!, oauth: oauth! };
}

async function writeCache(file: string, json: string): Promise<void> {
  // Parallel test workers may write the same entry: write aside, then rename
  // atomically. A failed write only costs the next run a re-parse.
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await mkdir(cacheDir, { recursive: true });
    await writeFile(tmp, json);
    await rename(tmp, file);
  } catch (error) {
    console.warn(`okta-openapi: could not cache the parsed spec at ${file}: ${String(error)}`);
  }
}

function isDocument(value: unknown): value is OpenApiDocument {
  return typeof value === "object" && value !== null && typeof (value as { paths?: unknown }).paths === "object";
}
