/**
 * Reads the recorded real Okta traffic in `../shared/recorded/okta-real/`
 * (go-vcr v2 and VCR.py cassettes) into one shape. Nothing is copied into
 * the repository: the files are read where they are.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "vitest";
import { parse } from "yaml";
import { sharedDir, sharedPresent } from "../../support/shared-dir.js";

export const RECORDED = "recorded/okta-real";
export const recordedDir = join(sharedDir, RECORDED);
export const recordingsPresent: boolean = sharedPresent(RECORDED);
export const recordingsAbsentMessage = `../shared/${RECORDED} is absent (it sits beside the repository in the dev and CI checkouts): skipping the replay of recorded real Okta traffic`;

export interface Interaction {
  method: string;
  url: URL;
  requestBody: string | undefined;
  status: number;
  /** Header name (as recorded) and each of its values. */
  headers: [string, string[]][];
  body: string;
}

export interface Cassette {
  /** Path under `recorded/okta-real/`. */
  file: string;
  /** The recorded org's host (`acme.oktapreview.com`), from the first request. */
  orgHost: string;
  /** Its admin twin (`acme-admin.oktapreview.com`). */
  adminHost: string;
  interactions: Interaction[];
}

type Raw = Record<string, unknown>;

const text = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v));
const values = (v: unknown): string[] => (Array.isArray(v) ? v.map(text) : v === undefined || v === null ? [] : [text(v)]);

function interactionOf(raw: Raw): Interaction {
  const req = raw.request as Raw;
  const res = raw.response as Raw;
  // go-vcr v2: request.url, response.code, response.body (string); VCR.py: request.uri, response.status.code, response.body.string.
  const url = new URL(String(req.url ?? req.uri));
  const status = typeof res.code === "number" ? res.code : Number((res.status as Raw).code);
  const pyBody = (res.body as Raw | null)?.string;
  const body = typeof res.body === "string" ? res.body : typeof pyBody === "string" ? pyBody : "";
  const reqBody = typeof req.body === "string" && req.body !== "" ? req.body : undefined;
  const headers = Object.entries((res.headers as Raw | undefined) ?? {}).map(([name, v]): [string, string[]] => [name, values(v)]);
  return { method: String(req.method).toUpperCase(), url, requestBody: reqBody, status, headers, body };
}

/** `acme.okta.com` -> `acme-admin.okta.com`. */
export function adminTwin(host: string): string {
  const [first, ...rest] = host.split(".");
  return [`${first}-admin`, ...rest].join(".");
}

/** Every cassette under `recorded/okta-real/`. */
export function loadCassettes(): Cassette[] {
  const files = (readdirSync(recordedDir, { recursive: true }) as string[]).filter((f) => f.endsWith(".yaml")).sort();
  return files.map((f) => {
    const doc = parse(readFileSync(join(recordedDir, f), "utf8")) as { interactions: Raw[] };
    const interactions = doc.interactions.map(interactionOf);
    const orgHost = interactions[0]!.url.host;
    return { file: relative(recordedDir, join(recordedDir, f)), orgHost, adminHost: adminTwin(orgHost), interactions };
  });
}

/** The Okta-documented SAR create example (request and response bodies). */
export function loadDocumentedSarCreate(): { request: Raw; response: Raw } {
  const read = (name: string) => JSON.parse(readFileSync(join(recordedDir, "okta-developer-docs", name), "utf8")) as Raw;
  return { request: read("iga-security-access-review.create-request.json"), response: read("iga-security-access-review.create-response.json") };
}

/**
 * `describe` for suites that replay the recordings: skipped with a warning without them, but
 * one failing test naming the problem when CI is set (CI checks out ../shared).
 */
export function describeWithRecordings(title: string, body: () => void): void {
  if (recordingsPresent) {
    describe(title, body);
    return;
  }
  if (process.env.CI !== undefined && process.env.CI !== "") {
    describe(title, () => {
      it("has the recorded Okta traffic to replay (CI is set)", () => {
        throw new Error(recordingsAbsentMessage);
      });
    });
    return;
  }
  console.warn(`Skipping "${title}": ${recordingsAbsentMessage}`);
  describe.skip(`${title} (skipped: ${recordingsAbsentMessage})`, body);
}
