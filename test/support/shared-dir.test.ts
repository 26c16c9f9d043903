import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, sharedDir, sharedPresent } from "./shared-dir.js";

describe("shared-dir", () => {
  it("repoRoot is the repository root, found from this module rather than the cwd", () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { name: string };
    expect(pkg.name).toBe("oig-chatops");
  });

  it.skipIf(process.env.OIG_SHARED_DIR !== undefined)("sharedDir is the `shared` folder beside the repository", () => {
    expect(basename(sharedDir)).toBe("shared");
    expect(dirname(sharedDir)).toBe(dirname(repoRoot));
  });

  it("sharedPresent answers false for a path that does not exist", () => {
    expect(sharedPresent("no-such-folder-anywhere")).toBe(false);
  });
});
