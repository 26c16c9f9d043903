// The bench runs the bot with the node options of package.json's start script, read from the script itself.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { START_EXEC_ARGV, startExecArgv } from "../../bench/lib/bot-process.js";

describe("startExecArgv", () => {
  it("gives the node options between node and dist/bin/start.js, with or without exec", () => {
    expect(startExecArgv("exec node --enable-source-maps --max-semi-space-size=4 dist/bin/start.js")).toEqual(["--enable-source-maps", "--max-semi-space-size=4"]);
    expect(startExecArgv("node dist/bin/start.js")).toEqual([]);
  });

  it("refuses a start script of another shape, so the bench cannot silently run the bot differently", () => {
    expect(() => startExecArgv("tsx src/app.ts")).toThrow(/not "node <--options> dist\/bin\/start.js"/);
    expect(() => startExecArgv("node --enable-source-maps dist/bin/other.js")).toThrow(/start script/);
    expect(() => startExecArgv("node --enable-source-maps dist/bin/start.js --port 3000")).toThrow(/start script/);
    expect(() => startExecArgv("node script.js dist/bin/start.js")).toThrow(/start script/);
  });

  it("is what package.json's start script says today", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { scripts: { start: string } };
    expect(START_EXEC_ARGV).toEqual(pkg.scripts.start.split(/\s+/).filter((w) => w.startsWith("--")));
    expect(START_EXEC_ARGV).toContain("--enable-source-maps");
  });
});

describe("the README's start command", () => {
  it("is package.json's start script, so someone running node by hand gives it the same options", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { scripts: { start: string } };
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    expect(readme).toContain("`" + pkg.scripts.start.replace(/^exec /, "") + "`");
  });
});
