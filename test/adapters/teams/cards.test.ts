// Every card the Teams adapter renders is a valid Adaptive Card 1.5 (the
// official schema), and user text on it is never read as markdown.
import { describe, expect, it } from "vitest";
import { launchCard, type LaunchCardView } from "../../../src/adapters/teams/render/launch-card.js";
import { launchFormCard } from "../../../src/adapters/teams/render/launch-form-card.js";
import { renderEvent } from "../../../src/adapters/teams/render/event-messages.js";
import { renderReply } from "../../../src/adapters/teams/render/render-reply.js";
import { sharedAbsentMessage, sharedPresent } from "../../support/shared-dir.js";
import { allText, buttonsOf, markdownTexts, refreshOf } from "./support/card-reading.js";
import { pendingLaunch } from "./support/fake-core.js";
import { EVENTS, HOSTILE, REPLIES } from "./support/reply-fixtures.js";
import { adaptiveCardValidator, describeErrors } from "./support/schemas.js";

const VIEWS: LaunchCardView[] = [
  { kind: "shared", refreshUserIds: ["29:alice", "29:bob"] },
  { kind: "approver" },
  { kind: "requester" },
  { kind: "observer", why: "Approving needs the role approver." },
];

function everyCard(): { name: string; card: unknown; text?: string }[] {
  const cards: { name: string; card: unknown; text?: string }[] = [];
  for (const [type, replies] of Object.entries(REPLIES)) {
    replies.forEach((reply, i) => {
      const rendered = renderReply(reply);
      cards.push({ name: `${type} #${i}`, card: rendered.card, text: rendered.text });
    });
  }
  for (const event of EVENTS) {
    if (event.type === "launch-updated") continue;
    const rendered = renderEvent(event);
    cards.push({ name: `event ${event.type}`, card: rendered.card, text: rendered.text });
  }
  for (const view of VIEWS) cards.push({ name: `launch card, ${view.kind} view`, card: launchCard(pendingLaunch({ reason: HOSTILE }), { view, notice: { text: HOSTILE } }) });
  cards.push({ name: "task module form", card: launchFormCard({ reviewers: ["a@example.com"], durationDays: 7 }, { flavour: "task-module", mention: { id: "29:dan", name: HOSTILE } }) });
  return cards;
}

const schemasPresent = sharedPresent("schemas/adaptive-cards");

describe.skipIf(!schemasPresent)(schemasPresent ? "Teams cards against the Adaptive Cards 1.5 schema" : `Adaptive Card schema checks: ${sharedAbsentMessage}`, () => {
  it.each(everyCard().map((c) => [c.name, c.card] as const))("%s is a valid Adaptive Card 1.5", (_name, card) => {
    const validate = adaptiveCardValidator();
    expect(validate(card), describeErrors(validate.errors)).toBe(true);
  });

  it("the schema check fails for a card the schema forbids (the validator is not a no-op)", () => {
    const validate = adaptiveCardValidator();
    expect(validate({ type: "AdaptiveCard", version: "1.5", body: [{ type: "TextRun", text: "a run outside a RichTextBlock" }] })).toBe(false);
  });
});

describe("user text on Teams cards", () => {
  it.each(everyCard().map((c) => [c.name, c.card, c.text] as const))("%s never puts user text where markdown is read", (_name, card) => {
    for (const text of markdownTexts(card)) {
      expect(text).not.toContain("[click]");
      expect(text).not.toContain("<at>");
    }
    const fallback = (card as { fallbackText?: string }).fallbackText ?? "";
    expect(fallback).not.toContain("[click](https://evil.example)");
    expect(fallback).not.toContain("<at>");
  });

  it("shows hostile text literally, as plain text runs", () => {
    const card = renderReply({ type: "approval-card", launch: pendingLaunch({ reason: HOSTILE }) }).card;
    expect(allText(card)).toContain(HOSTILE);
    expect(markdownTexts(card).join("\n")).not.toContain(HOSTILE);
  });

  it("cuts a megabyte of user text down before it reaches a card", () => {
    const card = renderReply({ type: "text", text: "x".repeat(1_000_000) }).card;
    expect(JSON.stringify(card).length).toBeLessThan(10_000);
  });
});

describe("launch card versions", () => {
  const launch = pendingLaunch();

  it("the shared card has Approve and Deny and refreshes automatically for the given users", () => {
    const card = launchCard(launch, { view: { kind: "shared", refreshUserIds: ["29:alice", "29:bob"] } });
    expect(buttonsOf(card).map((b) => b.title)).toEqual(["Approve", "Deny", "Deny"]);
    expect(refreshOf(card)).toEqual({ verb: "launch.refresh", data: { launchId: launch.id, verb: "launch.refresh" }, userIds: ["29:alice", "29:bob"] });
  });

  it("Deny asks for a reason before it is sent", () => {
    const card = launchCard(launch, { view: { kind: "approver" } }) as { actions: { title: string; card?: { body: { id?: string; isRequired?: boolean }[] } }[] };
    const deny = card.actions.find((a) => a.title === "Deny");
    expect(deny?.card?.body).toContainEqual(expect.objectContaining({ id: "denyReason", isRequired: true }));
  });

  it("the requester's version offers Cancel and no Approve, an observer's no buttons and the reason", () => {
    expect(buttonsOf(launchCard(launch, { view: { kind: "requester" } })).map((b) => b.title)).toEqual(["Cancel request"]);
    const observer = launchCard(launch, { view: { kind: "observer", why: "Approving needs the role approver." } });
    expect(buttonsOf(observer)).toEqual([]);
    expect(allText(observer)).toContain("Approving needs the role approver.");
  });

  it("a decided launch has no buttons and no refresh, for every viewer", () => {
    for (const state of ["APPROVED", "DENIED", "LAUNCHED", "EXPIRED", "CANCELED", "FAILED"] as const) {
      for (const view of VIEWS) {
        const card = launchCard({ ...launch, state }, { view });
        expect(buttonsOf(card)).toEqual([]);
        expect(refreshOf(card)).toBeUndefined();
      }
    }
  });

  it("never lists more than 60 users for automatic refresh (a Teams limit)", () => {
    const ids = Array.from({ length: 100 }, (_, i) => `29:user${i}`);
    expect(refreshOf(launchCard(launch, { view: { kind: "shared", refreshUserIds: ids } }))?.userIds).toHaveLength(60);
  });
});

describe("regression: SAR access counts under human labels", () => {
  it("`sar status` shows \"Access items\" and \"Medium priority\", never the raw keys accessItems or medium", () => {
    const sar = { id: "sar1", name: "SAR dan", status: "ACTIVE", endTime: "2030-01-08T00:00:00Z", stats: { low: 2, accessItems: 3, medium: 1 } };
    const text = allText(renderReply({ type: "sar-status", sar }).card);
    expect(text).toContain("Access items: 3\nMedium priority: 1\nLow priority: 2");
    expect(text).not.toMatch(/accessItems|medium:|low:/);
  });
});

describe("Teams card layout", () => {
  it("fields are a FactSet under a header that names the state, with user text escaped in fact values", () => {
    const card = launchCard(pendingLaunch({ incidentRef: "[x](https://evil.example)" }), { view: { kind: "shared" } }) as unknown as { body: { type: string; items?: unknown[]; facts?: { title: string; value: string }[] }[] };
    expect(card.body[0]?.type).toBe("Container");
    expect(allText(card.body[0])).toBe("Security access review\nApproval needed");
    const facts = card.body.find((e) => e.type === "FactSet")?.facts ?? [];
    expect(facts.map((f) => f.title)).toEqual(expect.arrayContaining(["Target", "Reviewers", "Review ends", "Reference"]));
    expect(facts.find((f) => f.title === "Incident")?.value).toBe("\\[x\\](https://evil.example)");
  });
});
