/** The composed app on a free port with the built-in sandbox and a temporary PGlite, quiet. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { startApp, type RunningApp } from "../../src/app.js";
import type { Env } from "../../src/config.js";
import { createLogger } from "../../src/log.js";
import { repoRoot } from "../support/shared-dir.js";
import { parseExposition, type Sample } from "./scrape.js";

export interface AppUnderTest {
  app: RunningApp;
  /** Scrapes `GET /metrics`; fails on a non-200 answer or text that is not Prometheus exposition. */
  scrape(): Promise<{ text: string; samples: Sample[]; types: Map<string, string>; contentType: string | null }>;
  close(): Promise<void>;
}

export async function startAppUnderTest(env: Env = {}): Promise<AppUnderTest> {
  const dir = await mkdtemp(join(tmpdir(), "oig-metrics-"));
  const quiet = new Writable({ write: (_chunk, _enc, done) => done() });
  let app: RunningApp;
  try {
    app = await startApp({
      env: { DATA_DIR: join(dir, "data"), POLICY_FILE: join(repoRoot, "policy.yaml"), ...env },
      cwd: dir,
      port: 0,
      host: "127.0.0.1",
      logger: createLogger({ level: "warn", destination: quiet }),
    });
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    app,
    async scrape() {
      const res = await fetch(`${app.url}/metrics`);
      const text = await res.text();
      if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}: ${text}`);
      return { text, contentType: res.headers.get("content-type"), ...parseExposition(text) };
    },
    async close() {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
