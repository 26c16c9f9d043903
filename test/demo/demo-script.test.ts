// `npm run demo` as a person runs it: a child process that plays the
// incident through Slack and Teams and prints the transcript.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/shared-dir.js";

const run = promisify(execFile);

describe("scripts/demo.ts", () => {
  it("plays the incident end to end: launch, triage card, one revoke, one close; exits 0", async () => {
    const { stdout } = await run(join(repoRoot, "node_modules/.bin/tsx"), [join(repoRoot, "scripts/demo.ts")], { cwd: repoRoot, timeout: 240_000 });
    const lines = stdout.split("\n");
    const indexOf = (pattern: RegExp, from = 0): number => {
      const index = lines.findIndex((l, i) => i >= from && pattern.test(l));
      if (index < 0) throw new Error(`no transcript line matching ${pattern} after line ${from}:\n${stdout}`);
      return index;
    };
    const step = (pattern: RegExp, from = 0): string => lines[indexOf(pattern, from)] ?? "";
    /** The indented lines of the card announced at `index`. */
    const cardAt = (index: number): string[] => {
      const card: string[] = [];
      for (let i = index + 1; i < lines.length && (lines[i] ?? "").startsWith("    | "); i++) card.push((lines[i] ?? "").slice(6));
      return card;
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

    // The triage card in the launch thread: dan, the review, items highest priority first, each with its buttons.
    const cardLine = indexOf(/^\[slack\] bot -> #incident-4711 \(thread\): triage card:$/);
    const card = cardAt(cardLine);
    expect(card[0]).toBe("Security access review");
    expect(card.some((l) => l.startsWith("Dan Target · dan.target@example.com"))).toBe(true);
    expect(card.some((l) => l.startsWith(`Review ${sarId} ACTIVE`) && l.includes("Erin Reviewer"))).toBe(true);
    const items = card.filter((l) => / · priority (HIGH|MEDIUM|LOW)/.test(l));
    expect(items.length).toBeGreaterThan(1);
    const rank = (l: string) => ["HIGH", "MEDIUM", "LOW"].indexOf(/priority (\w+)/.exec(l)?.[1] ?? "");
    expect(items.map(rank)).toEqual([...items.map(rank)].sort((a, b) => a - b));
    const top = /^\S+ (.+?) · /.exec(items[0] ?? "")?.[1];
    expect(rank(items[0] ?? "")).toBe(0);
    expect(card[card.indexOf(items[0] ?? "") + 1 + card.slice(card.indexOf(items[0] ?? "") + 1).findIndex((l) => l.startsWith("["))]).toContain("[Revoke]");
    expect(card).toContain("[Close review] [Restore all access] [Extend] [Reviewers] [Comment] [Summarize]");

    // erin, a reviewer, revokes the top item with a note; Slack's second delivery changes nothing.
    const note = "OAuth grant used from an unknown IP during INC-4711";
    const revokeClick = indexOf(new RegExp(`^\\[slack\\] erin \\(reviewer\\) in #incident-4711: clicks Revoke on "${top}"$`), cardLine);
    step(new RegExp(`^\\[slack\\] bot -> erin \\(modal\\): ⛔ Revoke ${top} in security access review ${sarId}\\?`), revokeClick);
    step(/^\[slack\] slack: delivers erin's confirmation a second time/, revokeClick);
    expect(lines).toContain(`[slack] bot -> #incident-4711 (thread): Revoked ${top}, by Erin Reviewer: ${note}`);
    expect(step(/^\[slack\] bot \(card updated in place\): /, revokeClick)).toMatch(new RegExp(`${top} · .* remediation (IN_PROGRESS|REMEDIATED)`));
    expect(lines).toContain(`[okta] sandbox: 1 REVOKE_ACCESS on "${top}" (1 item action call); SAR comment: "Revoked ${top} - erin.reviewer@example.com via chat: ${note}"`);

    // bob closes the review: one CLOSE_REVIEW, the closing summary in the thread, a card without buttons.
    const closeClick = indexOf(/^\[slack\] bob in #incident-4711: clicks Close review on the triage card$/, revokeClick);
    step(new RegExp(`^\\[slack\\] bot -> bob \\(modal\\): 🔒 Close security access review ${sarId}\\?`), closeClick);
    expect(lines).toContain("[slack] bot -> #incident-4711 (thread): Closed the review, by Bob Lead: Contained; follow-up in INC-4711");
    const summary = cardAt(indexOf(/^\[slack\] bot -> #incident-4711 \(thread\): closing summary:$/, closeClick));
    expect(summary).toEqual([`🔒 Security access review ${sarId} of Dan Target is closed, by Bob Lead (bob.lead@example.com).`, "1 revoked · 0 restored · 0 flagged · 2 left as they were"]);
    const closed = cardAt(indexOf(/^\[slack\] bot \(card updated in place\): the closed card, read-only:$/, closeClick));
    expect(closed[0]).toBe("Security access review (closed)");
    expect(closed.some((l) => l.startsWith(`Review ${sarId} CLOSED`))).toBe(true);
    expect(closed.filter((l) => l.startsWith("["))).toEqual([]);
    expect(closed.at(-1)).toMatch(/^🔒 Closed: read-only/);
    expect(lines).toContain(
      `[okta] sandbox: review ${sarId} CLOSED: 1 CLOSE_REVIEW (1 review action call); SAR comment: "Closed the review - bob.lead@example.com via chat: Contained; follow-up in INC-4711"`,
    );

    step(/^\[teams\] alice \(chat with the bot\): message reqdemodanpending000 /);
    step(/^\[teams\] bot -> alice: Message posted on reqdemodanpending000/);
    expect(lines).toContain(`[demo] done: SAR ${sarId}: one item revoked by erin, closed by bob; request reqdemodanpending000 has alice's message`);
  }, 300_000);
});
