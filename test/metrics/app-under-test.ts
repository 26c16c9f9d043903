/** The composed app on a free port with the built-in sandbox and a temporary PGlite, quiet (the shared rig, src/fakes/whole-bot.ts). */
import { startApp, type RunningApp } from "../../src/app.js";
import type { Env } from "../../src/config.js";
import { startBot } from "../../src/fakes/whole-bot.js";
import { createLogger } from "../../src/log.js";
import { parseExposition, type Sample } from "./scrape.js";

export interface AppUnderTest {
  app: RunningApp;
  /** Scrapes `GET /metrics`; fails on a non-200 answer or text that is not Prometheus exposition. */
  scrape(): Promise<{ text: string; samples: Sample[]; types: Map<string, string>; contentType: string | null }>;
  close(): Promise<void>;
}

export async function startAppUnderTest(env: Env = {}): Promise<AppUnderTest> {
  const defined = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const bot = await startBot({ startApp, createLogger }, defined, { logLevel: "warn", logs: "discard" });
  const { app } = bot;
  return {
    app,
    async scrape() {
      const res = await fetch(`${app.url}/metrics`);
      const text = await res.text();
      if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}: ${text}`);
      return { text, contentType: res.headers.get("content-type"), ...parseExposition(text) };
    },
    close: () => bot.close(),
  };
}
