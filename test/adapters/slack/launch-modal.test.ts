// `/sar @user reason` opens the modal at once ("Loading…"), fills it from
// the core, checks the submit cheaply inline, and posts the approval card
// attached to the launch — each step once, whatever Slack redelivers.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SubmitLaunchInput } from "../../../src/governance/core.js";
import type { Reply } from "../../../src/governance/replies.js";
import { SLACK_USERS } from "../../../src/fakes/slack-web-api.js";
import { deferred } from "./support/deferred.js";
import { FakeCore, sampleLaunch } from "./support/fake-core.js";
import { eventually, startSlackBench, type SlackBench } from "./support/slack-bench.js";
import { interactionBody, nextTriggerId, postSigned, slashCommandBody, viewSubmissionPayload } from "../../../src/fakes/slack-requests.js";

const alice = SLACK_USERS.alice;
const validValues = { target: "@dan.target", reviewers: "erin.reviewer@example.com, frank.reviewer@example.com", durationDays: "7", reason: "suspicious OAuth grant", incidentRef: "INC-4711" };

describe("launch modal", () => {
  let core: FakeCore;
  let bench: SlackBench;

  beforeAll(async () => {
    core = new FakeCore();
    bench = await startSlackBench({ core, slack: { channelsWithoutBot: ["C0PRIVATE"] } });
  });
  afterAll(async () => {
    await bench.close();
  });
  beforeEach(() => core.reset());

  /** Runs the command and returns the modal once the core's form replaced "Loading…". */
  async function openForm(text: string, channel = "C0INCIDENT"): Promise<Record<string, unknown>> {
    const triggerId = nextTriggerId();
    await postSigned(bench.url, slashCommandBody({ user: alice, text, channel, triggerId }));
    const opened = await bench.slack.waitForCall("views.open", (c) => c.args.trigger_id === triggerId);
    const viewId = (opened.response?.view as { id?: string } | undefined)?.id;
    const update = await bench.slack.waitForCall("views.update", (c) => c.args.view_id === viewId);
    const view = bench.slack.views.get(String(update.args.view_id));
    if (view === undefined) throw new Error("the updated view is unknown to the fake");
    return view;
  }

  const submit = (view: Record<string, unknown>, values: Record<string, string>, user = alice) =>
    postSigned(bench.url, interactionBody(viewSubmissionPayload(user, view, values)));

  it("opens a Loading view with the trigger before the core answers, then shows the core's form prefilled", async () => {
    const held = deferred<Reply>();
    core.overrides.openLaunchForm = () => held.promise;
    await postSigned(bench.url, slashCommandBody({ user: alice, text: "<@U0TARGET|dan.target> suspicious OAuth grant INC-4711", triggerId: "t.loading" }));
    const opened = await bench.slack.waitForCall("views.open", (c) => c.args.trigger_id === "t.loading");
    expect(JSON.stringify(opened.args.view)).toContain("Loading");
    await eventually("the core was asked for the form", () => core.callsTo("openLaunchForm").length === 1);
    expect(core.callsTo("openLaunchForm")[0]?.[1]).toEqual({ target: "<@U0TARGET|dan.target>", reason: "suspicious OAuth grant INC-4711", incidentRef: "INC-4711" });
    held.resolve({ type: "launch-form", values: { target: "<@U0TARGET|dan.target>", reviewers: ["erin.reviewer@example.com"], durationDays: 7, reason: "suspicious OAuth grant INC-4711", incidentRef: "INC-4711" } });
    const openedId = (opened.response?.view as { id?: string } | undefined)?.id;
    const update = await bench.slack.waitForCall("views.update", (c) => c.args.view_id === openedId);
    const view = update.args.view as { callback_id: string; title: { text: string }; private_metadata: string; blocks: { block_id?: string; element?: { initial_value?: string } }[] };
    expect(view.callback_id).toBe("sar_launch_form");
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    const initial = Object.fromEntries(view.blocks.filter((b) => b.block_id).map((b) => [b.block_id, b.element?.initial_value]));
    expect(initial).toEqual({ target: "@dan.target", reviewers: "erin.reviewer@example.com", durationDays: "7", reason: "suspicious OAuth grant INC-4711", incidentRef: "INC-4711" });
    expect(JSON.parse(view.private_metadata)).toEqual({ c: "C0INCIDENT", m: { u: "U0TARGET", s: "@dan.target" } });
  });

  it("shows the core's refusal in the modal instead of the form", async () => {
    core.overrides.openLaunchForm = async () => ({ type: "error", code: "not_allowed", message: "You need the responder role to launch security access reviews." });
    const view = await openForm("<@U0ALICE> test");
    expect(JSON.stringify(view.blocks)).toContain("responder role");
    expect(view.submit).toBeUndefined();
  });

  it("answers cheap mistakes inline per field and never calls the core's submit", async () => {
    const view = await openForm("<@U0TARGET|dan.target> phished");
    const res = await submit(view, { ...validValues, reason: "", durationDays: "0", reviewers: "" });
    const body = (await res.json()) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe("errors");
    expect(Object.keys(body.errors).sort()).toEqual(["durationDays", "reason", "reviewers"]);
    expect(core.callsTo("submitLaunch")).toEqual([]);
  });

  it("submits the prefilled mention as that Slack user, keyed by the view id, and posts and attaches the approval card", async () => {
    const view = await openForm("<@U0TARGET|dan.target> suspicious OAuth grant");
    const res = await submit(view, validValues);
    expect(((await res.json()) as { response_action: string }).response_action).toBe("update");
    const card = await bench.slack.waitForCall("chat.postMessage", (c) => JSON.stringify(c.args.blocks).includes("sar_approve"));
    await eventually("the card was attached", () => core.callsTo("attachLaunchMessage").length === 1);
    const input = core.callsTo("submitLaunch")[0]?.[1] as SubmitLaunchInput;
    expect(input.target).toMatchObject({ kind: "chat-user", user: { platform: "slack", tenantId: "T0DEMO", userId: "U0TARGET" } });
    expect(input.values).toEqual({ target: "@dan.target", reviewers: ["erin.reviewer@example.com", "frank.reviewer@example.com"], durationDays: 7, reason: "suspicious OAuth grant", incidentRef: "INC-4711" });
    expect(input.conversation).toEqual({ platform: "slack", tenantId: "T0DEMO", conversationId: "C0INCIDENT" });
    expect(input.idempotencyKey).toContain(String(view.id));
    expect(card.args.channel).toBe("C0INCIDENT");
    expect(core.callsTo("attachLaunchMessage")[0]).toEqual([sampleLaunch().id, card.response?.ts]);
    await eventually("the modal says where the card is", () => JSON.stringify(bench.slack.views.get(String(view.id))?.blocks).includes("<#C0INCIDENT>"));
  });

  it("treats an edited target as typed text, not as the prefilled user", async () => {
    const view = await openForm("<@U0TARGET|dan.target> phished");
    await submit(view, { ...validValues, target: "sam.suspended@example.com" });
    await eventually("submit reached the core", () => core.callsTo("submitLaunch").length === 1);
    expect((core.callsTo("submitLaunch")[0]?.[1] as SubmitLaunchInput).target).toEqual({ kind: "email", email: "sam.suspended@example.com" });
    await eventually("the flow finished", () => core.callsTo("attachLaunchMessage").length === 1);
  });

  it("shows the core's field errors in the modal and keeps what was typed", async () => {
    core.overrides.submitLaunch = async (_actor, input) => ({ type: "launch-form", values: input.values, errors: { reviewers: "nobody@example.com is not an Okta user." } });
    const view = await openForm("<@U0TARGET|dan.target> phished");
    const cardsBefore = bench.slack.callsTo("chat.postMessage").length;
    await submit(view, { ...validValues, reviewers: "nobody@example.com" });
    await eventually("the modal shows the error", () => JSON.stringify(bench.slack.views.get(String(view.id))?.blocks).includes("is not an Okta user"));
    const shown = bench.slack.views.get(String(view.id)) as { callback_id: string; blocks: { block_id?: string; element?: { initial_value?: string } }[] };
    expect(shown.callback_id).toBe("sar_launch_form");
    expect(shown.blocks.find((b) => b.block_id === "reviewers")?.element?.initial_value).toBe("nobody@example.com");
    expect(bench.slack.callsTo("chat.postMessage")).toHaveLength(cardsBefore);
    expect(core.callsTo("attachLaunchMessage")).toEqual([]);
  });

  it("submits once when Slack delivers the same submission twice", async () => {
    const view = await openForm("<@U0TARGET|dan.target> phished");
    const body = interactionBody(viewSubmissionPayload(alice, view, validValues));
    const cards = () => bench.slack.callsTo("chat.postMessage").filter((c) => JSON.stringify(c.args.blocks).includes("sar_approve")).length;
    const before = cards();
    await postSigned(bench.url, body);
    await postSigned(bench.url, body, { retryNum: 1 });
    await eventually("the card was attached", () => core.callsTo("attachLaunchMessage").length === 1);
    await eventually("both deliveries were claimed", () => core.callsTo("claimInbound").filter((c) => String(c[0]).includes(":view:")).length === 2);
    expect(core.callsTo("submitLaunch")).toHaveLength(1);
    expect(cards()).toBe(before + 1);
  });

  it("withdraws the launch and says so when the card cannot be posted in the channel", async () => {
    const view = await openForm("<@U0TARGET|dan.target> phished", "C0PRIVATE");
    await submit(view, validValues);
    await eventually("the launch was withdrawn", () => core.callsTo("cancelLaunch").length === 1);
    expect(core.callsTo("cancelLaunch")[0]?.[1]).toBe(sampleLaunch().id);
    expect(core.callsTo("attachLaunchMessage")).toEqual([]);
    await eventually("the modal says why", () => JSON.stringify(bench.slack.views.get(String(view.id))?.blocks).includes("Invite me"));
  });

  it("replaces the modal with an apology when the core fails unexpectedly", async () => {
    core.overrides.submitLaunch = async () => {
      throw new Error("store unavailable");
    };
    const view = await openForm("<@U0TARGET|dan.target> phished");
    const res = await submit(view, validValues);
    expect(res.status).toBe(200);
    await eventually("the modal apologises", () => JSON.stringify(bench.slack.views.get(String(view.id))?.blocks).includes("Something went wrong"));
    expect(JSON.stringify(bench.slack.views.get(String(view.id)))).not.toContain("store unavailable");
  });

  it("refuses a submission whose private_metadata was tampered with, calling nothing", async () => {
    const view = await openForm("<@U0TARGET|dan.target> phished");
    const res = await submit({ ...view, private_metadata: '{"c":"C0INCIDENT<!channel>"}' }, validValues);
    expect(JSON.stringify(await res.json())).toContain("cannot be read");
    expect(core.callsTo("submitLaunch")).toEqual([]);
  });
});
