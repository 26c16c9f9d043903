// The Teams adapter as the bot composes it: botbuilder is not loaded until
// Teams is used (an activity, or a post the core asks for), and a bot that
// never sees Teams never loads it; with credentials it loads at start-up.
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { pino } from "pino";
import { createLazyTeamsAdapter, type LazyTeamsAdapter } from "../../../src/adapters/teams/lazy-teams-adapter.js";
import { plainMessage, teamsUser } from "../../../src/fakes/teams-client.js";
import { repoRoot } from "../../support/shared-dir.js";
import { FakeCore } from "./support/fake-core.js";
import { startTeamsHarness, type TeamsHarness } from "./support/teams-harness.js";

const alice = teamsUser("alice", "alice.responder@example.com");

/** Every module `from` reaches through static imports (not `import type`, not `import()`), as repo-relative paths or package names. */
function staticGraph(from: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    const key = relative(repoRoot, file);
    if (seen.has(key)) return;
    seen.add(key);
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/^\s*(?:import|export)\s+(?!type\s)(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm)) {
      const spec = match[1]!;
      if (spec.startsWith(".")) visit(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
      else if (!spec.startsWith("node:")) seen.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!);
    }
  };
  visit(join(repoRoot, from));
  return seen;
}

describe("Teams code loads only when Teams is used", () => {
  let h: TeamsHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("the bot's static import graph reaches neither botbuilder nor the Teams adapter, nor pino-pretty, PGlite or the sandbox", () => {
    const graph = staticGraph("src/app.ts");
    // The scanner works: it sees what app.ts does import statically.
    expect(graph.has("src/adapters/teams/lazy-teams-adapter.ts")).toBe(true);
    expect(graph.has("pino")).toBe(true);
    for (const lazy of ["botbuilder", "botframework-connector", "src/adapters/teams/teams-adapter.ts", "pino-pretty", "@electric-sql/pglite", "src/sandbox/index.ts", "@slack/bolt"]) {
      expect(graph.has(lazy), lazy).toBe(false);
    }
  });

  it("in local mode nothing is loaded until the first activity, which is then answered", async () => {
    const core = new FakeCore();
    const harness = await startTeamsHarness({ core, lazy: true });
    h = harness;
    const adapter = harness.adapter as LazyTeamsAdapter;
    await adapter.start();
    expect(adapter.loaded()).toBe(false);
    expect(await adapter.readiness()).toEqual({ status: "ok", detail: expect.stringContaining("botbuilder loads at the first activity") });
    harness.connector.addMember({ id: alice.id, aadObjectId: alice.aadObjectId, name: alice.name, email: alice.email });
    const answered = await harness.client.send(plainMessage(harness.connector.serviceUrl, alice, "help"));
    expect(answered.status).toBeLessThan(300);
    expect(adapter.loaded()).toBe(true);
    expect(core.callsOf("help")).toHaveLength(1);
    expect(await adapter.readiness()).toEqual({ status: "ok", detail: "local mode: unauthenticated, loopback only" });
  });

  it("a post the core asks for loads it too (a launch made from Teams before a restart)", async () => {
    const core = new FakeCore();
    const adapter = createLazyTeamsAdapter({ config: { mode: "local" }, core, chatState: core, logger: pino({ level: "silent" }) });
    expect(adapter.loaded()).toBe(false);
    // No conversation reference is stored for it, so the real notifier refuses; what matters is that it was reached.
    await expect(adapter.notifier.notify({ platform: "teams", conversationId: "19:nowhere", threadId: null } as never, { type: "sar-status-changed", sar: { id: "sar-1" } as never, previousStatus: null })).rejects.toThrow();
    expect(adapter.loaded()).toBe(true);
    await adapter.stop();
  });

  it("stopping an adapter that was never used loads nothing; a stopped one refuses activities", async () => {
    const core = new FakeCore();
    const harness = await startTeamsHarness({ core, lazy: true });
    h = harness;
    const adapter = harness.adapter as LazyTeamsAdapter;
    await adapter.stop();
    expect(adapter.loaded()).toBe(false);
    const refused = await harness.client.send(plainMessage(harness.connector.serviceUrl, alice, "help"));
    expect(refused.status).toBe(503);
    expect(adapter.loaded()).toBe(false);
    expect(core.callsOf("help")).toHaveLength(0);
  });

  it("with Bot Framework credentials it loads at start-up", async () => {
    const core = new FakeCore();
    const adapter = createLazyTeamsAdapter({
      config: { mode: "authenticated", appType: "MultiTenant", appId: "00000000-0000-0000-0000-000000000001", appPassword: "not-a-real-secret" },
      core,
      chatState: core,
      logger: pino({ level: "silent" }),
    });
    expect(adapter.loaded()).toBe(false);
    await adapter.start();
    expect(adapter.loaded()).toBe(true);
    await adapter.stop();
  });
});
