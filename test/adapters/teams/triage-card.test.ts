// The Teams triage card: every version (shared, a person's, read-only,
// hostile text, Details, summaries, the dialogs) is a valid Adaptive Card
// 1.5 under Teams' 28 KB limit; buttons follow the viewer's allowed
// actions; the shared card refreshes for the listed people only.
import { describe, expect, it } from "vitest";
import { messageOf } from "../../../src/adapters/teams/conversation/poster.js";
import { renderEvent } from "../../../src/adapters/teams/render/event-messages.js";
import { renderReply } from "../../../src/adapters/teams/render/render-reply.js";
import { closingSummaryCard, triageCard, triageDetailsCard, triageDialogCard, triageSummaryCard, type TriageDialog } from "../../../src/adapters/teams/render/triage-card.js";
import type { TriageView } from "../../../src/governance/triage/types.js";
import { sharedAbsentMessage, sharedPresent } from "../../support/shared-dir.js";
import { TRIAGE_HOSTILE, hostileTriageView, sampleActionDone, sampleTriageDetails, sampleTriageItem, sampleTriageView } from "../../support/triage-views.js";
import { allText, button, buttonsOf, markdownTexts, refreshOf } from "./support/card-reading.js";
import { adaptiveCardValidator, describeErrors } from "./support/schemas.js";

/** Teams refuses a card payload above 28 KB. */
const TEAMS_CARD_LIMIT = 28 * 1024;

const person = (view: TriageView): TriageView => ({ ...view, viewer: { kind: "person", oktaUserId: "00uerin0000000000001" } });
const closed = (view: TriageView): TriageView => ({ ...view, readOnly: true, controls: [], sar: { ...view.sar, status: "CLOSED" }, items: view.items.map((i) => ({ ...i, allowedActions: [] })) });

/** Page 7 of a 500-item review: ten realistic items with every field filled. */
function bigReviewPage(): TriageView {
  const view = sampleTriageView();
  const items = Array.from({ length: 10 }, (_, i) =>
    sampleTriageItem({
      id: `aim${String(60 + i).padStart(16, "0")}`,
      name: `Salesforce production org - sales operations entitlement set ${i} (Read/Write/Delete, API enabled)`,
      type: i % 3 === 0 ? "ENTITLEMENT" : i % 3 === 1 ? "GROUP" : "APPLICATION",
      anomalies: [
        { type: "SOD_CONFLICT", severity: "HIGH", text: "Conflicts with Workday Payroll Admin (SoD rule Finance-01): both grant payment approval and vendor creation" },
        { type: "USAGE_HISTORY", text: "Not used in 94 days; last used from 203.0.113.7 (Berlin, DE)" },
        { type: "ASSIGNMENT_METHOD", text: "Assigned directly, not by a group rule" },
        { type: "PAST_GOVERNANCE_DECISIONS", text: "Revoked in a review on 2030-11-02, restored on 2030-11-05" },
      ],
      labels: ["Sensitivity: Critical", "Compliance: SOX, PCI", "Owner: Sales Operations"],
      supportedActions: ["REVOKE_ACCESS", "RESTORE_ACCESS", "FLAG_FOR_MANUAL_REMEDIATION", "FLAG_FOR_MANUAL_RESTORATION"],
      allowedActions: ["REVOKE_ACCESS", "RESTORE_ACCESS", "FLAG_FOR_MANUAL_REMEDIATION", "FLAG_FOR_MANUAL_RESTORATION"],
    }),
  );
  return { ...view, items, page: { index: 6, size: 10, nextCursor: "eyJhZnRlciI6ImFpbTAwMDAwMDAwMDAwMDAwNzAifQ".repeat(4), previousCursor: "eyJiZWZvcmUiOiJhaW0wMDAwMDAwMDAwMDAwMDYwIn0".repeat(4) } };
}

const SIXTY = Array.from({ length: 60 }, (_, i) => `29:1${"x".repeat(40)}${i}`);

const DIALOGS: TriageDialog[] = [
  { kind: "revoke", sarId: "sar1", accessId: "aim1", itemName: TRIAGE_HOSTILE },
  { kind: "close", sarId: "sar1" },
  { kind: "restore-all", sarId: "sar1" },
  { kind: "extend", sarId: "sar1", endTime: "2031-01-08T09:00:00.000Z" },
  { kind: "reviewers", sarId: "sar1", reviewers: "erin@example.com" },
  { kind: "comment", sarId: "sar1" },
];

function everyTriageCard(): [string, unknown][] {
  const views: [string, TriageView][] = [
    ["sample", sampleTriageView()],
    ["hostile", hostileTriageView()],
    ["read-only", closed(sampleTriageView())],
    ["hostile read-only", closed(hostileTriageView())],
    ["500-item review page", bigReviewPage()],
    ["empty", { ...sampleTriageView(), items: [] }],
  ];
  const cards: [string, unknown][] = [];
  for (const [name, view] of views) {
    cards.push([`${name}, shared`, triageCard(view, { refreshUserIds: SIXTY })]);
    cards.push([`${name}, a person's`, triageCard(person(view), { notice: { text: TRIAGE_HOSTILE } })]);
  }
  cards.push(["details", triageDetailsCard(sampleTriageDetails())]);
  cards.push(["hostile details", triageDetailsCard({ ...sampleTriageDetails(), item: hostileTriageView().items[0]!, subAccesses: Array.from({ length: 50 }, (_, i) => ({ id: `s${i}`, name: TRIAGE_HOSTILE.repeat(10), type: "GROUP", supportedActions: [] })), truncated: true })]);
  cards.push(["summary ok", triageSummaryCard("sar1", { status: "ok", message: TRIAGE_HOSTILE })]);
  cards.push(["summary unavailable", triageSummaryCard("sar1", { status: "unavailable", message: "busy" })]);
  cards.push(["summary not enabled", triageSummaryCard("sar1", { status: "not-enabled", hint: "Turn on governance AI." })]);
  cards.push(["action done", renderReply({ type: "triage-action-done", done: sampleActionDone({ note: TRIAGE_HOSTILE }), triage: person(hostileTriageView()) }).card]);
  cards.push(["closing summary", closingSummaryCard(hostileTriageView(), { revoked: 3, restored: 1, flagged: 2, untouched: 494 }, { oktaUserId: "00u1", login: TRIAGE_HOSTILE })]);
  cards.push(["event triage-updated", renderEvent({ type: "triage-updated", triage: person(hostileTriageView()), messageId: "m1", done: sampleActionDone() }, { triageRefreshUserIds: SIXTY }).card]);
  for (const dialog of DIALOGS) {
    cards.push([`dialog ${dialog.kind}`, triageDialogCard(dialog, { cardId: "card-1" })]);
    cards.push([`dialog ${dialog.kind} with an error`, triageDialogCard(dialog, { error: TRIAGE_HOSTILE })]);
  }
  return cards;
}

const schemasPresent = sharedPresent("schemas/adaptive-cards");

describe.skipIf(!schemasPresent)(schemasPresent ? "Teams triage cards against the Adaptive Cards 1.5 schema" : `Triage card schema checks: ${sharedAbsentMessage}`, () => {
  it.each(everyTriageCard())("%s is a valid Adaptive Card 1.5", (_name, card) => {
    const validate = adaptiveCardValidator();
    expect(validate(card), describeErrors(validate.errors)).toBe(true);
  });
});

describe("Teams triage card limits and text", () => {
  it.each(everyTriageCard())("%s stays under Teams' 28 KB card limit", (_name, card) => {
    expect(Buffer.byteLength(JSON.stringify(card), "utf8")).toBeLessThan(TEAMS_CARD_LIMIT);
  });

  it.each(everyTriageCard())("%s never puts user text where markdown is read", (_name, card) => {
    for (const text of markdownTexts(card)) {
      expect(text).not.toContain("[x](https://evil.example)");
      expect(text).not.toContain("<https://evil.example|click>");
      expect(text).not.toContain("**bold**");
    }
    const fallback = (card as { fallbackText?: string }).fallbackText ?? "";
    expect(fallback).not.toContain("[x](https://evil.example)");
  });

  it("the whole message (card, summary, envelope) of a hostile page or its update stays under 28 KB", () => {
    const rendered = [
      renderReply({ type: "triage-action-done", done: sampleActionDone({ note: TRIAGE_HOSTILE.repeat(10) }), triage: person(hostileTriageView()) }),
      renderEvent({ type: "triage-updated", triage: hostileTriageView(), messageId: "m1", done: sampleActionDone({ note: TRIAGE_HOSTILE.repeat(10) }) }, { triageRefreshUserIds: SIXTY }),
    ];
    for (const r of rendered) expect(Buffer.byteLength(JSON.stringify({ ...messageOf(r), id: "1:abc", conversation: { id: `19:${"x".repeat(60)}@thread.tacv2;messageid=1700000000000` } }), "utf8")).toBeLessThan(TEAMS_CARD_LIMIT);
  });

  it("shows hostile names literally as text runs, and drops a link that is not https", () => {
    const card = triageCard(person(hostileTriageView()));
    // Control characters become spaces; everything else is shown as typed.
    expect(allText(card)).toContain(TRIAGE_HOSTILE.replace("\u0007", " "));
    expect(buttonsOf(card).map((b) => b.title)).not.toContain("Open in Okta");
  });
});

describe("Teams triage card buttons", () => {
  it("a person's card offers each item only the actions they may take, Revoke as a dialog, and Details", () => {
    const card = triageCard(person(sampleTriageView()));
    const forItem = (accessId: string) => buttonsOf(card).filter((b) => b.data.accessId === accessId);
    expect(forItem("aim0000000000000001").map((b) => b.title)).toEqual(["Revoke", "Flag", "Details"]);
    const revoke = forItem("aim0000000000000001")[0]!;
    expect(revoke).toMatchObject({ type: "Action.Submit", data: { msteams: { type: "task/fetch" }, verb: "triage.revoke", sarId: "sar00000000000000001", accessId: "aim0000000000000001" } });
    expect(forItem("aim0000000000000001")[1]).toMatchObject({ type: "Action.Execute", verb: "triage.item", data: { action: "FLAG_FOR_MANUAL_REMEDIATION" } });
    // Slack supports only Flag and has no sub-accesses; PagerDuty only Restore; this viewer may do nothing on Workday.
    expect(forItem("aim0000000000000003").map((b) => b.title)).toEqual(["Flag"]);
    expect(forItem("aim0000000000000004").map((b) => b.title)).toEqual(["Restore", "Details"]);
    expect(forItem("aim0000000000000005").map((b) => b.title)).toEqual(["Details"]);
  });

  it("never offers an action the item does not support, even when the view allows it", () => {
    const view = person(sampleTriageView({ items: [sampleTriageItem({ supportedActions: ["FLAG_FOR_MANUAL_REMEDIATION"], allowedActions: ["REVOKE_ACCESS", "FLAG_FOR_MANUAL_REMEDIATION"] })] }));
    expect(buttonsOf(triageCard(view)).map((b) => b.title)).not.toContain("Revoke");
  });

  it("a person's card has the review controls the view lists, dialogs where they ask first", () => {
    const card = triageCard(person(sampleTriageView()));
    const controls = (card.actions ?? []).map((a) => [a.title, a.type, (a.data as { verb?: string } | undefined)?.verb ?? a.verb]);
    expect(controls).toEqual([
      ["Close review", "Action.Submit", "triage.close"],
      ["Restore all", "Action.Submit", "triage.restoreAll"],
      ["Extend", "Action.Submit", "triage.extend"],
      ["Reviewers", "Action.Submit", "triage.reviewers"],
      ["Comment", "Action.Submit", "triage.comment"],
      ["Summarize", "Action.Execute", "triage.summarize"],
    ]);
    const fewer = triageCard(person(sampleTriageView({ controls: ["summarize"] })));
    expect(buttonsOf(fewer).filter((b) => b.data.accessId === undefined).map((b) => b.title)).toEqual(["Summarize", "Open in Okta"]);
  });

  it("the shared card has no action buttons, Show my actions, and a refresh for the listed people carrying them", () => {
    const card = triageCard(sampleTriageView(), { refreshUserIds: ["29:alice", "29:bob"] });
    expect(buttonsOf(card).map((b) => b.title)).toEqual(["Show my actions", "Open in Okta"]);
    expect(button(card, "Show my actions")).toMatchObject({ type: "Action.Execute", verb: "triage.refresh", data: { sarId: "sar00000000000000001" } });
    expect(refreshOf(card)).toEqual({ verb: "triage.refresh", data: { sarId: "sar00000000000000001", viewers: ["29:alice", "29:bob"], verb: "triage.refresh" }, userIds: ["29:alice", "29:bob"] });
  });

  it("lists at most 60 people for the automatic refresh, the latest ones", () => {
    const ids = Array.from({ length: 100 }, (_, i) => `29:user${i}`);
    const refresh = refreshOf(triageCard(sampleTriageView(), { refreshUserIds: ids }));
    expect(refresh?.userIds).toHaveLength(60);
    expect(refresh?.userIds?.at(-1)).toBe("29:user99");
  });

  it("pages: Next and Previous carry the cursors, on the shared card too", () => {
    const view = sampleTriageView({ page: { index: 1, size: 10, nextCursor: "next-c", previousCursor: "prev-c" } });
    for (const card of [triageCard(view), triageCard(person(view))]) {
      expect(button(card, "Next page")).toMatchObject({ verb: "triage.page", data: { sarId: "sar00000000000000001", cursor: "next-c" } });
      expect(button(card, "Previous page")).toMatchObject({ verb: "triage.page", data: { cursor: "prev-c" } });
    }
  });

  it("a read-only (closed) review has no buttons and no refresh, for every viewer", () => {
    for (const view of [closed(sampleTriageView()), person(closed(sampleTriageView({ page: { index: 0, size: 10, nextCursor: "n" } })))]) {
      const card = triageCard(view, { refreshUserIds: ["29:alice"] });
      expect(buttonsOf(card).filter((b) => b.type !== "Action.OpenUrl")).toEqual([]);
      expect(refreshOf(card)).toBeUndefined();
      expect(allText(card)).toContain("read-only");
    }
  });

  it("the card shows the principal, the review and the items' facts", () => {
    const text = allText(triageCard(sampleTriageView()));
    for (const expected of ["Dan Target (dan.target@example.com)", "Finance", "Mia Manager", "203.0.113.7", "Application Administrator", "Erin Reviewer", "L7K2Q9X", "AWS Console", "HIGH priority", "Not used in 94 days", "Labels: Sensitivity: Critical", "Remediation: REMEDIATED"]) {
      expect(text).toContain(expected);
    }
  });

  it("renderReply marks only a shared triage card for attaching", () => {
    expect(renderReply({ type: "triage-card", triage: sampleTriageView() }).sharedTriage).toEqual({ sarId: "sar00000000000000001" });
    expect(renderReply({ type: "triage-card", triage: person(sampleTriageView()) }).sharedTriage).toBeUndefined();
  });

  it("Revoke's dialog asks for an optional note of at most 500 characters and carries the card it came from", () => {
    const dialog = triageDialogCard({ kind: "revoke", sarId: "sar1", accessId: "aim1", itemName: "AWS Console" }, { cardId: "card-1" });
    expect(dialog.body).toContainEqual(expect.objectContaining({ type: "Input.Text", id: "note", maxLength: 500 }));
    expect(dialog.body).not.toContainEqual(expect.objectContaining({ id: "note", isRequired: true }));
    expect(button(dialog, "Revoke").data).toEqual({ form: "triage.form", verb: "triage.revoke", sarId: "sar1", accessId: "aim1", itemName: "AWS Console", cardId: "card-1" });
  });
});

