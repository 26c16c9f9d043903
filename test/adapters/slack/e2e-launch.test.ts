// From `/sar @dan reason` to a security access review in (sandbox) Okta:
// the real core, policy and store behind the real Slack adapter, driven the
// way responders and approvers use Slack.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../support/core-harness.js";
import { SLACK_USERS, type SlackApiCall } from "../../../src/fakes/slack-web-api.js";
import { createE2eBench, type E2eBench } from "./support/e2e-bench.js";
import { eventually } from "./support/slack-bench.js";

const { alice, bob, dan } = SLACK_USERS;
const form = { target: "@dan.target", reviewers: "erin.reviewer@example.com, frank.reviewer@example.com", durationDays: "7", reason: "suspicious OAuth grant", incidentRef: "INC-4711" };

describe("Slack launch end to end", () => {
  let e: E2eBench;

  beforeAll(async () => {
    e = await createE2eBench({ sarActivationDelayMs: 60_000 });
  });
  afterAll(async () => {
    await e?.close();
  });

  /** The launch id the card's Approve button carries. */
  const launchIdOn = (card: SlackApiCall): string =>
    String((card.args.blocks as { elements?: { action_id: string; value: string }[] }[]).flatMap((b) => b.elements ?? []).find((el) => el.action_id === "sar_approve")?.value);

  /** Opens the form for dan and submits it; returns the approval card's ts and the launch id on its buttons. */
  async function requestApproval(reason = form.reason): Promise<{ ts: string; launchId: string }> {
    const view = await e.openForm(alice, `<@U0TARGET|dan.target> ${reason}`);
    const res = await e.submit(alice, view, { ...form, reason });
    expect(((await res.json()) as { response_action: string }).response_action).toBe("update");
    const card = await e.slack.slack.waitForCall("chat.postMessage", (c) => JSON.stringify(c.args.blocks).includes("sar_approve") && JSON.stringify(c.args.blocks).includes(reason.slice(0, 20)));
    return { ts: String(card.response?.ts), launchId: launchIdOn(card) };
  }

  it("launches exactly one review of dan by the chosen reviewers after bob approves, and threads its id and status changes", async () => {
    const view = await e.openForm(alice, "<@U0TARGET|dan.target> suspicious OAuth grant INC-4711");
    const shown = (view.blocks as { block_id?: string; element?: { initial_value?: string } }[]).filter((b) => b.block_id);
    expect(Object.fromEntries(shown.map((b) => [b.block_id, b.element?.initial_value]))).toMatchObject({
      target: "@dan.target",
      reviewers: DEMO_USERS.erin.login,
      durationDays: "7",
      reason: "suspicious OAuth grant INC-4711",
      incidentRef: "INC-4711",
    });

    await e.submit(alice, view, form);
    const card = await e.slack.slack.waitForCall("chat.postMessage", (c) => JSON.stringify(c.args.blocks).includes("sar_approve"));
    const cardTs = String(card.response?.ts);
    await eventually("the modal says where the card is", () => JSON.stringify(e.view(view.id).blocks).includes("Approval requested"));
    await e.click(bob, "sar_approve", launchIdOn(card), cardTs);
    const launched = await e.slack.slack.waitForCall("chat.postMessage", (c) => c.args.thread_ts === cardTs && String(c.args.text).includes("created for"));

    const sars = e.h.sandbox.org.listSars().filter((s) => s.principalId === DEMO_USERS.dan.id);
    expect(sars).toHaveLength(1);
    const sar = sars[0]!;
    expect([...sar.reviewerIds].sort()).toEqual([DEMO_USERS.erin.id, DEMO_USERS.frank.id].sort());
    expect(sar.name).toContain("INC-4711");
    expect(launched.args.text).toContain(sar.id);
    await eventually("the card shows the launch", () => (e.slack.slack.messages.get(cardTs)?.updates ?? 0) >= 1 && !JSON.stringify(e.slack.slack.messages.get(cardTs)?.blocks).includes("sar_approve"));

    e.h.clock.advance(61_000);
    await e.core.watches.pollOnce();
    const change = await e.slack.slack.waitForCall("chat.postMessage", (c) => c.args.thread_ts === cardTs && String(c.args.text).includes("ACTIVE"));
    expect(change.args.text).toContain(sar.id);
  });

  it("launches once when bob double-clicks Approve", async () => {
    const { ts, launchId } = await requestApproval("double click INC-5");
    await Promise.all([e.click(bob, "sar_approve", launchId, ts), e.click(bob, "sar_approve", launchId, ts)]);
    await e.slack.slack.waitForCall("chat.postMessage", (c) => c.args.thread_ts === ts && String(c.args.text).includes("created for"));
    const launch = await e.h.store.getLaunch(launchId as never);
    expect(launch?.state).toBe("LAUNCHED");
    expect(e.h.sandbox.org.listSars().filter((s) => s.name.includes(launch?.reference ?? "?"))).toHaveLength(1);
    expect(await e.h.store.listDecisions(launchId as never)).toHaveLength(1);
  });

  it("denies with the approver's reason shown escaped on the card, and creates no review", async () => {
    const before = e.h.sandbox.org.listSars().length;
    const { ts, launchId } = await requestApproval("token theft suspected");
    await e.click(bob, "sar_deny", launchId, ts);
    const opened = await e.slack.slack.waitForCall("views.open", (c) => (c.args.view as { callback_id?: string }).callback_id === "sar_deny_form");
    const view = e.view((opened.response?.view as { id: string }).id);
    await e.submit(bob, view, { reason: 'false positive <!channel> "vpn"' });
    await eventually("the card shows the denial", () => JSON.stringify(e.slack.slack.messages.get(ts)?.blocks).includes("false positive &lt;!channel&gt;"));
    expect(JSON.stringify(e.slack.slack.messages.get(ts)?.blocks)).not.toContain("sar_approve");
    expect(e.h.sandbox.org.listSars()).toHaveLength(before);
  });

  it("tells the requester privately that she cannot approve her own launch, and leaves it waiting", async () => {
    const { ts, launchId } = await requestApproval("self approval attempt");
    await e.click(alice, "sar_approve", launchId, ts);
    const note = await e.slack.slack.waitForCall("chat.postEphemeral", (c) => c.args.user === alice.id && String(c.args.text).includes("someone else has to approve"));
    expect(note.args.channel).toBe("C0INCIDENT");
    expect(JSON.stringify(e.slack.slack.messages.get(ts)?.blocks)).toContain("sar_approve");
  });

  it("shows dan, who holds no responder role, why he cannot launch", async () => {
    const view = await e.openForm(dan, "<@U0ALICE|alice> revenge");
    expect(JSON.stringify(view.blocks)).toMatch(/responder/);
    expect(view.callback_id).not.toBe("sar_launch_form");
  });

  it("tells a Slack user with no Okta account that they could not be matched", async () => {
    const view = await e.openForm(SLACK_USERS.stranger, "<@U0TARGET|dan.target> test");
    expect(view.callback_id).not.toBe("sar_launch_form");
    expect(JSON.stringify(view.blocks)).toMatch(/Okta/);
  });

  it("shows an unknown target under the target field and launches nothing", async () => {
    const before = e.h.sandbox.org.listSars().length;
    const view = await e.openForm(alice, "<@U0NOBODY|nobody> test");
    await e.submit(alice, view, { ...form, target: "@nobody" });
    // The error sits right under the target field.
    const underTarget = () => {
      const blocks = e.view(view.id).blocks as { block_id?: string; type: string }[];
      return JSON.stringify(blocks[blocks.findIndex((b) => b.block_id === "target") + 1] ?? {});
    };
    await eventually("the modal shows the target error", () => underTarget().includes("⚠️"));
    expect(e.view(view.id).callback_id).toBe("sar_launch_form");
    expect(e.h.sandbox.org.listSars()).toHaveLength(before);
  });

  it("creates one launch when Slack retries the command and the submission", async () => {
    const triggerId = "retry.e2e.trigger";
    await e.command(alice, "<@U0TARGET|dan.target> retried INC-9", { triggerId });
    await e.command(alice, "<@U0TARGET|dan.target> retried INC-9", { triggerId, retryNum: 1 });
    const opened = await e.slack.slack.waitForCall("views.open", (c) => c.args.trigger_id === triggerId);
    const id = (opened.response?.view as { id: string }).id;
    await e.slack.slack.waitForCall("views.update", (c) => c.args.view_id === id);
    const view = e.view(id);
    await e.submit(alice, view, { ...form, reason: "retried INC-9" });
    await e.submit(alice, view, { ...form, reason: "retried INC-9" });
    await eventually("the card was posted", () => e.slack.slack.callsTo("chat.postMessage").some((c) => JSON.stringify(c.args.blocks).includes("retried INC-9")));
    await eventually("the modal was settled", () => JSON.stringify(e.view(id).blocks).includes("Approval requested"));
    expect(e.slack.slack.callsTo("views.open").filter((c) => c.args.trigger_id === triggerId)).toHaveLength(1);
    const cards = e.slack.slack.callsTo("chat.postMessage").filter((c) => JSON.stringify(c.args.blocks).includes("retried INC-9"));
    expect(cards).toHaveLength(1);
    const rows = await e.h.executor.query<{ n: string }>("select count(*)::text as n from launches where reason = $1", ["retried INC-9"]);
    expect(rows.rows[0]?.n).toBe("1");
  });
});
