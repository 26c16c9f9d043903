// `npm run demo` as a person runs it: a child process that plays the
// incident through Slack and Teams and prints the transcript.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/shared-dir.js";

const run = promisify(execFile);

describe("scripts/demo.ts", () => {
  it("plays the incident end to end, names the SAR it created and exits 0", async () => {
    const { stdout } = await run(join(repoRoot, "node_modules/.bin/tsx"), [join(repoRoot, "scripts/demo.ts")], { cwd: repoRoot, timeout: 120_000 });
    const lines = stdout.split("\n");
    const step = (pattern: RegExp): string => {
      const line = lines.find((l) => pattern.test(l));
      if (line === undefined) throw new Error(`no transcript line matching ${pattern}:\n${stdout}`);
      return line;
    };
    step(/^\[slack\] alice in #incident-4711: \/sar @dan\.target suspicious OAuth grant INC-4711$/);
    step(/^\[slack\] bot -> alice \(modal\): launch form: target=@dan\.target/);
    step(/^\[slack\] alice \(modal\): submits: reviewers erin\.reviewer@example\.com, frank\.reviewer@example\.com/);
    step(/^\[slack\] bot -> #incident-4711: approval card: .*Approval needed/);
    step(/^\[slack\] bob in #incident-4711: clicks Approve/);
    const created = step(/^\[slack\] bot -> #incident-4711 \(thread\): Security access review \S+ created for dan\.target@example\.com$/);
    const sarId = /review (\S+) created/.exec(created)?.[1];
    expect(sarId).toMatch(/^sar/);
    step(new RegExp(`^\\[okta\\] sandbox: security access review ${sarId} "SAR dan\\.target@example\\.com INC-4711 L[0-9A-Z]{6}" created$`));
    expect(step(/\(thread\): .*ACTIVE/)).toContain(sarId);
    step(/^\[teams\] alice \(chat with the bot\): message reqdemodanpending000 /);
    step(/^\[teams\] bot -> alice: Message posted on reqdemodanpending000/);
    expect(lines).toContain(`[demo] done: SAR ${sarId} is ACTIVE; request reqdemodanpending000 has alice's message`);
  }, 150_000);
});
