/* global process, console */
// `npm run build`, also run by `npm ci` / `npm install` through `prepare`: compiles src/, scripts/ and bench/
// into dist/ and copies the SQL migrations beside the compiled migrate.js (tsc copies only code).
// Plain JavaScript because it runs before anything is compiled. An install without dev dependencies
// (`npm ci --omit=dev`) has no TypeScript: it keeps a dist/ shipped with the files, or says what to do.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
let tsc;
try {
  tsc = createRequire(join(root, "package.json")).resolve("typescript/bin/tsc");
} catch {
  if (existsSync(join(root, "dist/src/app.js"))) process.exit(0);
  console.error("build: TypeScript is not installed (an install without dev dependencies) and there is no dist/: run `npm ci` with dev dependencies, then `npm run build`");
  process.exit(1);
}
const result = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { cwd: root, stdio: "inherit" });
if (result.status !== 0) process.exit(result.status ?? 1);
cpSync(join(root, "src/adapters/postgres/migrations"), join(root, "dist/src/adapters/postgres/migrations"), { recursive: true });
