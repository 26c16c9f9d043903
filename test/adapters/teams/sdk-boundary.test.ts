// The Bot Framework SDK is archived upstream: every botbuilder /
// botframework import stays under src/adapters/teams/, and tests speak the
// wire protocol, so the SDK can be replaced without touching anything else.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../support/shared-dir.js";

const SDK = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)["'](botbuilder[^"']*|botframework[^"']*)["']/g;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" ? [] : files(path);
    return /\.(ts|mts|js)$/.test(name) ? [path] : [];
  });
}

function sdkImports(dirs: string[]): string[] {
  return dirs.flatMap((dir) =>
    files(join(repoRoot, dir)).flatMap((file) => [...readFileSync(file, "utf8").matchAll(SDK)].map((m) => `${relative(repoRoot, file)} imports ${m[1]}`)),
  );
}

describe("Bot Framework SDK boundary", () => {
  it("the scanner sees static and dynamic SDK imports", () => {
    const text = `import { CloudAdapter } from "botbuilder";\nconst c = await import("botframework-connector");`;
    expect([...text.matchAll(SDK)].map((m) => m[1])).toEqual(["botbuilder", "botframework-connector"]);
  });

  it("only src/adapters/teams imports botbuilder or botframework packages", () => {
    const outside = sdkImports(["src", "scripts"]).filter((line) => !line.startsWith("src/adapters/teams/"));
    expect(outside).toEqual([]);
  });

  it("no adapter test or test support imports the SDK", () => {
    const self = relative(repoRoot, fileURLToPath(import.meta.url));
    expect(sdkImports(["test/adapters", "test/support"]).filter((line) => !line.startsWith(`${self} `))).toEqual([]);
  });
});
