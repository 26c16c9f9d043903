// Keeps the shape of ARCHITECTURE.md honest: the core imports no platform
// or driver package, arrows point down only, the sandbox and the fakes stand
// alone, adapters do not reach into each other, and nothing but tests imports test/.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|mts|js)$/.test(name)) out.push(path);
  }
  return out;
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
export function importsOf(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?(?:[\w*{}\s,]+?\s+from\s+)?["']([^"']+)["']/g,
    /\bexport\s+(?:type\s+)?[\w*{}\s,]*?\s+from\s+["']([^"']+)["']/g,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) found.push(m[1]!);
  return found;
}

const forbiddenInCore = [/^@slack\//, /^botbuilder/, /^botframework/, /^pg$/, /^pg\//, /^pg-boss/, /^@electric-sql\//];

function violations(dir: string, isForbidden: (spec: string, file: string) => boolean): string[] {
  const bad: string[] = [];
  for (const file of sourceFiles(join(root, dir))) {
    for (const spec of importsOf(readFileSync(file, "utf8"))) {
      if (isForbidden(spec, file)) bad.push(`${relative(root, file)} imports ${spec}`);
    }
  }
  return bad;
}

function resolvesInto(spec: string, file: string, targets: string[]): boolean {
  if (!spec.startsWith(".")) return false;
  const abs = resolve(dirname(file), spec);
  return targets.some((t) => abs === join(root, t) || abs.startsWith(join(root, t) + "/") || abs.startsWith(join(root, t) + "."));
}

describe("module boundaries", () => {
  it("the import scanner sees static, type-only, re-export and dynamic imports", () => {
    const text = [
      `import { App } from "@slack/bolt";`,
      `import type { Pool } from "pg";`,
      `export { x } from "../adapters/slack/x.js";`,
      `const m = await import("botbuilder");`,
    ].join("\n");
    expect(importsOf(text)).toEqual(["@slack/bolt", "pg", "../adapters/slack/x.js", "botbuilder"]);
  });

  it("the governance core imports no Slack, Teams, pg, pg-boss or PGlite package", () => {
    expect(violations("src/governance", (spec) => forbiddenInCore.some((re) => re.test(spec)))).toEqual([]);
  });

  it("the governance core imports nothing above it (adapters, sandbox, app, config)", () => {
    const above = ["src/adapters", "src/sandbox", "src/app", "src/config"];
    expect(violations("src/governance", (spec, file) => resolvesInto(spec, file, above))).toEqual([]);
  });

  it("the sandbox imports nothing from the bot", () => {
    const bot = ["src/governance", "src/adapters", "src/app", "src/config", "src/log"];
    expect(violations("src/sandbox", (spec, file) => resolvesInto(spec, file, bot))).toEqual([]);
  });

  it("the fakes (peers for the demo, benchmarks and tests) import nothing from the bot", () => {
    const bot = ["src/governance", "src/adapters", "src/app", "src/config", "src/log"];
    expect(violations("src/fakes", (spec, file) => resolvesInto(spec, file, bot))).toEqual([]);
  });

  it("product code and scripts (src, scripts, bench) never import test/", () => {
    const bad = ["src", "scripts", "bench"].flatMap((dir) => violations(dir, (spec, file) => resolvesInto(spec, file, ["test"])));
    expect(bad).toEqual([]);
  });

  // The HTTP host (src/adapters/http) is what the others mount on; beyond it no adapter knows another.
  it("adapters do not import each other", () => {
    const adapters = readdirSync(join(root, "src/adapters")).filter((name) => name !== "http" && statSync(join(root, "src/adapters", name)).isDirectory());
    expect(adapters).toEqual(expect.arrayContaining(["postgres", "slack", "teams"]));
    const bad = adapters.flatMap((name) => {
      const others = adapters.filter((other) => other !== name).map((other) => `src/adapters/${other}`);
      return violations(`src/adapters/${name}`, (spec, file) => resolvesInto(spec, file, others));
    });
    const fromHttp = violations("src/adapters/http", (spec, file) => resolvesInto(spec, file, adapters.map((a) => `src/adapters/${a}`)));
    expect([...bad, ...fromHttp]).toEqual([]);
  });

  it("nothing under src imports the composition root", () => {
    expect(violations("src", (spec, file) => resolvesInto(spec, file, ["src/app"]))).toEqual([]);
  });
});
