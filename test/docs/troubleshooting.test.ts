// docs/troubleshooting.md lists every error a person can meet. The lists
// are read from the code, not written here: the error classes' codes, the
// error replies built with a literal code, the configuration variables
// (.env.example, which another test keeps equal to what loadConfig reads)
// and the doctor's check ids. A new one that is not on the page fails this.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultOktaScopes } from "../../src/config.js";
import { PROBES } from "../../src/doctor/okta-probes.js";
import { repoRoot } from "../support/shared-dir.js";

const page = readFileSync(join(repoRoot, "docs/troubleshooting.md"), "utf8");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

/** `{ file, text }` of every bot source file; the sandbox is Okta's fake and shows no bot errors. */
const sources = sourceFiles(join(repoRoot, "src"))
  .filter((file) => !relative(repoRoot, file).startsWith("src/sandbox/"))
  .map((file) => ({ file: relative(repoRoot, file), text: readFileSync(file, "utf8") }));

function matchesIn(texts: readonly string[], pattern: RegExp): string[] {
  return [...new Set(texts.flatMap((text) => [...text.matchAll(pattern)].map((m) => m[1]!)))].sort();
}

/** Codes of error classes (`readonly code = "..."`) and of error replies built with a literal code. */
export function errorCodesIn(texts: readonly string[]): string[] {
  return [
    ...new Set([
      ...matchesIn(texts, /readonly code(?:\s*:\s*string)?\s*=\s*"([a-z_]+)"/g),
      ...matchesIn(texts, /type:\s*"error",\s*code:\s*"([a-z_]+)"/g),
      ...matchesIn(texts, /\berrorReply\(\s*"([a-z_]+)"/g),
    ]),
  ].sort();
}

/** The doctor's check ids: literal ids, the probe and scope rows, and the per-area error and skipped rows. */
function doctorCheckIds(): string[] {
  const doctor = sources.filter((s) => s.file.startsWith("src/doctor/")).map((s) => s.text);
  const literal = matchesIn(doctor, /(?:\bid:\s*|\brow\(\s*)"([a-z]+\.[a-z.]+)"/g).filter((id) => !PROBES.some((probe) => probe.id === id));
  const areasSource = readFileSync(join(repoRoot, "src/doctor/types.ts"), "utf8");
  const areas = [...(/export type CheckArea = ([^;]+);/.exec(areasSource)?.[1] ?? "").matchAll(/"([a-z]+)"/g)].map((m) => m[1]!);
  const perArea = matchesIn(doctor, /id: `\$\{area\}\.([a-z]+)`/g);
  return [
    ...literal,
    ...PROBES.map((probe) => `okta.permission.${probe.id}`),
    ...defaultOktaScopes.map((scope) => `okta.scope.${scope}`),
    ...areas.filter((area) => area !== "config").flatMap((area) => perArea.map((suffix) => `${area}.${suffix}`)),
  ];
}

function section(title: string): string {
  const start = page.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`docs/troubleshooting.md has no "## ${title}" section`);
  const end = page.indexOf("\n## ", start + 1);
  return page.slice(start, end < 0 ? undefined : end);
}

const documented = (text: string, name: string) => text.includes(`\`${name}\``);

describe("docs/troubleshooting.md", () => {
  it("the code scanner finds class codes, literal error replies and errorReply calls", () => {
    const sample = [
      `export class X extends GovernanceError { readonly code = "alpha_one"; }`,
      `class Y { readonly code: string = "beta"; }`,
      `return { type: "error",\n  code: "gamma", message: "x" };`,
      `errorReply("delta", "message")`,
      `const notAnError = { code: "epsilon" };`,
    ];
    expect(errorCodesIn(sample)).toEqual(["alpha_one", "beta", "delta", "gamma"]);
  });

  it("lists every error code a chat reply can carry", () => {
    const codes = errorCodesIn(sources.map((s) => s.text));
    // The scan must see the core's, the Okta client's and the doctor's codes, or it is looking in the wrong place.
    expect(codes).toEqual(expect.arrayContaining(["not_allowed", "validation_failed", "okta_forbidden", "okta_unavailable", "doctor_unavailable"]));
    const chat = section("Errors in chat");
    expect(codes.filter((code) => !documented(chat, code))).toEqual([]);
  });

  it("lists every configuration variable under the start-up errors", () => {
    const variables = matchesIn([readFileSync(join(repoRoot, ".env.example"), "utf8")], /^([A-Za-z][A-Za-z0-9_]*)=/gm);
    expect(variables).toEqual(expect.arrayContaining(["OKTA_ORG_URL", "SLACK_BOT_TOKEN", "MicrosoftAppId", "DATABASE_URL"]));
    const startUp = section("Start-up errors");
    expect(variables.filter((name) => !documented(startUp, name))).toEqual([]);
  });

  it("lists every doctor check id with what it checks", () => {
    const ids = doctorCheckIds();
    expect(ids).toEqual(expect.arrayContaining(["config.parse", "okta.token", "database.migrations", "slack.auth", "okta.permission.users.roles", "policy.skipped"]));
    const findings = section("Doctor findings");
    const missing = ids.filter((id) => {
      if (documented(findings, id)) return false;
      // Scope rows are documented once as `okta.scope.<scope>`, with every scope named on that row.
      const scope = id.startsWith("okta.scope.") ? id.slice("okta.scope.".length) : undefined;
      return !(scope !== undefined && documented(findings, "okta.scope.<scope>") && documented(findings, scope));
    });
    expect(missing).toEqual([]);
  });
});
