// The triage card in Block Kit: within Slack's limits for every sample, a
// hostile view and a page of a 500-item review; buttons exactly the item's
// supported (shared card) or allowed (a person's view) actions; a closed
// review shows no buttons at all; hostile text is shown, never executed.
import { describe, expect, it } from "vitest";
import { renderReply } from "../../../src/adapters/slack/render/render-reply.js";
import { renderThreadEvent } from "../../../src/adapters/slack/render/render-event.js";
import { decodeTriageValue, encodeTriageValue, renderActionDone, renderClosingSummary, renderTriageCard, renderTriageDetails, renderTriageSummary } from "../../../src/adapters/slack/render/render-triage.js";
import { ACTION_IDS } from "../../../src/adapters/slack/surface.js";
import { messageLimitProblems } from "../../../src/fakes/slack-web-api.js";
import { encodeCursor, MAX_PAGES } from "../../../src/governance/triage/map-view.js";
import type { TriageView } from "../../../src/governance/triage/types.js";
import { hostileTriageView, sampleActionDone, sampleTriageDetails, sampleTriageItem, sampleTriageView, TRIAGE_HOSTILE } from "../../support/triage-views.js";

interface Btn {
  action_id: string;
  value?: string;
  url?: string;
}

const buttonsOf = (blocks: unknown[]): (Btn & { block: string })[] =>
  blocks.flatMap((b) => {
    const block = b as { type: string; block_id?: string; elements?: Btn[]; accessory?: Btn };
    const els = block.type === "actions" ? (block.elements ?? []) : block.accessory !== undefined ? [block.accessory] : [];
    return els.map((e) => ({ ...e, block: block.block_id ?? "" }));
  });

/** A 10-item page from the middle of a review of 500 items, with long names and many anomalies and labels. */
function bigPage(): TriageView {
  const items = Array.from({ length: 10 }, (_, i) =>
    sampleTriageItem({
      id: `aim${String(200 + i).padStart(16, "0")}`,
      name: `Entitlement ${200 + i} ${"n".repeat(400)}`,
      anomalies: Array.from({ length: 12 }, (_, j) => ({ type: "USAGE_HISTORY", text: `Anomaly ${j} ${"a".repeat(500)}` })),
      labels: Array.from({ length: 12 }, (_, j) => `Label ${j}: ${"v".repeat(300)}`),
      supportedActions: ["REVOKE_ACCESS", "RESTORE_ACCESS", "FLAG_FOR_MANUAL_REMEDIATION", "FLAG_FOR_MANUAL_RESTORATION"],
      allowedActions: ["REVOKE_ACCESS", "RESTORE_ACCESS", "FLAG_FOR_MANUAL_REMEDIATION", "FLAG_FOR_MANUAL_RESTORATION"],
    }),
  );
  return sampleTriageView({ items, page: { index: 20, size: 10, nextCursor: "n".repeat(1200), previousCursor: "p".repeat(1200) } });
}

const views: [string, TriageView][] = [
  ["the sample", sampleTriageView()],
  ["a person's view", sampleTriageView({ viewer: { kind: "person", oktaUserId: "00uerin0000000000001" } })],
  ["a closed review", sampleTriageView({ readOnly: true, controls: [], sar: { ...sampleTriageView().sar, status: "CLOSED" } })],
  ["an empty page", sampleTriageView({ items: [] })],
  ["a hostile view", hostileTriageView()],
  ["a 10-item page of a 500-item review", bigPage()],
];

describe("triage card rendering", () => {
  it.each(views)("keeps %s within Slack's message limits", (_name, view) => {
    const card = renderTriageCard(view);
    expect(messageLimitProblems({ text: card.text, blocks: card.blocks })).toEqual([]);
    expect(card.text.length).toBeLessThanOrEqual(3000);
    expect(JSON.stringify(card).length).toBeLessThan(100_000);
    // Nothing was cut for lack of room: every item of the page has its own section.
    expect(JSON.stringify(card.blocks)).not.toContain("more not shown here");
    const itemSections = card.blocks.filter((b) => b.type === "section" && /^[🔴🟠🟢⚪] \*/u.test((b as { text?: { text: string } }).text?.text ?? ""));
    expect(itemSections).toHaveLength(Math.max(view.items.length, 0));
  });

  it("shows the principal, the review and each item's facts", () => {
    const json = JSON.stringify(renderTriageCard(sampleTriageView()).blocks);
    for (const text of ["Dan Target", "dan.target@example.com", "ACTIVE", "Finance", "Mia Manager", "203.0.113.7", "Berlin, DE", "Chrome on macOS", "Application Administrator"]) expect(json).toContain(text);
    for (const text of ["Erin Reviewer", "sar00000000000000001", "L7K2Q9X", "<https://example-admin.okta.com/admin/governance/security-access-reviews/sar00000000000000001|Open in Okta>"]) expect(json).toContain(text);
    for (const text of ["AWS Console", "APPLICATION", "HIGH", "Conflicts with Workday Payroll Admin", "Sensitivity: Critical", "REMEDIATED"]) expect(json).toContain(text);
    expect(json).toContain(`<!date^${Date.parse("2031-01-01T09:00:00.000Z") / 1000}^`);
  });

  it("offers on the shared card exactly each item's supported actions, plus Details when it has any", () => {
    const view = sampleTriageView();
    const buttons = buttonsOf(renderTriageCard(view).blocks);
    view.items.forEach((item, i) => {
      const mine = buttons.filter((b) => b.block === `triage:item:${i}`);
      const expected = [
        ...item.supportedActions.map((a) => ({ REVOKE_ACCESS: ACTION_IDS.triageRevoke, RESTORE_ACCESS: ACTION_IDS.triageRestore, FLAG_FOR_MANUAL_REMEDIATION: ACTION_IDS.triageFlagRemediation, FLAG_FOR_MANUAL_RESTORATION: ACTION_IDS.triageFlagRestoration })[a]),
        ...(item.hasDetails ? [ACTION_IDS.triageDetails] : []),
      ];
      expect(mine.map((b) => b.action_id)).toEqual(expected);
      for (const b of mine) expect(decodeTriageValue(b.value)).toMatchObject({ sarId: view.sar.id, accessId: item.id });
    });
    // Slack's Workday item supports Flag though nobody may take it: the shared card still offers it (a click is checked then).
    expect(buttons.filter((b) => b.block === "triage:item:4").map((b) => b.action_id)).toEqual([ACTION_IDS.triageFlagRemediation, ACTION_IDS.triageDetails]);
  });

  it("offers on a person's view only the actions they may take", () => {
    const view = sampleTriageView({ viewer: { kind: "person", oktaUserId: "00uerin0000000000001" } });
    const buttons = buttonsOf(renderTriageCard(view).blocks);
    expect(buttons.filter((b) => b.block === "triage:item:4").map((b) => b.action_id)).toEqual([ACTION_IDS.triageDetails]);
    expect(buttons.filter((b) => b.block === "triage:item:0").map((b) => b.action_id)).toEqual([ACTION_IDS.triageRevoke, ACTION_IDS.triageFlagRemediation, ACTION_IDS.triageDetails]);
    const revoke = buttons.find((b) => b.block === "triage:item:0" && b.action_id === ACTION_IDS.triageRevoke);
    expect(decodeTriageValue(revoke?.value)).toEqual({ sarId: view.sar.id, accessId: "aim0000000000000001", action: "REVOKE_ACCESS", itemName: "AWS Console" });
  });

  it("offers the review controls the view lists, in order, and page buttons carrying the cursors", () => {
    const view = sampleTriageView({ controls: ["summarize", "close", "comment"], page: { index: 1, size: 10, nextCursor: "next-3", previousCursor: "prev-1" } });
    const buttons = buttonsOf(renderTriageCard(view).blocks);
    expect(buttons.filter((b) => b.block === "triage:controls").map((b) => b.action_id)).toEqual([ACTION_IDS.triageClose, ACTION_IDS.triageComment, ACTION_IDS.triageSummarize]);
    const pages = buttons.filter((b) => b.block === "triage:pages");
    expect(pages.map((b) => [b.action_id, decodeTriageValue(b.value)?.cursor])).toEqual([
      [ACTION_IDS.triagePrevious, "prev-1"],
      [ACTION_IDS.triageNext, "next-3"],
    ]);
    const first = buttonsOf(renderTriageCard(sampleTriageView()).blocks);
    expect(first.some((b) => b.block === "triage:pages")).toBe(false);
  });

  it("keeps More and Previous on the last pages of a 500-item review, whose cursors carry every page's position", () => {
    // The cursor of page 50 holds 49 Okta positions (about 1 500 characters): the last items must stay reachable.
    const positions = Array.from({ length: MAX_PAGES - 1 }, (_, i) => `aim${String(10 * (i + 1)).padStart(17, "0")}`);
    const nextCursor = encodeCursor([null, ...positions]);
    const previousCursor = encodeCursor([null, ...positions.slice(0, -2)]);
    expect(nextCursor.length).toBeGreaterThan(1500);
    const view = sampleTriageView({ page: { index: MAX_PAGES - 2, size: 10, nextCursor, previousCursor } });
    const rendered = renderTriageCard(view);
    expect(messageLimitProblems({ text: rendered.text, blocks: rendered.blocks })).toEqual([]);
    const pages = buttonsOf(rendered.blocks).filter((b) => b.block === "triage:pages");
    expect(pages.map((b) => [b.action_id, decodeTriageValue(b.value)?.cursor])).toEqual([
      [ACTION_IDS.triagePrevious, previousCursor],
      [ACTION_IDS.triageNext, nextCursor],
    ]);
  });

  it("has no buttons at all once the review is closed (read-only)", () => {
    const view = sampleTriageView({ readOnly: true, controls: ["close", "summarize"], page: { index: 0, size: 10, nextCursor: "n" }, sar: { ...sampleTriageView().sar, status: "CLOSED" } });
    const card = renderTriageCard(view);
    expect(buttonsOf(card.blocks)).toEqual([]);
    expect(JSON.stringify(card.blocks)).toContain("read-only");
  });

  it("shows hostile text escaped everywhere, never a mention, link or javascript: URL", () => {
    const card = renderTriageCard(hostileTriageView());
    const json = JSON.stringify(card);
    expect(json).not.toContain("<!channel>");
    expect(json).not.toContain("<https://evil.example");
    expect(json).not.toContain("<@U0BOB>");
    expect(json).not.toContain("javascript:");
    expect(json).not.toContain("\\u0007");
    expect(json).toContain("&lt;!channel&gt;");
    for (const m of [renderTriageDetails({ ...sampleTriageDetails(), item: sampleTriageItem({ name: TRIAGE_HOSTILE }), subAccesses: [{ id: "s", name: TRIAGE_HOSTILE, type: TRIAGE_HOSTILE, supportedActions: [] }] }), renderActionDone(sampleActionDone({ note: TRIAGE_HOSTILE, item: { id: "aim1", name: TRIAGE_HOSTILE } })), renderTriageSummary("sar1", { status: "ok", message: TRIAGE_HOSTILE }), renderClosingSummary(hostileTriageView(), { revoked: 1, restored: 0, flagged: 2, untouched: 7 })]) {
      const text = JSON.stringify(m);
      expect(text).not.toContain("<!channel>");
      expect(text).not.toContain("<@U0BOB>");
      expect(messageLimitProblems({ text: m.text, blocks: m.blocks })).toEqual([]);
    }
  });

  it("a button value is read back only when this app could have written it", () => {
    expect(decodeTriageValue(encodeTriageValue({ sarId: "sar1", accessId: "aim1", action: "RESTORE_ACCESS" }))).toEqual({ sarId: "sar1", accessId: "aim1", action: "RESTORE_ACCESS" });
    for (const bad of ["", "x", "[]", '{"s":"../x"}', '{"s":"sar1","a":"DELETE_USER"}', '{"s":"sar1","i":"a b"}', '{"s":"sar1","c":5}', JSON.stringify({ s: "sar1", c: "c".repeat(1901) })]) expect(decodeTriageValue(bad)).toBeNull();
  });

  it("the replies and events use the card: shared card to the channel, a person's view privately, details and summaries privately", () => {
    expect(renderReply({ type: "triage-card", triage: sampleTriageView() }).audience).toBe("channel");
    expect(renderReply({ type: "triage-card", triage: sampleTriageView({ viewer: { kind: "person", oktaUserId: "00u1" } }) }).audience).toBe("private");
    expect(renderReply({ type: "triage-details", details: sampleTriageDetails() }).audience).toBe("private");
    expect(renderReply({ type: "triage-summary", sarId: "sar1", summary: { status: "not-enabled", hint: "Ask an admin." } }).audience).toBe("private");
    const event = renderThreadEvent({ type: "triage-updated", triage: sampleTriageView(), messageId: "1.1" });
    expect(buttonsOf(event.blocks).some((b) => b.action_id === ACTION_IDS.triageRevoke)).toBe(true);
    const closed = renderThreadEvent({ type: "review-closed", triage: sampleTriageView(), summary: { revoked: 2, restored: 1, flagged: 1, untouched: 6 }, closedBy: sampleActionDone().by });
    expect(JSON.stringify(closed.blocks)).toMatch(/\*2\* revoked · \*1\* restored · \*1\* flagged · \*6\* left as they were/);
    expect(JSON.stringify(closed.blocks)).toContain("Erin Reviewer");
  });

  it("the thread line after an action names who did what, with their note", () => {
    const line = JSON.stringify(renderActionDone(sampleActionDone()).blocks);
    expect(line).toContain("Revoked *AWS Console*, by Erin Reviewer (erin.reviewer@example.com): _confirmed compromise_");
  });
});
