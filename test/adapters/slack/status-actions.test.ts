// Buttons on status cards and lists: Refresh redraws, Watch threads, Add
// message posts onto the request, Next page carries its cursor and filter.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ListRequestsInput } from "../../../src/governance/core.js";
import type { Reply } from "../../../src/governance/replies.js";
import { SLACK_USERS } from "../../../src/fakes/slack-web-api.js";
import { FakeCore } from "./support/fake-core.js";
import { eventually, startSlackBench, type SlackBench } from "./support/slack-bench.js";
import { blockActionPayload, interactionBody, postSigned, viewSubmissionPayload } from "../../../src/fakes/slack-requests.js";

const REQUEST = "reqdemodanpending000";
const card = (status: string): Reply => ({ type: "request-status", request: { id: REQUEST, status, created: "2030-01-01T00:00:00Z" } });
const alice = SLACK_USERS.alice;

describe("status card and list buttons", () => {
  let core: FakeCore;
  let bench: SlackBench;
  let cardTs: string;

  beforeAll(async () => {
    core = new FakeCore();
    bench = await startSlackBench({ core });
    // A message in the channel for the buttons to sit on.
    await bench.adapter.notifier.notify(
      { platform: "slack", tenantId: "T0DEMO", conversationId: "C0INCIDENT" },
      { type: "request-status-changed", request: { id: REQUEST, status: "PENDING", created: "2030-01-01T00:00:00Z" }, previousStatus: null },
    );
    cardTs = String((await bench.slack.waitForCall("chat.postMessage")).response?.ts);
  });
  afterAll(async () => {
    await bench.close();
  });
  beforeEach(() => core.reset());

  const press = (actionId: string, value: string, user: { id: string; name: string } = alice) => postSigned(bench.url, interactionBody(blockActionPayload({ user, actionId, value, messageTs: cardTs })));

  it("Refresh asks the core again and redraws the same message for everyone", async () => {
    core.overrides.status = async () => card("APPROVED");
    const before = bench.slack.messages.get(cardTs)?.updates ?? 0;
    await press("sar_refresh", REQUEST);
    await eventually("the card was redrawn", () => bench.slack.messages.get(cardTs)?.updates === before + 1);
    expect(core.callsTo("status")[0]?.[1]).toBe(REQUEST);
    expect(bench.slack.messages.get(cardTs)?.text).toContain("APPROVED");
  });

  it("Refresh by someone not allowed tells only them, and leaves the card alone", async () => {
    core.overrides.status = async () => ({ type: "error", code: "not_allowed", message: "You need the responder role to see access requests." });
    const before = bench.slack.messages.get(cardTs)?.updates ?? 0;
    await press("sar_refresh", REQUEST, SLACK_USERS.dan);
    await bench.slack.waitForCall("chat.postEphemeral", (c) => c.args.user === "U0TARGET" && String(c.args.text).includes("responder role"));
    expect(bench.slack.messages.get(cardTs)?.updates).toBe(before);
  });

  it("Watch starts a watch whose changes go to the card's thread", async () => {
    await press("sar_watch", REQUEST);
    const reply = await bench.slack.waitForCall("chat.postMessage", (c) => String(c.args.text).includes("Watching"));
    expect(core.callsTo("watch")[0]?.slice(1)).toEqual([REQUEST, { platform: "slack", tenantId: "T0DEMO", conversationId: "C0INCIDENT", threadId: cardTs }]);
    expect(reply.args.thread_ts).toBe(cardTs);
  });

  it("Add message opens a form, then posts the message onto the request and confirms it in the card's thread", async () => {
    await press("sar_add_message", REQUEST);
    const opened = await bench.slack.waitForCall("views.open", (c) => (c.args.view as { callback_id?: string }).callback_id === "sar_request_message_form");
    const view = bench.slack.views.get(String((opened.response?.view as { id: string }).id)) as Record<string, unknown>;
    const empty = await postSigned(bench.url, interactionBody(viewSubmissionPayload(alice, view, { message: "" })));
    expect(((await empty.json()) as { response_action: string }).response_action).toBe("errors");

    await postSigned(bench.url, interactionBody(viewSubmissionPayload(alice, view, { message: "Please attach the change ticket & <!here>" })));
    const confirmation = await bench.slack.waitForCall("chat.postMessage", (c) => String(c.args.text).includes("Message posted"));
    expect(core.callsTo("postRequestMessage")[0]?.slice(1)).toEqual([REQUEST, "Please attach the change ticket & <!here>"]);
    expect(confirmation.args.thread_ts).toBe(cardTs);
    expect(JSON.stringify(confirmation.args.blocks)).toContain("&amp; &lt;!here&gt;");
  });

  it("Next page lists with the cursor and filter the button carries, replacing the list", async () => {
    let input: ListRequestsInput | undefined;
    core.overrides.listRequests = async (_actor, given) => {
      input = given;
      return { type: "request-list", items: [{ id: REQUEST, status: "PENDING", created: "2030-01-01T00:00:00Z" }], filter: { status: "PENDING" } };
    };
    await press("sar_requests_next", JSON.stringify({ c: "cursor-2", s: "PENDING", u: "00udemodan0000000000" }));
    await eventually("the list was replaced", () => bench.slack.messages.get(cardTs)?.text?.includes("1 access request") === true);
    expect(input).toEqual({ cursor: "cursor-2", status: "PENDING", user: { kind: "okta-id", id: "00udemodan0000000000" } });
  });

  it("a Next page button whose value was tampered with changes nothing and says the button is out of date", async () => {
    await press("sar_requests_next", '{"c":5}');
    await bench.slack.waitForCall("chat.postEphemeral", (c) => String(c.args.text).includes("out of date"));
    expect(core.callsTo("listRequests")).toEqual([]);
  });

  it("Next page of the audit trail re-reads the typed filter and replaces the private list through its response_url", async () => {
    core.overrides.audit = async () => ({ type: "audit-log", entries: [], nextCursor: "7" });
    const responseUrl = bench.slack.responseUrl("audit-page");
    const value = JSON.stringify({ c: "42", t: "<@U0TARGET|dan.target>" });
    await postSigned(bench.url, interactionBody(blockActionPayload({ user: SLACK_USERS.carol, actionId: "sar_audit_next", value, messageTs: cardTs, isEphemeral: true, responseUrl })));
    await eventually("the list was replaced", () => bench.slack.responses.some((r) => r.name === "audit-page"));
    expect(core.callsTo("audit")[0]?.[1]).toMatchObject({ cursor: "42", target: { kind: "chat-user", user: { userId: "U0TARGET" } } });
    const replaced = bench.slack.responses.find((r) => r.name === "audit-page")?.body;
    expect(replaced).toMatchObject({ replace_original: true, response_type: "ephemeral" });
    const next = ((replaced?.blocks ?? []) as { elements?: { action_id: string; value: string }[] }[]).flatMap((b) => b.elements ?? []).find((el) => el.action_id === "sar_audit_next");
    expect(JSON.parse(next?.value ?? "{}")).toEqual({ c: "7", t: "<@U0TARGET|dan.target>" });
  });

  it("a link button is only acknowledged", async () => {
    const res = await press("sar_open_link", "x");
    expect(res.status).toBe(200);
    expect(core.workCalls()).toEqual([]);
  });

  it("a click on a button this app does not know is acknowledged and ignored", async () => {
    const res = await press("someone_elses_button", "x");
    expect(res.status).toBe(200);
    expect(core.calls).toEqual([]);
  });
});
