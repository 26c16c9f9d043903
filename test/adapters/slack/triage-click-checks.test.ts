// A triage button that acts asks the core first (`triageMayAct`) whether the
// clicker may act and whether the clicked card shows the button's review:
// a refusal goes to the clicker alone, and no form opens and nothing runs.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ConversationKey } from "../../../src/governance/actor.js";
import type { TriageMayActInput } from "../../../src/governance/triage/types.js";
import { SLACK_USERS } from "../../../src/fakes/slack-web-api.js";
import { blockActionPayload, interactionBody, postSigned } from "../../../src/fakes/slack-requests.js";
import { encodeTriageValue } from "../../../src/adapters/slack/render/render-triage.js";
import { FakeCore } from "./support/fake-core.js";
import { eventually, startSlackBench, type SlackBench } from "./support/slack-bench.js";
import { sampleTriageView } from "../../support/triage-views.js";

const SAR = "sar00000000000000001";
const ITEM = "aim0000000000000001";
const { alice } = SLACK_USERS;
const conversation = (threadId?: string): ConversationKey => ({ platform: "slack", tenantId: "T0DEMO", conversationId: "C0INCIDENT", ...(threadId !== undefined && { threadId }) });
const NOT_ALLOWED = "You need the approver role to revoke, restore or flag access items of security access reviews.";

describe("Slack triage buttons check before acting", () => {
  let core: FakeCore;
  let bench: SlackBench;
  let threadTs: string;
  let cardTs: string;

  beforeAll(async () => {
    core = new FakeCore();
    bench = await startSlackBench({ core });
    await bench.adapter.notifier.notify(conversation(), { type: "sar-status-changed", sar: { id: SAR, name: "SAR dan", status: "ACTIVE", endTime: "2031-01-08T09:00:00.000Z" }, previousStatus: "PENDING" });
    threadTs = String((await bench.slack.waitForCall("chat.postMessage")).response?.ts);
    await bench.adapter.notifier.notify(conversation(threadTs), { type: "triage-card", triage: sampleTriageView() });
    cardTs = String((await bench.slack.waitForCall("chat.postMessage", (c) => c.args.thread_ts === threadTs)).response?.ts);
  }, 60_000);
  afterAll(async () => {
    await bench.close();
  });
  beforeEach(() => {
    core.reset();
    core.overrides.triageMayAct = async () => ({ type: "error", code: "not_allowed", message: NOT_ALLOWED });
  });

  const click = (actionId: string, value: string) =>
    postSigned(bench.url, interactionBody(blockActionPayload({ user: alice, actionId, value, messageTs: cardTs, threadTs })));
  const notes = () => bench.slack.callsTo("chat.postEphemeral").filter((c) => c.args.user === alice.id && String(c.args.text).includes("approver role"));

  it.each([
    ["sar_triage_revoke", encodeTriageValue({ sarId: SAR, accessId: ITEM, action: "REVOKE_ACCESS", itemName: "AWS Console" }), "item"],
    ["sar_triage_flag", encodeTriageValue({ sarId: SAR, accessId: ITEM, action: "FLAG_FOR_MANUAL_REMEDIATION" }), "item"],
    ["sar_triage_close", encodeTriageValue({ sarId: SAR }), "review"],
    ["sar_triage_comment", encodeTriageValue({ sarId: SAR }), "update"],
  ] as const)("%s: asks with the card's ts, tells the clicker alone, opens no form and runs nothing", async (actionId, value, kind) => {
    const before = notes().length;
    const opens = bench.slack.callsTo("views.open").length;
    expect((await click(actionId, value)).status).toBe(200);
    await eventually("the clicker is told privately", () => notes().length > before);
    expect(core.callsTo("triageMayAct")).toHaveLength(1);
    const [, input] = core.callsTo("triageMayAct")[0] as [unknown, TriageMayActInput];
    expect(input).toEqual({ sarId: SAR, kind, cardMessageId: cardTs });
    expect(bench.slack.callsTo("views.open")).toHaveLength(opens);
    expect(core.callsTo("triageItemAction")).toHaveLength(0);
    expect(bench.slack.messages.get(cardTs)?.updates ?? 0).toBe(0);
  });

  it("opens the confirmation when the core lets the clicker act", async () => {
    core.overrides.triageMayAct = async () => null;
    const opens = bench.slack.callsTo("views.open").length;
    await click("sar_triage_revoke", encodeTriageValue({ sarId: SAR, accessId: ITEM, action: "REVOKE_ACCESS", itemName: "AWS Console" }));
    await eventually("the confirmation opens", () => bench.slack.callsTo("views.open").length > opens);
    expect((bench.slack.callsTo("views.open").at(-1)?.args.view as { callback_id?: string }).callback_id).toBe("sar_triage_revoke_form");
  });
});
