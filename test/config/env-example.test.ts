import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "dotenv";
import { describe, expect, it } from "vitest";
import { type Env, loadConfig } from "../../src/config.js";
import { repoRoot } from "../support/shared-dir.js";

const example = readFileSync(join(repoRoot, ".env.example"), "utf8");

describe(".env.example", () => {
  it("documents every variable loadConfig reads", () => {
    const read = new Set<string>();
    const recorder = new Proxy<Env>({}, {
      get(_target, name) {
        if (typeof name === "string") read.add(name);
        return undefined;
      },
    });
    loadConfig(recorder, { cwd: "/srv/bot" });
    const documented = Object.keys(parse(example));
    expect(read.size).toBeGreaterThan(20);
    expect([...read].filter((name) => !documented.includes(name))).toEqual([]);
  });

  it("used as is, starts the bot on the sandbox with chat platforms off", () => {
    const config = loadConfig(parse(example), { cwd: "/srv/bot" });
    expect(config.okta).toEqual({ kind: "sandbox" });
    expect(config.slack).toEqual({ mode: "off" });
    expect(config.teams).toEqual({ mode: "local" });
  });

  it("gives every variable a comment line above it", () => {
    const lines = example.split("\n");
    const uncommented = lines.filter((line, i) => /^[A-Za-z_]+=/.test(line) && !(lines[i - 1] ?? "").startsWith("#"));
    expect(uncommented).toEqual([]);
  });
});
