/**
 * The project's root folder (the one holding package.json), found from a
 * module's own URL. Scripts run both as TypeScript (`src/`, `scripts/`,
 * `bench/` through tsx in tests and `npm run dev`) and compiled (`dist/...`,
 * one level deeper), so a fixed `../` would point at `dist/` in one of them.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The nearest folder at or above `moduleUrl`'s folder that has a package.json and is not under dist/. */
export function packageRoot(moduleUrl: string): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  for (;;) {
    if (existsSync(join(dir, "package.json")) && !dir.split(/[\\/]/).includes("dist")) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(moduleUrl)}`);
    dir = parent;
  }
}

/** True when this module runs from the compiled dist/ folder rather than from its TypeScript source. */
export function isCompiled(moduleUrl: string): boolean {
  return fileURLToPath(moduleUrl).split(/[\\/]/).includes("dist");
}
