// The message shortcut opens the launch form at once, prefilled as `/sar`
// would read the message (the person it names, its incident key, the text as
// the reason) plus a pointer (permalink) to the message.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseSarCommand } from "../../../src/adapters/slack/command/parse-command.js";
import { prefillFromMessage, targetInMessage } from "../../../src/adapters/slack/flows/shortcut-flow.js";
import type { LaunchPrefill } from "../../../src/governance/core.js";
import { SLACK_USERS } from "../../../src/fakes/slack-web-api.js";
import { FakeCore } from "./support/fake-core.js";
import { eventually, startSlackBench, type SlackBench } from "./support/slack-bench.js";
import { interactionBody, messageShortcutPayload, postSigned } from "../../../src/fakes/slack-requests.js";

describe("message shortcut", () => {
  let core: FakeCore;
  let bench: SlackBench;

  beforeAll(async () => {
    core = new FakeCore();
    bench = await startSlackBench({ core });
  });
  afterAll(async () => {
    await bench.close();
  });
  beforeEach(() => core.reset());

  it.each([
    ["ITP alert for <@U0TARGET|dan.target>, also ping <@U0BOB>", "<@U0TARGET|dan.target>"],
    ["Impossible travel: <mailto:dan.target@example.com|dan.target@example.com>", "<mailto:dan.target@example.com|dan.target@example.com>"],
    ["risk HIGH for dan.target@example.com from 203.0.113.9", "dan.target@example.com"],
    ["nothing here <!channel>", undefined],
    ["alert from secbot, user (dan.target@example.com), then <@U0TARGET>", "<@U0TARGET>"],
    ["user: dan.target@example.com.", "dan.target@example.com"],
  ])("finds the target in %j", (text, expected) => {
    expect(targetInMessage(text)).toBe(expected);
  });

  it("opens the form, prefilled with the mentioned user and the message's permalink, threaded under the message", async () => {
    const payload = messageShortcutPayload({ user: SLACK_USERS.alice, text: "ITP risk HIGH for <@U0TARGET|dan.target> <!channel>", messageTs: "1700000500.000100" });
    const res = await postSigned(bench.url, interactionBody(payload));
    expect(res.status).toBe(200);
    const opened = await bench.slack.waitForCall("views.open", (c) => c.args.trigger_id === payload.trigger_id);
    expect(JSON.stringify(opened.args.view)).toContain("Loading");
    await eventually("the form was filled", () => core.callsTo("openLaunchForm").length === 1);
    const prefill = core.callsTo("openLaunchForm")[0]?.[1] as LaunchPrefill;
    expect(prefill.target).toBe("<@U0TARGET|dan.target>");
    expect(prefill.reason).toContain("https://demo.slack.example/archives/C0INCIDENT/p1700000500000100");
    const permalink = bench.slack.callsTo("chat.getPermalink")[0];
    expect(permalink?.args).toMatchObject({ channel: "C0INCIDENT", message_ts: "1700000500.000100" });
    const viewId = (opened.response?.view as { id: string }).id;
    const update = await bench.slack.waitForCall("views.update", (c) => c.args.view_id === viewId);
    expect(JSON.parse(String((update.args.view as { private_metadata: string }).private_metadata))).toMatchObject({ c: "C0INCIDENT", t: "1700000500.000100" });
  });

  it("still opens the form when the permalink cannot be had", async () => {
    bench.slack.failNext("chat.getPermalink", "channel_not_found");
    const payload = messageShortcutPayload({ user: SLACK_USERS.alice, text: "dan.target@example.com phished" });
    await postSigned(bench.url, interactionBody(payload));
    await eventually("the form was filled", () => core.callsTo("openLaunchForm").length === 1);
    expect(core.callsTo("openLaunchForm")[0]?.[1]).toEqual({ target: "dan.target@example.com", reason: "dan.target@example.com phished" });
  });

  // Regression (issue 18): the shortcut ignored the incident key that `/sar <@U…> phishing INC-1` reads.
  it("fills the incident reference and the reason from the message, as `/sar` reads its text, with the link", async () => {
    const text = "Phishing report: <@U0TARGET|dan.target> entered credentials, tracked as INC-4242";
    const payload = messageShortcutPayload({ user: SLACK_USERS.alice, text, messageTs: "1700000700.000100" });
    expect((await postSigned(bench.url, interactionBody(payload))).status).toBe(200);
    await eventually("the form was filled", () => core.callsTo("openLaunchForm").length === 1);
    const prefill = core.callsTo("openLaunchForm")[0]?.[1] as LaunchPrefill;
    const command = parseSarCommand(`<@U0TARGET|dan.target> ${text}`);
    expect(command).toMatchObject({ kind: "launch", incidentRef: "INC-4242" });
    expect(prefill).toEqual({
      target: "<@U0TARGET|dan.target>",
      incidentRef: command.kind === "launch" ? command.incidentRef : undefined,
      reason: `${text} (from https://demo.slack.example/archives/C0INCIDENT/p1700000700000100)`,
    });
  });

  it("keeps the link when a long message is cut to the reason's 1000 characters", () => {
    const prefill = prefillFromMessage(`<@U0TARGET> INC-7 ${"x".repeat(5000)}`, "https://demo.slack.example/archives/C0INCIDENT/p1");
    expect([...(prefill.reason ?? "")]).toHaveLength(1000);
    expect(prefill.reason).toMatch(/… \(from https:\/\/demo\.slack\.example\/archives\/C0INCIDENT\/p1\)$/);
    expect(prefill.incidentRef).toBe("INC-7");
  });
});
