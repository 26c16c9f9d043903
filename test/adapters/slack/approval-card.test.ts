// Approve and Deny on the card: the core decides, refusals reach only the
// clicker, a redelivered click counts once, and the notifier redraws the card
// and threads the outcome under it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DecideLaunchInput } from "../../../src/governance/core.js";
import { SLACK_USERS } from "../../../src/fakes/slack-web-api.js";
import { FakeCore, sampleLaunch } from "./support/fake-core.js";
import { eventually, startSlackBench, type SlackBench } from "./support/slack-bench.js";
import { blockActionPayload, interactionBody, nextTriggerId, postSigned, slashCommandBody, viewSubmissionPayload } from "../../../src/fakes/slack-requests.js";

const launch = sampleLaunch();

describe("approval card", () => {
  let core: FakeCore;
  let bench: SlackBench;
  let cardTs: string;

  beforeAll(async () => {
    core = new FakeCore();
    bench = await startSlackBench({ core });
    // The card as the launch flow posts it (the fake core's submit answers with `launch`), so
    // updates and thread replies have a real message.
    const triggerId = nextTriggerId();
    await postSigned(bench.url, slashCommandBody({ user: SLACK_USERS.alice, text: "<@U0TARGET|dan.target> phished", triggerId }));
    const opened = await bench.slack.waitForCall("views.open", (c) => c.args.trigger_id === triggerId);
    const viewId = (opened.response?.view as { id: string }).id;
    await bench.slack.waitForCall("views.update", (c) => c.args.view_id === viewId);
    const form = { target: "@dan.target", reviewers: "erin.reviewer@example.com", durationDays: "7", reason: "phished" };
    await postSigned(bench.url, interactionBody(viewSubmissionPayload(SLACK_USERS.alice, bench.slack.views.get(viewId) as Record<string, unknown>, form)));
    const posted = await bench.slack.waitForCall("chat.postMessage", (c) => JSON.stringify(c.args.blocks).includes("sar_approve"));
    cardTs = String(posted.response?.ts);
    await eventually("the card was attached", () => core.callsTo("attachLaunchMessage").length === 1);
  });
  afterAll(async () => {
    await bench.close();
  });
  beforeEach(() => core.reset());

  const click = (user: { id: string; name: string }, actionId: string, actionTs?: string) =>
    interactionBody(blockActionPayload({ user, actionId, value: launch.id, messageTs: cardTs, ...(actionTs !== undefined && { actionTs }) }));

  it("records an approval by the clicker and confirms it to them privately", async () => {
    const res = await postSigned(bench.url, click(SLACK_USERS.bob, "sar_approve"));
    expect(res.status).toBe(200);
    const note = await bench.slack.waitForCall("chat.postEphemeral", (c) => c.args.user === "U0BOB" && String(c.args.text).includes("You approved"));
    const [actor, input] = core.callsTo("decideLaunch")[0] ?? [];
    expect(actor).toMatchObject({ platform: "slack", tenantId: "T0DEMO", userId: "U0BOB" });
    expect(input).toMatchObject({ launchId: launch.id, decision: "approve" });
    expect(note.args.channel).toBe("C0INCIDENT");
  });

  it("tells an ineligible clicker privately which role is missing, and nobody else", async () => {
    core.overrides.decideLaunch = async () => ({ type: "error", code: "not_allowed", message: "You need the approver role to approve launches." });
    await postSigned(bench.url, click(SLACK_USERS.dan, "sar_approve"));
    const note = await bench.slack.waitForCall("chat.postEphemeral", (c) => String(c.args.text).includes("approver role"));
    expect(note.args.user).toBe("U0TARGET");
    expect(bench.slack.callsTo("chat.postMessage").filter((c) => String(c.args.text).includes("approver role"))).toEqual([]);
  });

  it("decides once when Slack delivers the same click twice", async () => {
    const body = click(SLACK_USERS.carol, "sar_approve", "1700009999.000001");
    await postSigned(bench.url, body);
    await postSigned(bench.url, body, { retryNum: 1 });
    await eventually("both deliveries were claimed", () => core.callsTo("claimInbound").length === 2);
    await bench.slack.waitForCall("chat.postEphemeral", (c) => c.args.user === "U0CAROL");
    expect(core.callsTo("decideLaunch")).toHaveLength(1);
  });

  it("asks a denier for a reason in a modal, then denies with it", async () => {
    await postSigned(bench.url, click(SLACK_USERS.bob, "sar_deny"));
    const opened = await bench.slack.waitForCall("views.open", (c) => (c.args.view as { callback_id?: string }).callback_id === "sar_deny_form");
    expect(core.callsTo("decideLaunch")).toEqual([]);
    const view = bench.slack.views.get(String((opened.response?.view as { id: string }).id)) as Record<string, unknown>;

    const empty = await postSigned(bench.url, interactionBody(viewSubmissionPayload(SLACK_USERS.bob, view, { reason: "   " })));
    expect(((await empty.json()) as { response_action: string }).response_action).toBe("errors");
    expect(core.callsTo("decideLaunch")).toEqual([]);

    await postSigned(bench.url, interactionBody(viewSubmissionPayload(SLACK_USERS.bob, view, { reason: 'not an incident <!channel> "fp"' })));
    await eventually("the deny reached the core", () => core.callsTo("decideLaunch").length === 1);
    expect(core.callsTo("decideLaunch")[0]?.[1] as DecideLaunchInput).toMatchObject({ launchId: launch.id, decision: "deny", reason: 'not an incident <!channel> "fp"' });
    await eventually("the modal confirms", () => JSON.stringify(bench.slack.views.get(String(view.id))?.blocks).includes("You denied"));
  });

  it("redraws the card for everyone on launch-updated, without buttons once decided", async () => {
    const denied = sampleLaunch({
      state: "DENIED",
      approvalMessageId: cardTs,
      approval: {
        ...launch.approval,
        decisions: [{ approver: { oktaUserId: "00udemobob0000000000", login: "bob.lead@example.com", platform: "slack", chatUserId: "U0BOB" }, decision: "deny", reason: "<!channel> false positive", at: new Date() }],
      },
    });
    const before = bench.slack.messages.get(cardTs)?.updates ?? 0;
    await bench.adapter.notifier.notify(denied.conversation, { type: "launch-updated", launch: denied });
    const card = bench.slack.messages.get(cardTs);
    expect(card?.updates).toBe(before + 1);
    const json = JSON.stringify(card?.blocks);
    expect(json).toContain("denied");
    expect(json).toContain("<@U0BOB>");
    expect(json).toContain("&lt;!channel&gt; false positive");
    expect(json).not.toContain("sar_approve");
  });

  it("threads the launched review's id and link under the card", async () => {
    const launched = sampleLaunch({ state: "LAUNCHED", approvalMessageId: cardTs, sarId: "sar00000000000000001", sarStatus: "PENDING" });
    const sar = { id: "sar00000000000000001", name: launched.sarName, status: "PENDING", endTime: "2030-01-08T00:00:00Z", url: "https://acme.okta.com/admin/governance/sar/1" };
    await bench.adapter.notifier.notify(launched.conversation, { type: "launch-succeeded", launch: launched, sar });
    const reply = await bench.slack.waitForCall("chat.postMessage", (c) => String(c.args.text).includes("sar00000000000000001"));
    expect(reply.args.thread_ts).toBe(cardTs);
    expect(JSON.stringify(reply.args.blocks)).toContain("https://acme.okta.com/admin/governance/sar/1");
  });

  it("explains a failed launch with its hint in the thread", async () => {
    const failed = sampleLaunch({ state: "FAILED", approvalMessageId: cardTs });
    await bench.adapter.notifier.notify(failed.conversation, {
      type: "launch-failed",
      launch: failed,
      code: "okta_forbidden",
      message: "Okta refused the bot's service app this action.",
      hint: "Grant okta.governance.accessReviews.manage to the bot's service app.",
    });
    const reply = await bench.slack.waitForCall("chat.postMessage", (c) => String(c.args.text).includes("could not be created"));
    expect(reply.args.thread_ts).toBe(cardTs);
    expect(JSON.stringify(reply.args.blocks)).toContain("okta.governance.accessReviews.manage");
  });

  it("posts a watched status change into the watch's thread", async () => {
    await bench.adapter.notifier.notify(
      { platform: "slack", tenantId: "T0DEMO", conversationId: "C0INCIDENT", threadId: cardTs },
      { type: "sar-status-changed", sar: { id: "sar00000000000000001", name: "SAR dan", status: "ACTIVE", endTime: "2030-01-08T00:00:00Z", stats: { accessItems: 12 } }, previousStatus: "PENDING" },
    );
    const reply = await bench.slack.waitForCall("chat.postMessage", (c) => String(c.args.text).includes("ACTIVE"));
    expect(reply.args.thread_ts).toBe(cardTs);
    expect(JSON.stringify(reply.args.blocks)).toContain("Access items: *12*");
  });

  it("redraws nothing for a launch whose card was never posted", async () => {
    const calls = bench.slack.calls.length;
    await bench.adapter.notifier.notify(launch.conversation, { type: "launch-updated", launch: sampleLaunch({ state: "CANCELED", approvalMessageId: null }) });
    expect(bench.slack.calls.length).toBe(calls);
  });

  it("says a delay in one sentence per full stop, even when the reason ends with one", async () => {
    await bench.adapter.notifier.notify(launch.conversation, {
      type: "launch-delayed",
      launch: { ...launch, approvalMessageId: cardTs },
      reason: "Okta is not answering right now; the review will be created as soon as it is back.",
    });
    const posted = bench.slack.callsTo("chat.postMessage").at(-1);
    expect(String(posted?.args.text)).toContain("as soon as it is back. It is kept and retried.");
    expect(String(posted?.args.text)).not.toContain("..");
  });

  it("throws when Slack refuses a post, so the core's job retries it", async () => {
    bench.slack.failNext("chat.postMessage", "ratelimited_forever");
    await expect(
      bench.adapter.notifier.notify(launch.conversation, { type: "launch-delayed", launch: { ...launch, approvalMessageId: cardTs }, reason: "Okta is not answering" }),
    ).rejects.toThrow(/ratelimited_forever/);
  });
});
