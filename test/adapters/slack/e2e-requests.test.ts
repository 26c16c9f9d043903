// Access requests from Slack against the real core and the sandbox org:
// status cards, messages onto requests, paged lists, and the message
// shortcut's prefilled form.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_REQUESTS, DEMO_USERS } from "../../support/core-harness.js";
import { SLACK_USERS } from "../../../src/fakes/slack-web-api.js";
import { createE2eBench, type E2eBench } from "./support/e2e-bench.js";
import { eventually } from "./support/slack-bench.js";
import { interactionBody, messageShortcutPayload, postSigned } from "../../../src/fakes/slack-requests.js";

const { alice, dan } = SLACK_USERS;
const PENDING = DEMO_REQUESTS.danPending.id;

describe("Slack access requests end to end", () => {
  let e: E2eBench;

  beforeAll(async () => {
    e = await createE2eBench();
    // Enough requests for dan that his list needs a second page (the core shows 10 at a time).
    for (let i = 0; i < 12; i++) {
      e.h.sandbox.org.addRequest({ requestedFor: DEMO_USERS.dan.id, created: new Date(Date.now() - (i + 1) * 60_000).toISOString() });
    }
  });
  afterAll(async () => {
    await e?.close();
  });

  it("shows a request's status card from Okta in the channel", async () => {
    await e.command(alice, `status ${PENDING}`);
    const card = await e.slack.slack.waitForCall("chat.postMessage", (c) => String(c.args.text).includes(PENDING));
    const json = JSON.stringify(card.args.blocks);
    expect(json).toContain("PENDING");
    expect(json).toContain(DEMO_USERS.dan.login);
    expect(json).toContain("sar_add_message");
  });

  it("refuses dan, who may not read requests, privately and with the missing role", async () => {
    await e.command(dan, `status ${PENDING}`);
    const note = await e.slack.slack.waitForCall("chat.postEphemeral", (c) => c.args.user === dan.id);
    expect(String(note.args.text)).toMatch(/responder|approver/);
  });

  it("posts a message with hostile text onto the request exactly as typed", async () => {
    const text = 'Ticket CHG-12 <!channel> "urgent" & more';
    await e.command(alice, `message ${PENDING} ${text}`);
    await e.slack.slack.waitForCall("chat.postMessage", (c) => String(c.args.text).includes("Message posted"));
    expect(e.h.sandbox.org.messagesFor(PENDING).map((m) => m.message)).toContain(text);
  });

  it("shows carol, an admin, the audit trail of the request privately", async () => {
    await e.command(SLACK_USERS.carol, `audit ${PENDING}`);
    const trail = await e.slack.slack.waitForCall("chat.postEphemeral", (c) => c.args.user === SLACK_USERS.carol.id && String(c.args.text).includes("audit entries"));
    expect(JSON.stringify(trail.args.blocks)).toContain("request.message");
  });

  it("posts a watched request's status change into the watch's own thread", async () => {
    await e.command(alice, `watch ${DEMO_REQUESTS.danSubmitted.id}`);
    const placeholder = await e.slack.slack.waitForCall("chat.postMessage", (c) => String(c.args.text).includes(`watch on \`${DEMO_REQUESTS.danSubmitted.id}`));
    const thread = String(placeholder.response?.ts);
    await eventually("the watch started", () => e.slack.slack.messages.get(thread)?.text?.includes("Watching") === true);
    e.h.clock.advance(60_000);
    e.h.sandbox.org.updateRequest(DEMO_REQUESTS.danSubmitted.id, { status: "APPROVED" });
    await e.core.watches.pollOnce();
    const change = await e.slack.slack.waitForCall("chat.postMessage", (c) => c.args.thread_ts === thread);
    expect(String(change.args.text)).toContain("APPROVED");
  });

  it("pages dan's requests with Next page, replacing the list with the following page", async () => {
    await e.command(alice, "requests <@U0TARGET|dan.target>");
    const list = await e.slack.slack.waitForCall("chat.postMessage", (c) => String(c.args.text).includes("access requests"));
    const ts = String(list.response?.ts);
    const next = (list.args.blocks as { elements?: { action_id: string; value: string }[] }[]).flatMap((b) => b.elements ?? []).find((el) => el.action_id === "sar_requests_next");
    expect(next).toBeDefined();
    const firstIds: string[] = JSON.stringify(list.args.blocks).match(/req[A-Za-z0-9]{17}/g) ?? [];
    expect(new Set(firstIds).size).toBe(10);

    await e.click(alice, "sar_requests_next", next!.value, ts);
    await eventually("the list shows the next page", () => (e.slack.slack.messages.get(ts)?.updates ?? 0) === 1);
    const secondIds: string[] = JSON.stringify(e.slack.slack.messages.get(ts)?.blocks).match(/req[A-Za-z0-9]{17}/g) ?? [];
    expect(secondIds.length).toBeGreaterThan(0);
    expect(secondIds.filter((id) => firstIds.includes(id))).toEqual([]);
    const all = e.h.sandbox.org.listRequests().filter((r) => r.requestedFor === DEMO_USERS.dan.id).length;
    expect(new Set([...firstIds, ...secondIds]).size).toBeLessThanOrEqual(all);
  });

  it("opens the launch form from a message, prefilled with the person it mentions and its permalink", async () => {
    const payload = messageShortcutPayload({ user: alice, text: "Okta ITP: risk HIGH for <@U0TARGET|dan.target>", messageTs: "1700000777.000100" });
    await postSigned(e.slack.url, interactionBody(payload));
    const opened = await e.slack.slack.waitForCall("views.open", (c) => c.args.trigger_id === payload.trigger_id);
    const id = (opened.response?.view as { id: string }).id;
    await e.slack.slack.waitForCall("views.update", (c) => c.args.view_id === id);
    const blocks = e.view(id).blocks as { block_id?: string; element?: { initial_value?: string } }[];
    const value = (block: string) => blocks.find((b) => b.block_id === block)?.element?.initial_value;
    expect(value("target")).toBe("@dan.target");
    expect(value("reason")).toContain("/archives/C0INCIDENT/p1700000777000100");
    expect(value("reviewers")).toBe(DEMO_USERS.erin.login);
  });
});
