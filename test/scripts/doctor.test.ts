// `npm run doctor` as a child process: a table or JSON on stdout, and the exit code.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { root, tempDirPerTest } from "../doctor/support.js";

const tsx = join(root, "node_modules/.bin/tsx");
const script = join(root, "scripts/doctor.ts");

function runDoctorCli(cwd: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  // Only what the test sets: no Okta or Slack settings leak in from the runner's environment.
  const base = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" };
  return new Promise((done) => {
    execFile(tsx, [script, ...args], { cwd, env: { ...base, ...env } }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const cwd = tempDirPerTest("oig-doctor-cli-", { policy: true });

describe("npm run doctor", () => {
  it("prints a table and exits 0 when everything configured works (the built-in sandbox org)", async () => {
    const run = await runDoctorCli(cwd(), [], {});
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toMatch(/^STATUS\s+AREA\s+CHECK\s+DETAIL$/);
    expect(lines.find((line) => line.includes("scope okta.roles.read"))).toMatch(/^ok\s+okta\s+scope okta\.roles\.read\s+granted/);
    expect(lines.find((line) => line.includes("auth.test"))).toMatch(/^off\s+slack/);
    expect(run.stdout).toContain("Everything configured works.");
  });

  it("prints a configuration error as the first failure with its fix, no stack trace, and exits 1", async () => {
    const run = await runDoctorCli(cwd(), [], { OKTA_ORG_URL: "acme.okta.com" });
    expect(run.code).toBe(1);
    const lines = run.stdout.split("\n");
    expect(lines[1]).toMatch(/^FAILING\s+config\s+configuration\s+2 problems in the environment or \.env$/);
    expect(lines[2]).toMatch(/^\s+fix 1\. OKTA_ORG_URL is not a URL \(got "acme\.okta\.com"\)/);
    expect(run.stdout + run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).toContain("1 problem (0 missing, 1 failing); each lists its fix above.");
  });

  it("prints the report as JSON with --json", async () => {
    const run = await runDoctorCli(cwd(), ["--json"], { OKTA_ORG_URL: "acme.okta.com" });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { ok: boolean; exitCode: number; checks: { id: string; status: string }[] };
    expect(report).toMatchObject({ ok: false, exitCode: 1 });
    expect(report.checks[0]).toMatchObject({ id: "config.parse", status: "failing" });
  });
});
